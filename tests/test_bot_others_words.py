"""A neighbour's report as the bot shows it to another resident: the similar reports the
report flow offers ("me too"), and those she said "me too" to under 我的. They are read
as the public site reads them: the words of someone who asked to be forgotten (or who
withdrew her consent) are not shown; a correction stands in place of what it corrected;
a registered person's name and a room number are masked. Before, the bot showed a
neighbour the words as they were typed, phone numbers alone masked, so /forget's "the
words of what you published come off the website" still left them in the bot."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.privacy import WITHHELD_ZH
from db.withheld import ERASED_ZH

HOME, NEIGHBOUR = "c1/1/1/101", "c1/1/1/102"
WORDS = "路灯不亮了，晚上很黑，在502室王秀兰家门口"


def _neighbours_report(repo, text=WORDS):
    author = confirmed_resident(repo, 7002, NEIGHBOUR, 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})
    repo.approve(issue.id, pid(repo, 101))
    return author, issue


async def _offered(bot) -> str:
    calls = await bot.send(7001, "/report")
    data = next(d for c in reversed(calls) for label, d in c.buttons() if "路灯" in label)
    await bot.press(7001, data)
    calls = await bot.send(7001, "路灯不亮了，晚上很黑")
    return "\n".join(c.text for c in calls if c.chat_id == 7001)


async def test_a_forgotten_neighbours_words_are_not_offered_as_a_similar_report(repo):
    # /forget deletes her words from the store (342dd3b0, PIPL art. 47): nothing of them is
    # left to find the report by, nor to show; the report flow goes on to its photos
    confirmed_resident(repo, 7001, HOME, 101)
    author, issue = _neighbours_report(repo)
    repo.forget(author)
    assert repo.entry(issue.id).data["text"] == ERASED_ZH
    async with BotHarness(repo) as bot:
        said = await _offered(bot)
    assert "照片" in said, said
    assert "王秀兰" not in said and "路灯不亮了，晚上很黑，在" not in said, said
    assert f"#{issue.id}" not in said or WITHHELD_ZH in said, said


async def test_a_similar_report_is_offered_with_names_and_rooms_masked_as_on_the_site(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.ensure_person(7009, name="王秀兰")  # someone the street knows by that name
    _, issue = _neighbours_report(repo)
    async with BotHarness(repo) as bot:
        said = await _offered(bot)
    assert f"#{issue.id}" in said, said
    assert "王秀兰" not in said and "502" not in said, said
    assert "路灯不亮了，晚上很黑" in said, said


async def test_a_similar_report_naming_someone_nobody_registered_is_masked_as_on_the_site(repo):
    # PIPL art. 25: the site masks the full name of a neighbour who never registered
    # (db.redact.NameMask with strangers); the bot offered it to every resident as typed
    confirmed_resident(repo, 7001, HOME, 101)
    _, issue = _neighbours_report(repo, "路灯不亮了，晚上很黑，赵铁柱家门口最黑，Zhang Jianguo也说")
    async with BotHarness(repo) as bot:
        said = await _offered(bot)
    assert f"#{issue.id}" in said, said
    assert "赵铁柱" not in said and "Zhang Jianguo" not in said, said
    assert "路灯不亮了，晚上很黑，[姓名已隐藏]家门口" in said, said


async def test_a_corrected_report_is_offered_as_corrected(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    author, issue = _neighbours_report(repo, "路灯不亮了，晚上很黑，都怪楼下老周")
    fix = repo.correct(author, issue.id, "路灯不亮了，晚上很黑", "不该写邻居")
    repo.approve(fix.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        said = await _offered(bot)
    assert f"#{issue.id}" in said, said
    assert "老周" not in said, said


async def test_mine_lists_the_reports_she_backed_without_a_forgotten_authors_words(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    author, issue = _neighbours_report(repo)
    repo.me_too(issue.id, me)
    repo.forget(author)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mine")
    said = "\n".join(c.text for c in calls if c.chat_id == 7001)
    assert f"#{issue.id}" in said, said
    assert "王秀兰" not in said and "路灯不亮了，晚上很黑，在" not in said, said
