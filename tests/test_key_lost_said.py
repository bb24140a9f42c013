"""The lost-key procedure says itself on the site: the integrity page (账本核验), where
the heads are shown, says above them that the key changed on that day, why, and how
many records the old log held; the new log's first record (signed) carries it. Before,
the procedure (heads.jsonl moved aside by hand) started a new log that only witnesses
and the paper notice revealed."""

from __future__ import annotations

import re
import subprocess

from heads_support import money, publish, street_with_history
from typer.testing import CliRunner

import steward_cli
from db import keys as keyfiles
from db import witness
from db.heads import HeadLog, record_heads
from db.repository import Repository

runner = CliRunner()
REASON = "服务器硬盘损坏，密钥没有备份"


def _page(content) -> str:  # type: ignore[no-untyped-def]
    text = (content / "integrity.md").read_text("utf-8")
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("&#45;", "-").replace("&nbsp;", " ")


def _new_log(tmp_path, *args: str):  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    repo, clock = street_with_history(data)  # 7 records, the key's and six heads
    repo.close()
    old = witness.key_id(keyfiles.public_hex(keyfiles.load(data)))  # type: ignore[arg-type]
    (data / keyfiles.KEY_FILE).unlink()  # lost
    lost = runner.invoke(steward_cli.app, ["key", "lost", "--data", str(data), *args])
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(5, 2)
        money(repo, "east", 900)
        record_heads(repo)  # the new key's log
    finally:
        repo.close()
    return data, old, lost


def test_the_integrity_page_says_the_key_changed_when_and_why(tmp_path):
    data, old, lost = _new_log(tmp_path, "--reason", REASON)
    assert lost.exit_code == 0, lost.output
    first = HeadLog(data).read()[0]
    assert first["restart"] == {"key": old, "records": 7, "reason": REASON}
    assert not witness.check_log(HeadLog(data).read()).problems  # signed with the rest
    content = publish(data, tmp_path / "project")
    page = _page(content)
    heads = page[page.index("## 链头记录"):]
    said = heads[:heads.index("每次发布签署的链头")]  # above the heads listed
    assert "2025-05-02 10:00 起，街道办换了签名密钥，链头记录从头开始" in said, said
    assert f"原来的密钥 `{old}`不能再用了" in said and f"街道办记下的原因：{REASON}" in said
    assert "用原来的密钥签的 7 条链头记录不在下面的记录里" in said, said
    # the paper notice at the gate says why its key is not the one printed before
    notice = subprocess.run(["pdftotext", str(content / "downloads" / "east" /
                                              "notice-2025-05.pdf"), "-"],
                            capture_output=True, text=True, check=True).stdout
    notice = "".join(notice.split())
    assert f"2025-05-02起街道办换用了这把新密钥，原来的密钥{old}不能再用了" in notice, notice
    assert f"原因：{REASON}" in notice, notice


def test_a_log_moved_aside_by_hand_is_said_without_a_reason(tmp_path):
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    repo.close()
    (data / keyfiles.KEY_FILE).unlink()
    (data / "heads.jsonl").rename(tmp_path / "heads.jsonl.old")
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(5, 2)
        money(repo, "east", 900)
        record_heads(repo)
    finally:
        repo.close()
    page = _page(publish(data, tmp_path / "project"))
    assert "街道办换了签名密钥，链头记录从头开始" in page
    assert "街道办没有记下原因：请向街道办询问" in page


def test_key_lost_refuses_a_key_in_force_and_no_reason(tmp_path):
    data = tmp_path / "data"
    repo, _clock = street_with_history(data)
    repo.close()
    log = (data / "heads.jsonl").read_bytes()
    kept = runner.invoke(steward_cli.app, ["key", "lost", "--data", str(data), "--reason", "x"])
    assert kept.exit_code == 1 and "steward key rotate" in kept.output, kept.output
    (data / keyfiles.KEY_FILE).unlink()
    empty = runner.invoke(steward_cli.app, ["key", "lost", "--data", str(data), "--reason", " "])
    assert empty.exit_code == 1 and "--reason" in empty.output, empty.output
    assert (data / "heads.jsonl").read_bytes() == log  # nothing moved


def test_key_lost_refuses_a_reason_naming_a_person_or_a_phone(tmp_path):
    """The reason is published as typed, for good: signed in the head log (heads.json),
    on the integrity page and on the paper notice at the gate. It was taken unread:
    管理员王建国的电脑坏了 or a phone number went out so. Now it is refused as a ledger
    line's words are (``db.private_words``, a registered person's name too), saying what
    was found, nothing moved."""
    data = tmp_path / "data"
    repo, _clock = street_with_history(data)
    repo.ensure_person(5001, name="罗小燕")
    repo.close()
    (data / keyfiles.KEY_FILE).unlink()
    log = (data / "heads.jsonl").read_bytes()
    for reason, found in (("管理员王建国的电脑硬盘坏了", "王建国"),
                          ("有事请打13812345678", "13812345678"),
                          ("Zhang Jianguo lost the laptop", "Zhang Jianguo"),
                          ("罗小燕保管的U盘丢了", "罗小燕")):
        said = runner.invoke(steward_cli.app, ["key", "lost", "--data", str(data),
                                               "--reason", reason])
        assert said.exit_code == 1, (reason, said.output)
        assert f"“{found}”" in said.output and "原因" in said.output, said.output
        assert (data / "heads.jsonl").read_bytes() == log  # nothing moved
        assert not (data / "keys" / "restart.note").exists()
    fine = runner.invoke(steward_cli.app, ["key", "lost", "--data", str(data),
                                           "--reason", REASON])
    assert fine.exit_code == 0, fine.output


def test_key_lost_refuses_a_reason_saying_a_room_or_calling_someone(tmp_path):
    """A room beside what is said of someone tells the compound who she is: 3号楼2单元502的
    王阿姨丢了 was signed into the head log and shown on the integrity page and heads.json
    as typed (the site cannot mask a signed reason). Now a room said as one, or a number
    written alone that is a room of the street's households (U盘借给101了), is refused as a
    phone is, saying the room and that nothing moved; an amount or a year is no room. So
    is a person called by surname (王阿姨, 老王), whom the compound knows."""
    data = tmp_path / "data"
    repo, _clock = street_with_history(data)
    repo.close()
    (data / keyfiles.KEY_FILE).unlink()
    log = (data / "heads.jsonl").read_bytes()
    for reason, found in (("3号楼2单元502的王阿姨丢了", "王阿姨"),
                          ("钥匙在2单元502，丢了", "502"),
                          ("钥匙放在502室，搬家时丢了", "502室"),
                          ("U盘借给101了，找不到了", "101"),
                          ("管理员老王的电脑坏了", "老王")):
        said = runner.invoke(steward_cli.app, ["key", "lost", "--data", str(data),
                                               "--reason", reason])
        assert said.exit_code == 1, (reason, said.output)
        assert f"原因里的“{found}”是" in said.output, said.output
        assert ("一户的房号" if found[0].isdigit() else "称呼") in said.output, said.output
        assert "什么都没有改动" in said.output and "room" in said.output, said.output
        assert (data / "heads.jsonl").read_bytes() == log  # nothing moved
        assert not (data / "keys" / "restart.note").exists()
    fine = runner.invoke(steward_cli.app, ["key", "lost", "--data", str(data),
                                           "--reason", "2025年的备份盘坏了，花了300元也没修好"])
    assert fine.exit_code == 0, fine.output


def test_the_verify_script_quotes_the_signed_reason_of_a_log_begun_anew(tmp_path):
    """A witness who saved the heads before the key was lost runs --check: the script said
    the head log was rewritten, and nothing of the signed record saying why it began anew
    (the integrity page and the paper notice said it; the script a witness runs did not)."""
    import contextlib
    import io
    import json

    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    repo.close()
    before = publish(data, tmp_path / "before")
    saved = tmp_path / "mine.json"
    with contextlib.redirect_stdout(io.StringIO()):
        assert witness.main([str(before), "--save", str(saved)]) == 0
    old = json.loads(saved.read_text("utf-8"))["public_key"]
    (data / keyfiles.KEY_FILE).unlink()  # lost
    lost = runner.invoke(steward_cli.app, ["key", "lost", "--data", str(data),
                                           "--reason", REASON])
    assert lost.exit_code == 0, lost.output
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(5, 2)
        money(repo, "east", 900)
        record_heads(repo)
    finally:
        repo.close()
    content = publish(data, tmp_path / "project")
    for args, code in (([str(content)], 0), ([str(content), "--check", str(saved)], 1)):
        said = io.StringIO()
        with contextlib.redirect_stdout(said):
            assert witness.main(args) == code, said.getvalue()
        text = said.getvalue()
        assert "链头记录 #1：2025-05-02 10:00 起，街道办换了签名密钥，链头记录从头开始" \
            in text, text
        assert f"原来的密钥 {witness.key_id(old)} 签的 7 条链头记录不在这份记录里" in text, text
        assert f"街道办签名记下的原因：{REASON}" in text, text
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        witness.main([str(content), "--check", str(saved), "--lang", "en"])
    assert f"the reason the street office signed: {REASON}" in said.getvalue()
