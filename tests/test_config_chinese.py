"""A street file a street office wrote on a Chinese keyboard: what it gets wrong
(an id in Chinese, 1号楼 for a building, a full-width colon, a Tab) is said in
Chinese as well as English, with what to write instead."""

from __future__ import annotations

import pytest
from test_config import edit

from db.config import parse_street
from db.errors import ConfigError


@pytest.mark.parametrize("old, new, zh", [
    ("      - id: k\n", "      - id: 和平\n", "小区 id '和平' 无效：只能用小写英文字母"),
    ('          - id: "1"\n            units:', "          - id: 1号楼\n            units:",
     "楼栋 id '1号楼' 无效：只能用英文字母"),
    ("areas: [a]}", "areas: [区域]}", "管理区域 id '区域' 无效：只能用小写英文字母"),
])
def test_an_id_written_in_chinese_is_refused_saying_why_in_chinese(old, new, zh):
    """Before: '小区 id 无效' was 'compound id 无效', and what an id may hold only in the
    English half: an office writing 和平 or 1号楼 learnt nothing in Chinese."""
    with pytest.raises(ConfigError) as err:
        parse_street(edit(old, new))
    assert err.value.problem.startswith(zh), err.value.problem
    assert "中文名称写在 name: 里" in err.value.problem


@pytest.mark.parametrize("old, new, zh", [
    ("    name: 社区\n", "    name：社区\n", "第 5 行用了中文冒号“：”"),
    ("    compounds:\n", "\tcompounds:\n", "缩进不能用 Tab 键，请用空格"),
])
def test_a_chinese_colon_or_a_tab_is_named_in_the_syntax_error(old, new, zh):
    """Before: 'YAML 语法错误 / YAML syntax error: while scanning a simple key could not find
    expected ':'', and nothing said the colon typed was a Chinese keyboard's."""
    with pytest.raises(ConfigError) as err:
        parse_street(edit(old, new))
    assert zh in err.value.problem, err.value.problem
