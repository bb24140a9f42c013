"""`steward init` shows each area's fee schedule in yuan, to check before the bot
runs: amount_fen is in fen, and merge-street cannot change the fees later."""

from __future__ import annotations

from conftest import SMALL_STREET
from typer.testing import CliRunner

from steward_cli import app


def test_init_shows_each_areas_fees_in_yuan_so_a_fen_slip_is_seen(tmp_path):
    """Before: init said '东小区 … 3 households; balance ¥0.00' and nothing of the fees,
    so an office that wrote amount_fen: 120 for a ¥120 year learnt it only when the
    bot offered residents ¥1.20 as the usual amount, too late to merge a correction."""
    street = tmp_path / "street.yaml"
    street.write_text(SMALL_STREET.replace(
        "compounds: [c1]}",
        "compounds: [c1], fees: [{type: sanitation, per: household, amount_fen: 120, "
        "period: year}, {type: parking, per: area}]}"), encoding="utf-8")
    result = CliRunner().invoke(app, ["init", "--config", str(street), "--data",
                                      str(tmp_path / "data"), "--project",
                                      str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "  东小区 收费 / fees: 卫生费 每户 ¥1.20/年；停车费 整个区域" in result.output
    assert "西小区 收费 / fees: 没有写收费项目" in result.output
    assert "amount_fen 以分为单位（12000 是 ¥120.00）" in result.output


def test_init_says_what_it_made_in_chinese_first(tmp_path, street_config):
    """Before: '测试市测试街道: 2 communities, 2 compounds, 2 management areas' and '东小区 …
    3 households; balance ¥0.00', English alone among init's Chinese-first lines."""
    street = tmp_path / "street.yaml"
    street.write_text(SMALL_STREET, encoding="utf-8")
    result = CliRunner().invoke(app, ["init", "--config", str(street), "--data",
                                      str(tmp_path / "data"), "--project",
                                      str(tmp_path / "site")])
    assert result.output.startswith("测试市测试街道：2 个社区，2 个小区，2 个管理区域 / "
                                    "2 communities, 2 compounds, 2 management areas\n"), \
        result.output
    assert "  东小区 [物管会] 东小区物管会：东小区；3 户，余额 ¥0.00 / 3 households, " \
           "balance ¥0.00\n" in result.output


def test_a_relative_data_folder_not_there_is_named_as_it_resolved(tmp_path, monkeypatch):
    """Before: `steward key show` as the README's step 6 writes it (no --data), run from
    the site project folder, said 'data 还没有签名密钥（steward init 会生成一把…）', which
    sends an office to run init again; and the other commands' 'data：这里没有数据目录'
    left it looking for a folder 'data' somewhere. Now: no data folder, the one it looked
    in named from the current folder."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["key", "show"], env={"STEWARD_DATA": ""})
    assert result.exit_code != 0
    assert f"data（即 {tmp_path / 'data'}，从当前目录算起）：这里没有数据目录" in result.output, \
        result.output
