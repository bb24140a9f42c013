"""/correct asks for 更正后的完整文字; a resident who typed only the fix (扶手是2单元的) had
it take the place of her whole report on the website once approved, the rest of her
words gone without a word said. Now a correction much shorter than the words it
corrects is shown back with what it would do, and she chooses: add it to the words as
they are, or replace them all; or she types the whole text again."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.handlers.correct import partial
from db.entries import Kind

HOME = "c1/1/1/101"
WORDS = "1号楼1单元楼梯扶手松动了，老人上下楼很危险，请尽快修一下，谢谢"


def _published(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "other", "text": WORDS})
    repo.approve(issue.id, pid(repo, 101))
    return issue


async def test_only_the_fix_typed_is_asked_about_and_added_to_the_words(repo):
    issue = _published(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        asked = await bot.send(7001, "是2单元的")
        said = asked[-1].text
        assert "整段话都会换成您刚写的“是2单元的”" in said, said
        assert [d for _, d in asked[-1].buttons()][:2] == ["cor:add", "cor:whole"]
        calls = await bot.press(7001, "cor:add")
        assert "为什么更正" in calls[-1].text or "理由" in calls[-1].text, calls[-1].text
        await bot.press(7001, "cor:skip")
        await bot.press_label(7001, "提交")
    [correction] = repo.entries(kind=Kind.CORRECTION)
    assert correction.data["text"] == f"{WORDS}（更正：是2单元的）"


async def test_replace_all_keeps_what_she_typed_as_the_whole_text(repo):
    issue = _published(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        await bot.send(7001, "扶手松了")
        await bot.press(7001, "cor:whole")
        await bot.press(7001, "cor:skip")
        await bot.press_label(7001, "提交")
    [correction] = repo.entries(kind=Kind.CORRECTION)
    assert correction.data["text"] == "扶手松了"


async def test_the_whole_text_typed_again_goes_on_without_asking(repo):
    issue = _published(repo)
    whole = WORDS.replace("1单元", "2单元")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        await bot.send(7001, "是2单元的")
        calls = await bot.send(7001, whole)
        assert "cor:add" not in [d for c in calls for _, d in c.buttons()]
        await bot.press(7001, "cor:skip")
        await bot.press_label(7001, "提交")
        forged = await bot.press(7001, "cor:add")  # an old button, its draft gone
    [correction] = repo.entries(kind=Kind.CORRECTION)
    assert correction.data["text"] == whole
    assert len(repo.entries(kind=Kind.CORRECTION)) == 1 and forged


def test_a_fix_is_much_shorter_than_the_words_it_corrects():
    assert partial(WORDS, "是2单元的")
    assert not partial(WORDS, WORDS.replace("，谢谢", ""))  # a name taken out: the whole
    assert not partial("路灯坏了", "灯")  # words too short to tell
