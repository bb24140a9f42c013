"""An elderly resident types the words of the report she sent minutes ago again (not
sure it went): she read 您刚才写的这段话还没有交给志愿者，也没有保存 with 📝 to report
it again, as if it had not been received (found trying the real ``steward run``).
Now she is told it is her report #N, received; other words are offered as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

WORDS = "3号楼门口路灯不亮"


async def test_her_reports_words_typed_again_say_it_was_received(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, WORDS)
        await bot.press(7001, "rep:said")
        await bot.press_label(7001, "没有照片")
        summary = await bot.press(7001, "rep:pn")
        ok = next(d for c in summary for _, d in c.buttons() if d.startswith("rep:ok"))
        await bot.press(7001, ok)
        [report] = repo.entries(kind=Kind.ISSUE)
        again = await bot.send(7001, f"{WORDS}。")
        other = await bot.send(7001, "楼下的垃圾桶满了三天没人收")
    text = again[-1].text
    assert "这段话就是您" in text and f"报事 #{report.id}，已经收到了，不用再发" in text, text
    assert "没有保存" not in text
    assert not [d for _, d in again[-1].buttons()]
    assert "先替您留着" in other[-1].text  # other words: offered as before
    assert len(repo.entries(kind=Kind.ISSUE)) == 1


async def test_words_typed_outside_a_flow_are_said_kept_not_lost(repo):
    """She read 您刚才写的这段话还没有交给志愿者，也没有保存 under buttons that send those very
    words (kept for her, after a restart too): she feared she must type it all again."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        said = await bot.send(7001, "楼下的垃圾桶满了三天没人收")
    text = said[-1].text
    assert "先替您留着，还没有交给志愿者" in text and "没有保存" not in text, text
    assert any(d.startswith("rep:said") for _, d in said[-1].buttons())
