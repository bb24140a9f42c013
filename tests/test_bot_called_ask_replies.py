"""A volunteer's reply to an opinion (/reply) or answer to a question (/answer) calling
someone by surname went at once to its author and the site; only then was she told to
/correct or /hide it. Now it is asked about first, as a stage note is
(``test_bot_called_ask``): 照发 / 隐去“老杨”再发 / 取消, nothing sent or published before a
press, once, only by her."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.redact import NAME_MASK


def _to(calls, uid):  # type: ignore[no-untyped-def]
    return [c.text for c in calls if c.chat_id == uid and c.method == "sendMessage"]


def _opinion(repo) -> int:  # type: ignore[no-untyped-def]
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    opinion = repo.submit(author, Kind.OPINION, "east", {"text": "希望装晾衣架"}).id
    repo.approve(opinion, pid(repo, 102))
    return opinion


def _question(repo):  # type: ignore[no-untyped-def]
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.ask(pid(repo, 5001), "east", "line", 1, "这笔钱给了谁？")
    return repo.approve(q.id, pid(repo, 101))


async def test_a_named_reply_goes_to_its_author_only_when_pressed_and_masked_as_chosen(repo):
    opinion = _opinion(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/reply {opinion} 已请老杨装好两个晾衣架")
        buttons = {t: d for c in asked for t, d in c.buttons()}
        sent = await bot.press(101, buttons["隐去“老杨”再发"])
        again = await bot.press(101, buttons["照发"])
    assert _to(asked, 5001) == [] and f"意见 #{opinion} 的提出人会在聊天里收到" in asked[-1].text
    [told] = _to(sent, 5001)
    assert f"已请{NAME_MASK}装好两个晾衣架" in told and "老杨" not in told
    [published] = repo.entries(kind=Kind.PROGRESS_NOTE)
    assert published.data["text"] == f"已请{NAME_MASK}装好两个晾衣架"
    assert _to(again, 5001) == [] and "已经发出或已取消" in _to(again, 101)[-1]


async def test_a_named_reply_cancelled_or_pressed_by_another_publishes_nothing(repo):
    opinion = _opinion(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/reply {opinion} 已请老杨装好两个晾衣架")
        send = next(d for c in asked for t, d in c.buttons() if t == "照发")
        forged = await bot.press(102, send)
        await bot.press_label(101, "取消")
        late = await bot.press(101, send)
    assert _to(forged, 5001) == [] and _to(late, 5001) == []
    assert repo.entries(kind=Kind.PROGRESS_NOTE) == []
    assert "已经发出或已取消" in _to(late, 101)[-1]


async def test_a_named_answer_is_published_once_when_sent_as_is(repo):
    q = _question(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(102, f"/answer {q.id} 付给清运公司，是张阿姨联系的")
        send = next(d for c in asked for t, d in c.buttons() if t == "照发")
        assert repo.entry(q.id).status == "approved" and _to(asked, 5001) == []
        sent = await bot.press(102, send)
        again = await bot.press(102, send)
    assert [t for t in _to(sent, 5001) if "是张阿姨联系的" in t] and _to(again, 5001) == []
    assert repo.entry(q.id).data["answer"] == "付给清运公司，是张阿姨联系的"
    assert "像是在称呼" not in _to(sent, 102)[-1]


async def test_a_reply_and_an_answer_calling_no_one_go_at_once(repo):
    opinion = _opinion(repo)
    async with BotHarness(repo) as bot:
        replied = await bot.send(101, f"/reply {opinion} 已在院内东侧装好两个晾衣架")
    assert len(_to(replied, 5001)) == 1 and len(repo.entries(kind=Kind.PROGRESS_NOTE)) == 1
