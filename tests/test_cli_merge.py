"""``steward merge-street``: a corrected street file merged into a data folder
in use, each change listed and confirmed one by one before it is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from db.repository import Repository
from steward_cli import DEMO_CONFIG, app

runner = CliRunner()
UNKNOWN = '{id: "3", floors: 6, rooms_per_floor: 2}   # mostly tenants: areas unknown'
KNOWN = '{id: "3", floors: 6, rooms_per_floor: 2, area_m2: 81.2}'


@pytest.fixture()
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    result = runner.invoke(app, ["init", "--config", str(DEMO_CONFIG), "--data", str(folder),
                                 "--project", str(tmp_path / "project")])
    assert result.exit_code == 0, result.output
    return folder


def corrected(tmp_path: Path, text: str | None = None) -> Path:
    source = DEMO_CONFIG.read_text(encoding="utf-8")
    assert UNKNOWN in source
    path = tmp_path / "street.yaml"
    path.write_text(text if text is not None else source.replace(UNKNOWN, KNOWN),
                    encoding="utf-8")
    return path


def area_of(data: Path, household: str) -> float | None:
    repo = Repository.open(data)
    try:
        return repo.street.locate(household)[4].floor_area_m2
    finally:
        repo.close()


def test_each_change_is_listed_and_only_the_confirmed_ones_are_written(data, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr("cli.data._interactive", lambda: True)
    answers = "y\n" + "n\n" * 11  # the first of 12 rooms of 城建小区 1号楼 3单元
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path)), "--data", str(data)],
                           input=answers)
    assert result.exit_code == 0, result.output
    assert "12 changes:" in result.output
    assert "1. chengjian/1/3/101 的面积：未登记 → 81.2 m²" in result.output
    assert "Written: 1 of 12 changes" in result.output
    assert area_of(data, "chengjian/1/3/101") == 81.2
    assert area_of(data, "chengjian/1/3/102") is None


def test_yes_writes_all_and_a_second_merge_finds_nothing(data, tmp_path):
    path = corrected(tmp_path)
    result = runner.invoke(app, ["merge-street", str(path), "--data", str(data), "--yes"])
    assert "Written: 12 of 12 changes" in result.output
    again = runner.invoke(app, ["merge-street", str(path), "--data", str(data), "--yes"])
    assert again.exit_code == 0 and "Nothing to merge" in again.output


def test_a_file_that_changes_what_may_not_be_merged_is_refused_with_each_reason(data,
                                                                                 tmp_path):
    room = '                  - {room: "202"}\n'  # a household listed by itself
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace(room, "", 1)
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path, text)), "--data",
                                 str(data), "--yes"])
    assert result.exit_code == 1
    assert "cannot be merged" in result.output and "is missing" in result.output


def test_a_files_other_mode_is_noted_and_not_merged(data, tmp_path):
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("mode: trusteeship",
                                                           "mode: committee")
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path, text)), "--data",
                                 str(data), "--yes"])
    assert result.exit_code == 0, result.output
    assert "the file says 物管会, the data folder 社区托管; not merged" in result.output
    assert "Nothing to merge" in result.output


def test_without_a_terminal_it_asks_for_yes_and_writes_nothing(data, tmp_path):
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path)), "--data", str(data)])
    assert result.exit_code == 1 and "--yes" in result.output
    assert area_of(data, "chengjian/1/3/101") is None


NEW_COMMUNITY = '''
  - id: fuxi
    name: 府西社区
    compounds:
      - id: gongxiao
        name: 供销小区
        buildings:
          - id: "1"
            units:
              - {id: "1", floors: 5, rooms_per_floor: 2, area_m2: 72.0}
'''
NEW_AREA = '''
  - id: gongxiao
    name: 供销小区
    mode: trusteeship
    steward: 府西社区党委
    compounds: [gongxiao]
'''


def test_a_compound_that_joins_later_is_merged_as_a_new_area_with_its_volunteer(data,
                                                                                tmp_path):
    source = DEMO_CONFIG.read_text(encoding="utf-8")
    text = source.replace("\nareas:\n", NEW_COMMUNITY + "\nareas:\n", 1).replace(
        "\nvolunteers:\n", NEW_AREA + "\nvolunteers:\n", 1) + \
        "  - {telegram_id: 900501, name: 钱志强, title: 网格员, areas: [gongxiao]}\n"
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path, text)), "--data",
                                 str(data), "--yes"])
    assert result.exit_code == 0, result.output
    assert "1. 新增管理区域 gongxiao（供销小区）：小区 供销小区，共 10 户" in result.output
    assert "Written: 1 of 1 changes" in result.output
    repo = Repository.open(data)
    try:
        area = repo.street.area("gongxiao")
        assert area.steward == "府西社区党委" and area.compounds == ("gongxiao",)
        assert len(repo.street.area_households("gongxiao")) == 10
        volunteer = repo.person_by_telegram(900501)
        assert [(r["role"], r["area"]) for r in volunteer["roles"]] == [("volunteer", "gongxiao")]
        assert [h["mode"] for h in repo.mode_history("gongxiao")] == ["trusteeship"]
        assert len(repo.street.areas) == 5  # the four areas before are kept as they were
    finally:
        repo.close()
    again = runner.invoke(app, ["merge-street", str(tmp_path / "street.yaml"), "--data",
                                str(data), "--yes"])
    assert again.exit_code == 0 and "Nothing to merge" in again.output


def test_a_new_compound_put_into_an_area_that_exists_is_refused(data, tmp_path):
    source = DEMO_CONFIG.read_text(encoding="utf-8")
    text = source.replace("\nareas:\n", NEW_COMMUNITY + "\nareas:\n", 1).replace(
        "compounds: [chengjian]", "compounds: [chengjian, gongxiao]")
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path, text)), "--data",
                                 str(data), "--yes"])
    assert result.exit_code == 1
    assert "area chengjian: its name, compounds or fees differ" in result.output


def test_a_street_file_merges_after_an_areas_steward_changed_with_mode(data, tmp_path):
    """城建小区 elected its committee and the admin recorded it with /mode (steward 城建小区
    物管会); months later he added the floor areas to the street file he set up with, as
    the README says, and merge-street refused it: "area chengjian: its name, steward,
    compounds or fees differ" (the steward in the file is the one the street was set up
    with, as its mode is). Now the steward, like the mode, is noted and not merged."""
    repo = Repository.open(data)
    try:
        admin = repo.person_by_telegram(900001)["id"]
        repo.change_mode(admin, "chengjian", "committee", reason="业主选举产生物管会",
                         steward="城建小区物管会")
    finally:
        repo.close()
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path)), "--data", str(data),
                                 "--yes"])
    assert result.exit_code == 0, result.output
    assert "Written: 12 of 12 changes" in result.output
    assert "城建小区物管会" in result.output and "not merged" in result.output
    assert area_of(data, "chengjian/1/3/101") == 81.2
    repo = Repository.open(data)
    try:
        assert repo.street.area("chengjian").steward == "城建小区物管会"
    finally:
        repo.close()


def test_a_new_site_url_and_bot_username_are_merged_and_the_build_is_asked_for(data,
                                                                               tmp_path):
    """The README says to set site_url in the street file to the site's final address; a
    street that learns it after init merged the file and read "Nothing to merge", and its
    QR codes, feed and the bot's links kept the old address."""
    source = DEMO_CONFIG.read_text(encoding="utf-8")
    text = (source.replace("site_url: http://127.0.0.1:8000/",
                           "site_url: https://ledger.example.org/")
            .replace("bot_username: xinyi_steward_bot", "bot_username: xinyi_real_bot"))
    assert text != source
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path, text)),
                                 "--data", str(data), "--yes"])
    assert result.exit_code == 0, result.output
    assert "2 changes:" in result.output
    assert ("公开网站的地址（site_url）：http://127.0.0.1:8000/ → https://ledger.example.org/"
            in result.output)
    assert "机器人的用户名（bot_username）：xinyi_steward_bot → xinyi_real_bot" in result.output
    assert f"steward build --data {data}" in result.output
    repo = Repository.open(data)
    try:
        assert repo.street.site_url == "https://ledger.example.org/"
        assert repo.street.bot_username == "xinyi_real_bot"
    finally:
        repo.close()


def test_a_refused_merge_says_each_reason_in_chinese_first(data, tmp_path):
    """An office worker merging a street file read 'cannot be merged: household … is
    missing (households are never removed)', 'Run this in a terminal to confirm each
    change, or pass --yes.', 'Nothing to merge', 'Written: …' in English only."""
    room = '                  - {room: "202"}\n'
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace(room, "", 1)
    refused = runner.invoke(app, ["merge-street", str(corrected(tmp_path, text)), "--data",
                                  str(data), "--yes"])
    assert refused.exit_code == 1
    lines = refused.output.splitlines()
    assert lines[0].startswith("steward: ") and "这个街道文件不能合并" in lines[0], lines
    assert all(line.strip().startswith("文件里少了住户 ") for line in lines[1:]), lines
    assert "households are never removed" in refused.output
    no_yes = runner.invoke(app, ["merge-street", str(corrected(tmp_path)), "--data", str(data)])
    assert no_yes.output.startswith("steward: 请在终端里运行，逐条确认每个改动"), no_yes.output
    done = runner.invoke(app, ["merge-street", str(corrected(tmp_path)), "--data", str(data),
                               "--yes"])
    assert "已写入 12 处改动中的 12 处" in done.output
    assert f"请在启动机器人之前运行 steward build --data {data}" in done.output
    again = runner.invoke(app, ["merge-street", str(corrected(tmp_path)), "--data", str(data),
                                "--yes"])
    assert again.output.startswith("没有要合并的：街道文件与数据目录一致。"), again.output


def test_one_change_is_said_one_change(data, tmp_path):
    """The bot_username corrected alone (its log's warning says to): the English read
    '1 处改动 / 1 changes:' (tried deploying by the README)."""
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace(
        "bot_username: xinyi_steward_bot", "bot_username: xinyi_real_bot")
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path, text)),
                                 "--data", str(data), "--yes"])
    assert result.exit_code == 0, result.output
    assert "1 处改动 / 1 change:" in result.output


def test_an_owner_key_changed_says_how_a_flat_sold_during_a_vote_counts(data, tmp_path):
    """The admin corrects owner keys while a vote is open: told that a flat sold during it
    counts by the corrected key (db.votes), not only that votes keep their households."""
    areas = runner.invoke(app, ["merge-street", str(corrected(tmp_path)), "--data", str(data),
                                "--yes"])
    assert "Written: 12 of 12" in areas.output and "corrected key" not in areas.output
    keyed = DEMO_CONFIG.read_text(encoding="utf-8").replace(UNKNOWN, KNOWN.replace(
        "}", ", owner: danwei}"))
    result = runner.invoke(app, ["merge-street", str(corrected(tmp_path, keyed)), "--data",
                                 str(data), "--yes"])
    assert result.exit_code == 0, result.output
    assert "同一位新业主的几套房（包括他原来在这里的房）只算一位业主" in result.output
    assert "counts by the corrected key once its new household votes" in result.output
