"""The head log in the data folder: every publish appends each changed area's head,
signed with the street's Ed25519 key; it survives a torn last record; the signer
refuses to sign a rewritten history; keys rotate with the old key's signature;
`steward init`, `steward key`, `steward verify` and `steward run` use it."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import chinese_first
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from heads_support import (
    STREET,
    change_purpose,
    cut_tail,
    money,
    rewrite_ledger,
    street_with_history,
)
from typer.testing import CliRunner

import steward_cli
from db import keys as keyfiles
from db import ledger as ledger_rules
from db import witness
from db.errors import IntegrityError
from db.heads import (
    HEAD_LOG,
    HeadLog,
    public_key,
    record_heads,
    rotate_key,
    start_signing,
    verify_heads,
)
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def history(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    yield repo, clock, tmp_path / "data"
    repo.close()


def lines_of(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()]


def test_steward_init_makes_a_private_key_and_announces_its_public_key(tmp_path):
    data = tmp_path / "data"
    made = runner.invoke(steward_cli.app, ["init", "--config",
                                           str(ROOT / "examples" / "xinyi-street.yaml"),
                                           "--data", str(data)])
    assert made.exit_code == 0, made.output
    key_file = data / keyfiles.KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    [first] = lines_of(data / HEAD_LOG)
    public = keyfiles.public_hex(keyfiles.load(data))
    assert first["type"] == "key" and first["public_key"] == public and first["n"] == 1
    assert public in made.output
    shown = runner.invoke(steward_cli.app, ["key", "show", "--data", str(data)])
    assert shown.exit_code == 0 and shown.output.splitlines()[0] == public
    assert "PRIVATE" not in shown.output and "BEGIN" not in shown.output


def test_key_show_without_a_key_says_how_to_get_one(tmp_path):
    repo = Repository.init(tmp_path / "data", __import__("db.config").config.parse_street(
        STREET, "s.yaml"))
    repo.close()
    shown = runner.invoke(steward_cli.app, ["key", "show", "--data", str(tmp_path / "data")])
    assert shown.exit_code == 1 and "no signing key" in shown.output


def test_each_publish_signs_the_heads_of_the_changed_areas_only(history):
    repo, clock, data = history
    records = HeadLog(data).read()
    heads = [r for r in records if r["type"] == "head"]
    assert [(r["area"], r["seq"]) for r in heads] == [
        ("east", 3), ("west", 1), ("east", 5), ("west", 2), ("east", 8), ("west", 3)]
    assert record_heads(repo) == []  # nothing changed: nothing signed
    money(repo, "west", 999)
    [new] = record_heads(repo)
    assert (new["area"], new["seq"], new["head"]) == ("west", 4, repo.chain_heads()["west"][1])
    assert new["n"] == len(records) + 1 and new["prev"] == witness.record_hash(records[-1])


def test_every_record_verifies_with_the_public_key_and_a_changed_byte_does_not(history):
    _repo, _clock, data = history
    records = HeadLog(data).read()
    public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(records[0]["public_key"]))
    for record in records:
        public.verify(bytes.fromhex(record["sig"]), witness.signed_bytes(record))
    forged = dict(records[3], head="f" * 64)
    assert witness.check_log(records[:3] + [forged] + records[4:]).problems[0].code == \
        "bad_signature"


def test_a_torn_last_record_is_ignored_and_cut_off_by_the_next_append(history):
    repo, _clock, data = history
    path = data / HEAD_LOG
    whole = path.read_bytes()
    count = len(HeadLog(data).read())
    with open(path, "ab") as f:  # a crash in the middle of an append
        f.write(b'{"area":"east","at":"2025-03-30T1')
    assert len(HeadLog(data).read()) == count
    _checker, problems = verify_heads(repo)
    assert problems == []
    money(repo, "east", 100)
    [record] = record_heads(repo)
    assert path.read_bytes() == whole + (witness.canonical(record) + "\n").encode()
    assert verify_heads(repo)[1] == []


def test_a_damaged_record_in_the_middle_names_the_file_and_line(history):
    _repo, _clock, data = history
    path = data / HEAD_LOG
    lines = path.read_bytes().splitlines(keepends=True)
    lines[2] = b"{garbage\n"
    path.write_bytes(b"".join(lines))
    with pytest.raises(IntegrityError) as caught:
        HeadLog(data).read()
    assert HEAD_LOG in str(caught.value) and "line 3" in str(caught.value)


def test_appends_from_two_writers_at_once_keep_one_chain(history):
    repo, _clock, data = history
    key = keyfiles.load(data)
    barrier = threading.Barrier(2)

    def append(area: str) -> None:
        barrier.wait()
        for n in range(20):
            log = HeadLog(data)
            with log.locked():
                log.append([{"type": "head", "area": area, "seq": 1,
                             "head": repo.ledger(area)[0]["hash"], "at": f"t{n}"}], key)

    threads = [threading.Thread(target=append, args=(a,)) for a in ("east", "west")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = HeadLog(data).read()
    assert len(records) == 7 + 40
    assert witness.check_log(records).problems == []


def test_the_signer_refuses_to_sign_a_rewritten_history(history):
    repo, _clock, data = history
    repo.close()
    rewrite_ledger(data, "east", change_purpose(2, "改过的用途"))
    count = len(HeadLog(data).read())
    repo = Repository.open(data)
    try:
        money(repo, "east", 100)
        money(repo, "west", 100)
        with pytest.raises(IntegrityError) as caught:
            record_heads(repo)
        assert "area east, line 3" in str(caught.value) and "among 1-3" in str(caught.value)
        assert chinese_first(str(caught.value)) and "东小区（east） 第 3 笔" in str(caught.value)
        signed = HeadLog(data).read()[count:]
        assert [(r["area"], r["seq"]) for r in signed] == [("west", 4)]  # only the honest one
    finally:
        repo.close()


def test_steward_verify_checks_the_data_folder_against_its_own_head_log(history):
    repo, _clock, data = history
    repo.close()
    clean = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert clean.exit_code == 0 and "7 records" in clean.output, clean.output
    rewrite_ledger(data, "east", change_purpose(2, "改过的用途"))
    # The chain alone is fine: it was recomputed; the line is not what its entry says.
    chain_only = Repository.open(data)
    assert ledger_rules.verify_chain("east", chain_only.ledger("east"))
    with pytest.raises(IntegrityError, match="area east, ledger line 2: purpose"):
        chain_only.verify()
    chain_only.close()
    caught = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert caught.exit_code == 1
    assert "area east, line 3" in caught.output and "a line among 1-3" in caught.output


def test_steward_verify_names_a_cut_tail(history):
    repo, _clock, data = history
    repo.close()
    rewrite_ledger(data, "east", cut_tail(6))
    caught = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert caught.exit_code == 1
    assert "area east, line 7: the ledger has 6 lines but the head signed at" in caught.output


def test_steward_run_refuses_a_ledger_rewritten_against_its_signed_heads(history, monkeypatch):
    repo, _clock, data = history
    repo.close()
    rewrite_ledger(data, "east", change_purpose(1, "改过的用途"))
    started = []
    monkeypatch.setattr("cli.run._start_bot", lambda settings, repo: started.append(1))
    env = {"TELEGRAM_BOT_TOKEN": "123:ABC", "TELEGRAM_API_BASE_URL": "",
           "TELEGRAM_API_FILE_URL": "", "STEWARD_WEBHOOK_URL": "", "STEWARD_WEBHOOK_SECRET": ""}
    refused = runner.invoke(steward_cli.app, ["run", "--data", str(data)], env=env)
    assert refused.exit_code != 0 and started == []
    assert "area east, line 3" in refused.output and "among 1-3" in refused.output
    assert "not starting" in refused.output


def test_key_rotation_is_signed_by_the_old_key_and_later_heads_by_the_new(history):
    repo, _clock, data = history
    old = keyfiles.public_hex(keyfiles.load(data))
    rotated = runner.invoke(steward_cli.app, ["key", "rotate", "--data", str(data)])
    assert rotated.exit_code == 0, rotated.output
    new = keyfiles.public_hex(keyfiles.load(data))
    assert new != old and new in rotated.output
    assert "/publish in the bot, or `steward build` when no bot runs" in rotated.output
    money(repo, "east", 100)
    [head] = record_heads(repo)
    records = HeadLog(data).read()
    announce = records[-2]
    assert announce["type"] == "key" and announce["public_key"] == new
    assert announce["key"] == witness.key_id(old) and head["key"] == witness.key_id(new)
    checker = witness.check_log(records)
    assert checker.problems == [] and [k["public_key"] for k in checker.keys] == [old, new]
    shown = runner.invoke(steward_cli.app, ["key", "show", "--data", str(data)])
    assert shown.output.splitlines()[0] == new and old in shown.output
    # A "rotation" signed by the new key itself is not accepted.
    forged = dict(announce, key=witness.key_id(new))
    assert witness.check_log(records[:-2] + [forged]).problems[0].code == "unknown_key"


def test_a_rotation_cut_short_before_its_announcement_is_undone(history):
    repo, _clock, data = history
    old = keyfiles.public_hex(keyfiles.load(data))
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    keyfiles.write_private(data, Ed25519PrivateKey.generate(), keyfiles.NEXT_KEY_FILE)
    money(repo, "east", 100)
    [head] = record_heads(repo)
    assert head["key"] == witness.key_id(old)
    assert not (data / keyfiles.NEXT_KEY_FILE).exists()


def test_a_rotation_cut_short_after_its_announcement_is_finished(history, monkeypatch):
    repo, _clock, data = history
    monkeypatch.setattr(keyfiles, "promote_next", lambda root: None)  # the crash
    record = rotate_key(data, "2025-04-01T09:00:00+08:00")
    monkeypatch.undo()
    assert (data / keyfiles.NEXT_KEY_FILE).exists()
    money(repo, "east", 100)
    [head] = record_heads(repo)
    assert head["key"] == witness.key_id(record["public_key"])
    assert keyfiles.public_hex(keyfiles.load(data)) == record["public_key"]
    assert verify_heads(repo)[1] == []


def test_a_lost_key_is_not_replaced_silently(history):
    repo, _clock, data = history
    os.remove(data / keyfiles.KEY_FILE)
    money(repo, "east", 100)
    with pytest.raises(Exception) as caught:
        record_heads(repo)
    assert "Bring it back from a backup" in str(caught.value)


def test_a_backup_holds_the_key_and_the_head_log_and_restores_them(history, tmp_path):
    repo, _clock, data = history
    repo.close()
    archive = tmp_path / "backup.tar.gz"
    assert runner.invoke(steward_cli.app, ["backup", str(archive), "--data", str(data)]
                         ).exit_code == 0
    key = (data / keyfiles.KEY_FILE).read_bytes()
    log = (data / HEAD_LOG).read_bytes()
    target = tmp_path / "restored"
    done = runner.invoke(steward_cli.app, ["restore", str(archive), "--data", str(target)])
    assert done.exit_code == 0, done.output
    assert (target / keyfiles.KEY_FILE).read_bytes() == key
    assert (target / HEAD_LOG).read_bytes() == log


def test_start_signing_twice_keeps_the_first_key(tmp_path):
    data = tmp_path / "data"
    Repository.init(data, __import__("db.config").config.parse_street(STREET, "s.yaml")).close()
    first = start_signing(data, "2025-01-01T00:00:00+08:00")
    assert start_signing(data, "2025-01-02T00:00:00+08:00") == first
    assert len(HeadLog(data).read()) == 1


def test_steward_build_by_hand_signs_new_heads_when_no_bot_runs(history, tmp_path):
    repo, _clock, data = history
    money(repo, "west", 4200)
    repo.close()
    project = tmp_path / "project"
    built = runner.invoke(steward_cli.app, ["build", "--markdown-only", "--data", str(data),
                                            "--project", str(project)])
    assert built.exit_code == 0, built.output
    assert "Signed head: west line 4" in built.output
    [last] = HeadLog(data).read()[-1:]
    assert (last["area"], last["seq"]) == ("west", 4)
    published = json.loads((project / "content/downloads/heads.json").read_text("utf-8"))
    assert published["records"][-1] == last


def test_steward_build_beside_a_running_bot_leaves_the_signing_to_it(history, tmp_path):
    repo, _clock, data = history  # open for writing, as the bot holds it
    money(repo, "west", 4200)
    count = len(HeadLog(data).read())
    built = runner.invoke(steward_cli.app, ["build", "--markdown-only", "--data", str(data),
                                            "--project", str(tmp_path / "project")])
    assert built.exit_code == 0, built.output
    assert "The bot is running" in built.output
    assert len(HeadLog(data).read()) == count


def test_steward_build_refuses_to_publish_a_rewritten_ledger(history, tmp_path):
    repo, _clock, data = history
    repo.close()
    rewrite_ledger(data, "east", change_purpose(2, "改过的用途"))
    built = runner.invoke(steward_cli.app, ["build", "--markdown-only", "--data", str(data),
                                            "--project", str(tmp_path / "project")])
    assert built.exit_code == 1 and "area east, line 3" in built.output
    assert "not building" in built.output
    # the project folder may be set up, but no page of the street was written
    assert not (tmp_path / "project" / "content" / "areas").exists()
    assert not (tmp_path / "project" / "content" / "index.md").exists()


def test_the_feed_is_updated_as_late_as_its_newest_entry_a_signed_head(history, tmp_path):
    # The heads are signed at each month's end, after the month's last change: the
    # feed said it was last updated before its own newest entries, so a reader that
    # trusts the feed's <updated> skips the signed heads it is told to keep.
    import xml.etree.ElementTree as ET

    from site_builder import build_site

    repo, _clock, _data = history
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((project / "content/feed.xml").read_bytes())
    entries = feed.findall("a:entry", ns)
    newest = entries[0]
    assert "账本链头已签名" in newest.findtext("a:title", namespaces=ns)
    assert feed.findtext("a:updated", namespaces=ns) == newest.findtext("a:updated",
                                                                        namespaces=ns)
    assert all(e.findtext("a:updated", namespaces=ns) <= newest.findtext("a:updated",
                                                                          namespaces=ns)
               for e in entries)


def test_a_lost_key_says_in_both_languages_how_to_bring_it_back_or_start_again(history):
    """It said: bring the key back from a backup (or rotate: see the README), and rotating
    needs the very key that is lost (steward key rotate gave the same message back)."""
    repo, _clock, data = history
    os.remove(data / keyfiles.KEY_FILE)
    money(repo, "east", 100)
    with pytest.raises(Exception) as caught:
        record_heads(repo)
    said = str(caught.value)
    assert "rotate" not in said
    assert "签名密钥" in said and "请从备份里取回" in said and "heads.jsonl" in said
    assert f"steward restore BACKUP --data {data.absolute().parent / 'steward-old'}" in said
    assert "If the key is lost" in said
    rotated = runner.invoke(steward_cli.app, ["key", "rotate", "--data", str(data)])
    assert rotated.exit_code == 1 and "rotate" not in rotated.output.split("steward:", 1)[1]


def test_key_show_says_when_the_private_key_is_missing(history):
    """It printed the public key and exit 0: after a restore, 'the key on the notice
    board' looked fine while the next publish could sign nothing."""
    _repo, _clock, data = history
    assert runner.invoke(steward_cli.app, ["key", "show", "--data", str(data)]).exit_code == 0
    os.remove(data / keyfiles.KEY_FILE)
    shown = runner.invoke(steward_cli.app, ["key", "show", "--data", str(data)])
    assert shown.exit_code == 1
    assert shown.output.splitlines()[0] == public_key(data)
    assert "不见了" in shown.output and "is missing" in shown.output
    # in Chinese first, as verify's problems are (it read 'FAILED: 签名密钥 … 不见了 …')
    assert shown.output.splitlines()[-1].startswith("未通过：签名密钥 "), shown.output


def test_steward_verify_says_when_the_signing_key_is_missing(history):
    """The nightly check passed (核对通过, exit 0) with the key gone: the first to know was
    the next publish, which signs nothing. Now it says so and exits 1, the ledgers sound."""
    repo, _clock, data = history
    repo.close()
    os.remove(data / keyfiles.KEY_FILE)
    checked = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert checked.exit_code == 1, checked.output
    assert "核对通过" in checked.output  # the ledgers are sound
    assert "但是：签名密钥" in checked.output and "不见了" in checked.output
    assert "steward key lost --reason" in checked.output and "signs no head" in checked.output


def test_the_last_head_signed_is_read_one_way_for_an_area_and_for_any_area():
    """``last_signed_day`` (one area's last head: a fee dated before it is booked late) and
    the clock check before signing (any area's) scanned the head log each their own way."""
    from db.heads import last_head_at

    records = [{"type": "key", "n": 1, "at": "2025-01-01T08:00:00+08:00"},
               {"type": "head", "n": 2, "area": "east", "at": "2025-02-01T09:00:00+08:00"},
               {"type": "head", "n": 3, "area": "west", "at": "2025-03-01T10:00:00+08:00"},
               {"type": "head", "n": 4, "area": "east"},  # no time: passed over
               {"type": "restore", "n": 5, "at": "2025-04-01T11:00:00+08:00"}]
    assert last_head_at(records) == "2025-03-01T10:00:00+08:00"
    assert last_head_at(records, "east") == "2025-02-01T09:00:00+08:00"
    assert last_head_at(records, "north") == ""
    assert last_head_at([]) == ""
