"""A ledger line lost in a restore (``db.lost_lines``) in the bot: /accounts says what
it is in the reader's language (its stored words are Chinese), and /reverse of it says
why it cannot be. Before, /accounts clipped the stored text mid-sentence, English
readers read it in Chinese, and /reverse N failed on the line's missing entry."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident
from heads_support import money, street_with_history

from db.backup import backup, restore
from db.repository import Repository


async def test_accounts_and_reverse_say_what_a_line_lost_in_a_restore_is(tmp_path):
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
            [accounts] = await bot.send(201, "/accounts")
            reverse = await bot.send(101, f"/reverse {lost}")
            await bot.send(201, "/language")
            await bot.press_label(201, "English")
            [english] = await bot.send(201, "/accounts")
    finally:
        repo.close()
    assert f"第 {lost} 笔：" in accounts.text and "原来的这一笔见之前公开的账目" in accounts.text
    assert "恢复备份时遗失" in accounts.text, accounts.text
    assert f"Line {lost}:" in english.text and "lost in a restore of a backup" in english.text
    assert f"第 {lost} 笔是恢复备份时遗失的，没有金额，不能冲正" in reverse[-1].text, \
        [m.text for m in reverse]


async def test_accounts_says_a_line_found_again_was_line_n_before(tmp_path):
    """A newer backup restored over lost lines (``db.found_lines``): /accounts says of
    the line recorded again which number it had, in the reader's language."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    confirmed_resident(repo, 201, "c1/1/1/101", 101)
    lost = len(repo.ledger("east")) + 1
    repo.close()
    backup(data, tmp_path / "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    money(repo, "east", 3000, expense=True, purpose="备份之后的一笔")
    repo.close()
    backup(data, tmp_path / "newer.tar.gz")
    restore(tmp_path / "older.tar.gz", data)
    restore(tmp_path / "newer.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    try:
        async with BotHarness(repo) as bot:
            [accounts] = await bot.send(201, "/accounts")
            reverse = await bot.send(101, f"/reverse {lost}")
            await bot.send(201, "/language")
            await bot.press_label(201, "English")
            [english] = await bot.send(201, "/accounts")
    finally:
        repo.close()
    assert f"第 {lost + 1} 笔：" in accounts.text and "-¥30.00" in accounts.text, accounts.text
    assert f"备份之后的一笔（原第 {lost} 笔，恢复备份时找回）" in accounts.text, accounts.text
    assert f"(line {lost} before, found again in a restore of a backup)" in english.text
    # the lost line says where its line went, and is not to be entered again
    assert f"恢复备份时遗失（{lost_day(accounts.text, lost)}），后来恢复备份时找回，记为第 " \
        f"{lost + 1} 笔" in accounts.text, accounts.text
    assert f"found again by a later restore, as line {lost + 1}" in english.text, english.text
    said = reverse[-1].text  # before: 原来那一笔请用 /income 或 /expense 重新登记 (twice the money)
    assert f"后来恢复备份时原来那一笔找回了，记为第 {lost + 1} 笔：不要再登记一次" in said, said


def lost_day(text: str, seq: int) -> str:
    """The date /accounts shows on line ``seq``."""
    line = next(x for x in text.splitlines() if f"第 {seq} 笔：" in x)
    return line.split("：", 1)[1].split()[0]
