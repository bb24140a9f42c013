"""没有解决：#N asks before it reopens a resolved report: one tap scrolling back under
an old 已解决 reopened it at once and told every volunteer, with nothing to undo."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status

HOME = "c1/1/1/101"


def resolved_issue(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(me, Kind.ISSUE, "east", {"category": "septic", "text": "下水道堵了"})
    vol = pid(repo, 101)
    repo.approve(issue.id, vol)
    repo.issue_step(issue.id, vol, Status.RESOLVED, "已疏通")
    return issue


async def test_not_fixed_asks_first_and_pressed_by_mistake_changes_nothing(repo):
    issue = resolved_issue(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.press(7001, f"mine:reopen:{issue.id}")
        # nothing written, nobody else told before she confirms
        assert repo.entry(issue.id).status == Status.RESOLVED
        assert {c.chat_id for c in asked if c.method == "sendMessage"} == {7001}
        assert asked[-1].text == (f"#{issue.id} 的问题还没有解决吗？（下水道堵了）"
                                  "确认后会重新打开并通知志愿者。")
        assert asked[-1].buttons() == [("是的，还没解决", f"mine:reopen_yes:{issue.id}"),
                                       ("按错了，不用", f"mine:reopen_no:{issue.id}")]
        kept = await bot.press(7001, f"mine:reopen_no:{issue.id}")
    assert repo.entry(issue.id).status == Status.RESOLVED
    assert {c.chat_id for c in kept if c.method == "sendMessage"} == {7001}
    assert kept[-1].text == f"没有改动：#{issue.id} 仍是“已解决”，也没有通知志愿者。"


async def test_yes_reopens_once_and_tells_the_volunteers(repo):
    issue = resolved_issue(repo)
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"mine:reopen:{issue.id}")
        calls = await bot.press(7001, f"mine:reopen_yes:{issue.id}")
        again = await bot.press(7001, f"mine:reopen_yes:{issue.id}")
        late_no = await bot.press(7001, f"mine:reopen_no:{issue.id}")
    entry = repo.entry(issue.id)
    assert entry.status == Status.REOPENED
    assert [h.get("to") for h in entry.history].count(str(Status.REOPENED)) == 1
    assert {c.chat_id for c in calls if c.method == "sendMessage"} == {7001, 101, 102}
    assert calls[-1].text == f"#{issue.id} 已转为“重新处理”，已告知志愿者问题没有解决。"
    stands = f"#{issue.id} 现在是“重新处理”，不是“已解决”，这次没有做任何改动。"
    assert again[-1].text == stands and late_no[-1].text == stands
    assert {c.chat_id for c in again + late_no if c.method == "sendMessage"} == {7001}


async def test_a_forged_yes_or_one_of_someone_else_reopens_nothing(repo):
    issue = resolved_issue(repo)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        for who, data in ((7002, f"mine:reopen_yes:{issue.id}"),
                          (7002, f"mine:reopen:{issue.id}"),
                          (7002, f"mine:reopen_no:{issue.id}"),
                          (7001, "mine:reopen_yes:x"), (7001, "mine:reopen_yes:"),
                          (7001, "mine:reopen_yes:99999"), (7001, "mine:zap:1")):
            calls = await bot.press(who, data)
            assert calls[0].method == "answerCallbackQuery", data
            assert calls[-1].text, data
            assert {c.chat_id for c in calls if c.method == "sendMessage"} <= {who}, data
    assert repo.entry(issue.id).status == Status.RESOLVED


async def test_pressed_wrong_typed_at_the_question_says_nothing_changed(repo):
    """按错了 typed after 没有解决 got only the greeting, as if the bot had not heard."""
    issue = resolved_issue(repo)
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"mine:reopen:{issue.id}")
        typed = await bot.send(7001, "按错了")
        later = await bot.send(7001, "按错了")  # once answered, not about it any more
    assert repo.entry(issue.id).status == Status.RESOLVED
    assert typed[-1].text == f"没有改动：#{issue.id} 仍是“已解决”，也没有通知志愿者。"
    assert {c.chat_id for c in typed if c.method == "sendMessage"} == {7001}
    assert "仍是“已解决”" not in later[-1].text


async def test_words_typed_at_the_question_ask_it_again_and_go_to_the_volunteers_with_yes(
        repo):
    """扶手还是松的 typed at 还没有解决吗？ instead of a press: offered as a new report or an
    opinion, the question left unanswered above. Now it is asked again right below, nothing
    changed yet, and with 是的 her words go to the volunteers."""
    issue = resolved_issue(repo)
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"mine:reopen:{issue.id}")
        typed = await bot.send(7001, "还是堵，水漫到楼道了")
        assert repo.entry(issue.id).status == Status.RESOLVED
        assert "还是堵，水漫到楼道了" in typed[-1].text and "还没有解决吗" in typed[-1].text
        assert [d for _, d in typed[-1].buttons()] == [f"mine:reopen_yes:{issue.id}",
                                                       f"mine:reopen_no:{issue.id}"]
        assert {c.chat_id for c in typed if c.method == "sendMessage"} == {7001}
        yes = await bot.press(7001, f"mine:reopen_yes:{issue.id}")
        later = await bot.send(7001, "楼下的垃圾桶满了三天没人收")  # not about it any more
    assert repo.entry(issue.id).status == Status.REOPENED
    told = [c.text for c in yes if c.chat_id == 101]
    assert told and "居民写道：还是堵，水漫到楼道了" in told[-1], told
    assert "还没有解决吗" not in later[-1].text
