"""The buttons /ask offers for the latest lines of the accounts say what each line is in
the reader's language, cut cleanly. A line lost in a restore (``db.lost_lines``: its
stored words are Chinese) read 第 N 笔：¥0.00 恢复备份时遗失（2025-01-02 恢复了 2025-,
cut at 24 characters, and an English reader read it so too; a long purpose was cut
mid-word with nothing to say it went on."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from heads_support import money, street_with_history

from db.backup import backup, restore
from db.entries import Kind
from db.repository import Repository


def _labels(calls, uid):  # type: ignore[no-untyped-def]
    return [text for c in calls if c.chat_id == uid for text, d in c.buttons()
            if d.startswith("ask:t:l:")]


async def test_a_line_lost_in_a_restore_is_offered_said_in_the_readers_language(tmp_path):
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    confirmed_resident(repo, 201, "c1/1/1/101", 101)
    lost = len(repo.ledger("east")) + 1
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    money(repo, "east", 3000, expense=True, purpose="备份之后的一笔")
    repo.close()
    restore(tmp_path / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    try:
        async with BotHarness(repo) as bot:
            chinese = await bot.send(201, "/ask")
            await bot.send(201, "/cancel")
            await bot.send(201, "/language")
            await bot.press_label(201, "English")
            english = await bot.send(201, "/ask")
        day = repo.line("east", lost)["date"]
    finally:
        repo.close()
    zh = _labels(chinese, 201)
    en = _labels(english, 201)
    assert f"第 {lost} 笔：恢复备份时遗失（{day}）" in zh, zh
    assert f"Line {lost}: lost in a restore of a backup ({day})" in en, en
    assert not any("恢复" in label for label in en), en
    assert not any("¥0.00" in label for label in zh + en)


async def test_a_long_purpose_is_cut_with_an_ellipsis(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    purpose = "院内路面硬化第二期工程尾款（含东侧排水沟和三号楼门口台阶）"
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "施工队", "purpose": purpose, "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        offered = await bot.send(7001, "/ask")
    [label] = _labels(offered, 7001)
    assert label.startswith("第 1 笔：-¥250.00 院内路面硬化") and label.endswith("…"), label
    assert len(label) <= 40, label
