"""The ``steward`` command: init, verify, export, backup and restore, as an
operator would use them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from db.entries import Kind
from db.repository import Repository
from steward_cli import DEMO_CONFIG, app

runner = CliRunner()
AREA = "lvcheng-wuguan"
HOME = "yanye/1/1/101"  # 卫生费 is paid per household there (the street file's schedule)


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture()
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    result = invoke("init", "--config", str(DEMO_CONFIG), "--data", str(folder),
                    "--project", str(tmp_path / "project"))
    assert result.exit_code == 0, result.output
    return folder


def add_fees(folder: Path, amounts: list[int], *, first_month: int = 1) -> None:
    repo = Repository.open(folder)
    maker = repo.person_by_telegram(900201)["id"]
    checker = repo.person_by_telegram(900202)["id"]
    for i, fen in enumerate(amounts, start=first_month):
        entry = repo.submit(maker, Kind.FEE_INCOME, AREA, {
            "amount_fen": fen, "fee_type": "sanitation", "period": f"2025-{i:02d}",
            "household": HOME})
        repo.approve(entry.id, checker)
    repo.close()


def test_help_lists_every_subcommand():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("init", "verify", "export", "backup", "restore", "run", "build", "serve",
                 "demo", "site"):
        assert name in result.output


def test_init_loads_the_demo_street_and_prints_its_areas(tmp_path):
    result = invoke("init", "--config", str(DEMO_CONFIG), "--data", str(tmp_path / "d"),
                    "--project", str(tmp_path / "p"))
    assert result.exit_code == 0
    assert "绿城物管会" in result.output or "盐业小区、市药材小区" in result.output
    assert "58 households" in result.output
    assert (tmp_path / "d" / "meta.json").exists()


def test_init_also_creates_the_site_project_that_build_then_uses(tmp_path, monkeypatch):
    monkeypatch.setenv("STEWARD_PROJECT", str(tmp_path / "site-project"))
    result = invoke("init", "--config", str(DEMO_CONFIG), "--data", str(tmp_path / "d"))
    assert result.exit_code == 0, result.output
    project = tmp_path / "site-project"
    assert f"Site project ready: {project}" in result.output
    for rel in ("mkdocs.yml", "hooks/steward_search.py", "overrides/main.html",
                "content/assets/steward.css", "content/verify.md", "content/guides/residents.md"):
        assert (project / rel).is_file(), rel
    assert not (project / "content/index.md").exists()  # generated pages are not sources
    result = invoke("build", "--data", str(tmp_path / "d"))  # STEWARD_PROJECT names it
    assert result.exit_code == 0, result.output
    assert (project / "site/areas/lvcheng-wuguan/accounts/index.html").is_file()


def test_site_init_keeps_a_streets_own_edits(tmp_path):
    project = tmp_path / "p"
    assert invoke("site", "init", str(project)).exit_code == 0
    about = project / "content/about.md"
    about.write_text("本站由新义街道办维护。\n", "utf-8")
    (project / "hooks/zh_words.txt").unlink()
    result = invoke("site", "init", str(project))
    assert result.exit_code == 0 and "1 files" in result.output
    assert about.read_text("utf-8") == "本站由新义街道办维护。\n"
    assert (project / "hooks/zh_words.txt").is_file()
    assert "already in place" in invoke("site", "init", str(project)).output


def test_the_old_project_variable_is_still_read_with_a_warning(tmp_path, monkeypatch, caplog):
    from bot.settings import Settings

    # set, then removed: the command sets it from the old name, and the test ends without it
    monkeypatch.setenv("STEWARD_PROJECT", "")
    monkeypatch.delenv("STEWARD_PROJECT")
    monkeypatch.setenv("STEWARD_PROJECT_DIR", str(tmp_path / "old"))
    assert invoke("site", "init").exit_code == 0
    assert (tmp_path / "old/mkdocs.yml").is_file()
    assert "STEWARD_PROJECT_DIR is the old name of STEWARD_PROJECT" in caplog.text
    # the service's log, which says what to do in Chinese first
    assert "STEWARD_PROJECT_DIR 是 STEWARD_PROJECT 的旧名字：请改用 STEWARD_PROJECT" in caplog.text
    env = {"STEWARD_PROJECT_DIR": "/srv/old"}
    assert Settings.from_env(env).project_dir == Path("/srv/old")
    env["STEWARD_PROJECT"] = "/srv/new"
    assert Settings.from_env(env).project_dir == Path("/srv/new")


def test_invalid_config_names_file_and_line_and_creates_nothing(tmp_path):
    bad = tmp_path / "street.yaml"
    text = DEMO_CONFIG.read_text(encoding="utf-8").replace("mode: committee", "mode: anarchy", 1)
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["init", "--config", str(bad), "--data", str(tmp_path / "d")])
    assert result.exit_code == 2
    assert "street.yaml" in result.output and "line" in result.output
    assert "anarchy" in result.output
    assert not (tmp_path / "d").exists()


def test_init_refuses_an_existing_data_folder(data):
    result = runner.invoke(app, ["init", "--config", str(DEMO_CONFIG), "--data", str(data)])
    assert result.exit_code != 0
    assert "steward:" in result.output


def test_verify_passes_on_an_untouched_store(data):
    add_fees(data, [3000, 4500])
    result = invoke("verify", "--data", str(data))
    assert result.exit_code == 0
    assert f"{AREA}: 2 lines" in result.output


def test_verifys_area_lines_say_it_in_chinese_first_then_english(data):
    """Every line of steward verify was Chinese first but those of each area (found in
    a trial): each names the area as the site does, its lines and head, then English."""
    add_fees(data, [3000, 4500])
    repo = Repository.open(data)
    head = repo.ledger(AREA)[-1]["hash"]
    repo.close()
    result = invoke("verify", "--data", str(data))
    assert result.exit_code == 0, result.output
    [line] = [x for x in result.output.splitlines() if AREA in x]
    assert line == (f"盐业小区·市药材小区（{AREA}）：2 笔，链头 {head} / "
                    f"{AREA}: 2 lines, head {head}")
    assert "链头记录 " in result.output and "1 key" in result.output
    assert "1 keys" not in result.output


def test_verify_fails_naming_the_first_altered_entry(data):
    add_fees(data, [3000, 4500, 6000])
    path = next(data.glob(f"areas/{AREA}/ledger-*.json"))
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["ledger"]["2"]["purpose"] = "改过的用途"
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["verify", "--data", str(data)])
    assert result.exit_code == 1
    assert f"area {AREA}, ledger line 2" in result.output
    assert "entry #" in result.output
    zh = f"未通过：区域 盐业小区·市药材小区（{AREA}） 第 2 笔：内容与它的哈希不符（这一笔被改过）"
    assert f"{zh}\nFAILED: area {AREA}, ledger line 2" in result.output  # as the witness
    # the file holding it is named with it, not as a second problem
    assert f"账本文件 {path} 被改过" in result.output
    assert f"未通过：文件 {path}" not in result.output


def test_verify_says_what_an_altered_line_changed_against_its_entry(data):
    # before: only that line 2 was altered; the admin had to find what changed by hand
    add_fees(data, [3000, 4500, 6000])
    path = next(data.glob(f"areas/{AREA}/ledger-*.json"))
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["ledger"]["2"]["amount_fen"] = 450
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["verify", "--data", str(data)])
    assert result.exit_code == 1
    entry = stored["ledger"]["2"]["entry"]
    assert (f"这一笔的金额现在是 ¥4.50，审核通过的记录 #{entry} 上是 ¥45.00："
            f"账本文件 {path} 被改过") in result.output, result.output
    assert f"its amount_fen now reads ¥4.50; approved entry #{entry} says ¥45.00" in result.output


def test_verify_runs_beside_the_running_bot_from_a_snapshot(data):
    add_fees(data, [3000])
    bot = Repository.open(data)  # the running bot: writer lock held, journal not checkpointed
    maker = bot.person_by_telegram(900201)["id"]
    entry = bot.submit(maker, Kind.FEE_INCOME, AREA, {
        "amount_fen": 4500, "fee_type": "sanitation", "period": "2025-02", "household": HOME})
    bot.approve(entry.id, bot.person_by_telegram(900202)["id"])
    result = runner.invoke(app, ["verify", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "another Steward process" not in result.output
    assert f"{AREA}: 2 lines" in result.output  # the line only the journal holds, too
    assert "OK: every file of the data folder is as saved" in result.output
    later = bot.submit(maker, Kind.FEE_INCOME, AREA, {  # the bot writes on as before
        "amount_fen": 100, "fee_type": "sanitation", "period": "2025-03", "household": HOME})
    assert bot.entry(later.id).data["amount_fen"] == 100
    bot.close()


def test_verify_beside_the_bot_still_finds_a_damaged_file(data):
    add_fees(data, [3000])
    bot = Repository.open(data)
    (data / "people.json").unlink()
    result = runner.invoke(app, ["verify", "--data", str(data)])
    assert result.exit_code == 1
    assert "people.json: missing" in result.output
    assert f"未通过：文件 {data / 'people.json'} 不见了" in result.output
    assert f"`steward restore BACKUP --data {data}`" in result.output
    bot.store.abandon()


def test_verify_of_a_folder_from_before_manifests_says_it_has_none_yet(data):
    add_fees(data, [3000])
    (data / "manifest.json").unlink()
    meta = json.loads((data / "meta.json").read_text())
    del meta["manifest"]
    (data / "meta.json").write_text(json.dumps(meta))
    result = runner.invoke(app, ["verify", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert "no manifest yet" in result.output and "OK" in result.output
    assert result.output.index("提示：这个数据目录还没有文件清单") < result.output.index("note:")
    Repository.open(data).close()  # opened for writing: it gets one
    assert (data / "manifest.json").exists()
    again = runner.invoke(app, ["verify", "--data", str(data)])
    assert again.exit_code == 0 and "no manifest yet" not in again.output


def test_verify_on_a_missing_folder_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["verify", "--data", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "steward:" in result.output
    assert "Traceback" not in result.output


def test_export_writes_csv_and_json_per_area_without_private_data(data, tmp_path):
    add_fees(data, [3000, 4500])
    out = tmp_path / "export"
    result = invoke("export", str(out), "--data", str(data))
    assert result.exit_code == 0
    with open(out / AREA / "ledger.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["amount_fen"] for r in rows] == ["3000", "4500"]
    payload = (out / AREA / "ledger.json").read_text(encoding="utf-8")
    for secret in ("孙德厚", "900201", "周桂兰"):
        assert secret not in payload
    assert (out / "xinguotu" / "ledger.csv").exists()


def test_backup_and_restore_bring_back_the_same_ledger(data, tmp_path):
    add_fees(data, [3000, 4500])
    archive = tmp_path / "backup.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    add_fees(data, [99900], first_month=3)  # written after the backup
    result = invoke("restore", str(archive), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "kept as" in result.output
    repo = Repository.open(data)
    lines = repo.ledger(AREA)
    # the line made after the backup is lost, and its number stands as a lost line (0 fen)
    assert [(line["amount_fen"], line.get("kind") == "lost") for line in lines] == \
        [(3000, False), (4500, False), (0, True)]
    repo.close()
    kept = next(data.parent.glob("data.before-restore-*"))
    old = Repository.open(kept)
    assert len(old.ledger(AREA)) == 3
    old.close()


def test_restore_of_a_damaged_backup_changes_nothing(data, tmp_path):
    add_fees(data, [3000])
    archive = tmp_path / "backup.tar.gz"
    invoke("backup", str(archive), "--data", str(data))
    archive.write_bytes(archive.read_bytes()[:200])
    before = sorted(p.name for p in data.iterdir())
    result = runner.invoke(app, ["restore", str(archive), "--data", str(data)])
    assert result.exit_code == 1
    assert "not a Steward backup, or damaged" in result.output
    assert sorted(p.name for p in data.iterdir()) == before
    repo = Repository.open(data)
    assert len(repo.ledger(AREA)) == 1
    repo.close()


def test_export_reads_a_snapshot_while_the_bot_holds_the_store(data, tmp_path):
    add_fees(data, [3000])
    bot = Repository.open(data)  # the running bot: writer lock held, journal not checkpointed
    maker = bot.person_by_telegram(900201)["id"]
    entry = bot.submit(maker, Kind.FEE_INCOME, AREA, {
        "amount_fen": 4500, "fee_type": "sanitation", "period": "2025-02", "household": HOME})
    bot.approve(entry.id, bot.person_by_telegram(900202)["id"])
    out = tmp_path / "export"
    result = runner.invoke(app, ["export", str(out), "--data", str(data)])
    assert result.exit_code == 0, result.output
    with open(out / AREA / "ledger.csv", encoding="utf-8") as f:
        assert [r["amount_fen"] for r in csv.DictReader(f)] == ["3000", "4500"]
    later = bot.submit(maker, Kind.FEE_INCOME, AREA, {  # the writer goes on as before
        "amount_fen": 100, "fee_type": "sanitation", "period": "2025-03", "household": HOME})
    assert bot.entry(later.id).data["amount_fen"] == 100
    bot.close()


def test_init_notes_a_street_left_without_admin_or_with_too_few_volunteers(tmp_path):
    """A street file without admins or an area's two volunteers was taken silently: the
    operator learned it when registrations waited with nobody to confirm them."""
    from conftest import SMALL_STREET

    text = SMALL_STREET.replace("admins: [900]\n", "").replace(
        "  - {telegram_id: 103, name: 丙志愿者, title: 网格员, areas: [west]}\n", "")
    config = tmp_path / "street.yaml"
    config.write_text(text, "utf-8")
    result = CliRunner().invoke(app, ["init", "--config", str(config), "--data",
                                      str(tmp_path / "data"), "--project", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    # each note Chinese first, its English after (it began 'Note: ' in English)
    notes = [line for line in result.output.splitlines() if line.startswith("注意：")]
    assert len(notes) == 2, result.output
    assert "no admin yet" in notes[0] and "ADMIN_IDS" in notes[0] and "/whoami" in notes[0]
    assert notes[0].startswith("注意：还没有管理员。")
    assert "写进机器人环境变量 ADMIN_IDS" in notes[0]
    assert "西小区 (west) has no volunteer" in notes[1]
    assert "西小区（west）没有志愿者" in notes[1] and "/grant 编号 volunteer west" in notes[1]
    assert "/grant ID volunteer west" in notes[1]
    config.write_text(SMALL_STREET.replace(
        "  - {telegram_id: 103, name: 丙志愿者, title: 网格员, areas: [west]}\n",
        "  - {telegram_id: 103, name: 丙志愿者, title: 网格员, areas: [west]}\n"
        "  - {telegram_id: 104, name: 丁志愿者, title: 楼长, areas: [west]}\n"), "utf-8")
    full = CliRunner().invoke(app, ["init", "--config", str(config), "--data",
                                    str(tmp_path / "data2"), "--project", str(tmp_path / "p")])
    assert full.exit_code == 0 and "Note:" not in full.output, full.output


def test_the_command_list_reads_each_summary_as_one_wrapped_sentence():
    """`steward --help` kept each docstring's own line breaks, so a summary broke in
    the middle of a line ("…, and the site's" / "project folder …") at any width."""
    wide = runner.invoke(app, ["--help"], env={"COLUMNS": "160"}, terminal_width=160)
    assert wide.exit_code == 0
    assert "and the site's project folder (mkdocs.yml" in wide.output, wide.output
    site = runner.invoke(app, ["site", "--help"], env={"COLUMNS": "160"}, terminal_width=160)
    assert "(mkdocs.yml, hooks/, overrides/, content/) that `steward build`" in site.output
    assert "After upgrading" not in site.output  # the command's own --help says it


def test_serve_answers_an_address_with_no_page_with_the_sites_own_chinese_page(tmp_path):
    """`steward serve` (and the demo's site) answered a mistyped address with Python's
    English 'Error response ... File not found'; a static host serves the site's 404.html,
    in Chinese with the site's menu, and so does serve now, still with status 404."""
    import http.server
    import threading
    import urllib.error
    import urllib.request

    from cli.site import site_handler

    site = tmp_path / "site"
    (site / "areas").mkdir(parents=True)
    (site / "index.html").write_text("<p>首页</p>", "utf-8")
    (site / "404.html").write_text("<h1>找不到这一页</h1>", "utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), site_handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        assert urllib.request.urlopen(base).read().decode("utf-8") == "<p>首页</p>"
        for missing in ("areas/nowhere/", "no-such-file.pdf"):
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(base + missing)
            assert err.value.code == 404
            assert err.value.read().decode("utf-8") == "<h1>找不到这一页</h1>"
    finally:
        server.shutdown()
        server.server_close()


def test_init_into_a_folder_in_use_says_in_both_languages_to_merge_instead(data):
    """It said '…: folder is not empty; choose a new data folder', in English, to an admin
    who ran init again after correcting the street file."""
    again = invoke("init", "--config", str(DEMO_CONFIG), "--data", str(data))
    assert again.exit_code == 1
    assert "不是空目录" in again.output and "is not empty" in again.output
    assert f"steward merge-street street.yaml --data {data}" in again.output


@pytest.mark.parametrize("command", [["verify"], ["build", "--markdown-only"],
                                     ["key", "rotate"], ["backup", "b.tar.gz"]])
def test_a_data_folder_that_is_not_there_is_named_in_both_languages_and_nothing_is_made(
        tmp_path, monkeypatch, command):
    """'no data folder here' came in English only, and steward build made a site project
    folder beside the missing data folder before it was refused."""
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "typo" / "data"
    result = invoke(*command, "--data", str(missing))
    assert result.exit_code == 1, result.output
    assert f"{missing}：这里没有数据目录" in result.output, result.output
    assert "no data folder here" in result.output and "STEWARD_DATA" in result.output
    assert not (tmp_path / "typo").exists()


def test_a_restore_while_the_bot_runs_says_in_both_languages_to_stop_it(data, tmp_path):
    archive = tmp_path / "b.tar.gz"
    assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
    bot = Repository.open(data)  # the running bot: the writer lock held
    try:
        result = runner.invoke(app, ["restore", str(archive), "--data", str(data)])
    finally:
        bot.close()
    assert result.exit_code == 1
    assert "另一个 Steward 进程" in result.output and "sudo systemctl stop steward" in result.output
    assert "another Steward process is using this data folder" in result.output


@pytest.mark.parametrize("command, chinese", [
    (["key", "rotate", "--data", "{tmp}"], "不是 Steward 的数据目录"),
    (["key", "show", "--data", "{tmp}"], "还没有签名密钥"),
    (["site", "init", "--update", "{tmp}"], "里没有 mkdocs.yml，不是网站项目目录"),
    (["notice", "east", "--month", "2025-13", "--data", "{tmp}"], "请按 年-月 写"),
    (["restore", "{tmp}/none.tar.gz", "--data", "{tmp}/d"], "读不出这个备份文件"),
    (["verify", "--heads", "{tmp}/none.json", "--data", "{tmp}"], "读不出见证人保存的链头"),
])
def test_an_operators_refusals_say_what_is_wrong_in_chinese_first(tmp_path, command, chinese):
    """steward key rotate / key show / site init --update / notice / restore / verify
    --heads refused an office worker in English only."""
    (tmp_path / "stray.txt").write_text("not a data folder", "utf-8")
    result = runner.invoke(app, [c.replace("{tmp}", str(tmp_path)) for c in command])
    assert result.exit_code != 0, result.output
    first = result.output.split(" / ")[0]
    assert first.startswith("steward: ") and chinese in first, result.output


def test_a_restore_on_a_machine_left_on_utc_names_the_kept_folder_in_the_streets_time(
        data, tmp_path, monkeypatch):
    """A server left on UTC kept the old folder as data.before-restore-20261205-023000 at
    10:30 in the street, and wrote the backup's time as +0000: eight hours off the clock
    the bot tells everyone times in."""
    import tarfile
    import time
    from datetime import datetime, timedelta

    from db.repository import CHINA_TZ

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        archive = tmp_path / "backup.tar.gz"
        assert invoke("backup", str(archive), "--data", str(data)).exit_code == 0
        before = datetime.now(CHINA_TZ).replace(microsecond=0)
        assert invoke("restore", str(archive), "--data", str(data)).exit_code == 0
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    kept = next(data.parent.glob("data.before-restore-*"))
    stamp = datetime.strptime(kept.name.rsplit("-", 2)[-2] + kept.name.rsplit("-", 1)[-1],
                              "%Y%m%d%H%M%S").replace(tzinfo=CHINA_TZ)
    assert timedelta(0) <= stamp - before <= timedelta(seconds=30), kept.name
    with tarfile.open(archive) as tar:
        created = json.loads(tar.extractfile("manifest.json").read())["created"]  # type: ignore[union-attr]
    assert created.endswith("+08:00"), created


def test_init_backup_and_restore_say_what_they_did_in_chinese_first(tmp_path):
    """A street office's IT person read 'Data folder ready', 'Backed up 13 files to …',
    'The previous data folder was kept as …: delete it once …' and 'Restored … ledgers
    verified' in English only."""
    folder = tmp_path / "data"
    made = invoke("init", "--config", str(DEMO_CONFIG), "--data", str(folder), "--project",
                  str(tmp_path / "project"))
    assert f"数据目录已建好 / Data folder ready: {folder}" in made.output
    assert "签名密钥已生成（keys/signing.key：不要给别人，要备份）" in made.output
    archive = tmp_path / "b.tar.gz"
    saved = invoke("backup", str(archive), "--data", str(folder))
    assert saved.output.startswith("已备份 ") and f"个文件到 {archive}，" in saved.output
    assert "（北京时间） / Backed up" in saved.output
    back = invoke("restore", str(archive), "--data", str(folder)).output.splitlines()
    kept = next(folder.parent.glob("data.before-restore-*"))
    restored = (f"已把 {archive} 恢复到 {folder}，账本已核对。 / Restored {archive} into "
                f"{folder}; ledgers verified.")
    assert back[0].startswith("这个备份做于 ") and "/ This backup was made at" in back[0]
    assert [line.split("：")[0] for line in back[1:]] == [
        "签名密钥", f"原来的数据目录保留为 {kept}", restored]


def test_key_show_and_a_site_update_say_what_they_show_in_chinese_first(data, tmp_path):
    """steward key show said 'key id …, in force since 2026-…T…+08:00' and site init
    --update 'Site project … updated: 0 added, …' in English only."""
    shown = invoke("key", "show", "--data", str(data)).output.splitlines()
    assert len(shown) == 2 and len(shown[0]) == 64, shown  # the public key, alone
    assert shown[1].startswith("密钥编号 ") and "起使用 / key id " in shown[1], shown
    when = shown[1].split("，")[1].split(" 起使用")[0]
    assert len(when) == 16 and when[10] == " ", shown  # 2026-12-05 18:30, as the site says
    updated = invoke("site", "init", str(tmp_path / "project"), "--update").output
    said = f"网站项目目录 {tmp_path / 'project'} 已更新：新增 0 个，换了 0 个，0 个改过的保留 / "
    assert updated.splitlines()[-1].startswith(said), updated


def test_verify_reports_a_hand_edited_line_once_naming_its_field_and_file(data):
    """One amount changed by hand in the ledger file (its size kept): before, the file's
    checksum, the chain and the head log's check each said it, 3 problems for one edit."""
    add_fees(data, [3000, 4500, 6000])
    assert invoke("build", "--data", str(data)).exit_code == 0  # a head signed
    path = next(data.glob(f"areas/{AREA}/ledger-*.json"))
    text = path.read_text("utf-8")
    assert text.count('"amount_fen":4500') == 1
    path.write_text(text.replace('"amount_fen":4500', '"amount_fen":9500'), "utf-8")
    result = runner.invoke(app, ["verify", "--data", str(data)])
    assert result.exit_code == 1
    said = result.output.splitlines()
    assert sum(x.startswith("未通过：") for x in said) == 1, result.output
    assert sum(x.startswith("FAILED: ") for x in said) == 1, result.output
    assert "核对未通过：1 处问题" in result.output
    entry = json.loads(text)["ledger"]["2"]["entry"]
    assert (f"这一笔的金额现在是 ¥95.00，审核通过的记录 #{entry} 上是 ¥45.00："
            f"账本文件 {path} 被改过") in result.output
