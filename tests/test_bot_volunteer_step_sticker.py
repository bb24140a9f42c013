"""A volunteer's one-line steps (a voice message's summary, the words to hide, a reply
to an opinion, an answer to a question) with a sticker or a voice message sent there
instead of words (a thumb slipped): it fell to the chat's free-text handler, which said
您刚才办理的事情已中断 and left the step's conversation waiting without its draft, so
the words she typed next got no answer at all and nothing was done. Now the step says
what it takes again and the words typed next do what she asked (found with a rejection's
reason in the real ``steward run``; test_bot_reject_typed_reason has that one)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.voice import PLACEHOLDER

STICKER = {"file_id": "stk", "file_unique_id": "ustk", "width": 512, "height": 512,
           "is_animated": False, "is_video": False, "type": "regular", "emoji": "👍"}


async def _slip(bot, uid: int) -> list:  # type: ignore[no-untyped-def]
    """A sticker, then a voice message, at the step: the step's words come again."""
    stuck = await bot.send_raw(uid, sticker=STICKER)
    spoken = await bot.send_voice(uid)
    assert "中断" not in stuck[-1].text and stuck[-1].text, stuck[-1].text
    assert "语音没有保存" in spoken[-1].text, spoken[-1].text
    return [stuck[-1].text, spoken[-1].text]


async def test_a_sticker_at_a_voice_messages_summary_step_asks_for_the_summary_again(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    voice = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "septic", "text": PLACEHOLDER, "voice": "a" * 64 + ".ogg",
                         "voice_seconds": 23})
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:v:{voice.id}")
        said = await _slip(bot, 101)
        await bot.send(101, "3号楼化粪池满了，要清掏")
    assert all("摘要" in s for s in said), said
    assert repo.entry(voice.id).status == Status.APPROVED


async def test_a_sticker_at_the_words_to_hide_asks_for_the_words_again(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "dispute", "text": "王建国家的狗天天叫"})
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:h:{issue.id}")
        said = await _slip(bot, 101)
        done = await bot.send(101, "王建国")
    assert all("隐去" in s for s in said), said
    assert any("王建国" in c.text and "隐去" in c.text for c in done), [c.text for c in done]


async def test_a_sticker_at_a_replys_step_asks_for_the_reply_again(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    opinion = repo.approve(repo.submit(author, Kind.OPINION, "east",
                                       {"text": "建议在院里装两个晾衣架"}).id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/reply {opinion.id}")
        said = await _slip(bot, 101)
        done = await bot.send(101, "已在院内东侧装好两个晾衣架")
    assert all("回复" in s for s in said), said
    assert any(c.chat_id == 5001 and "已在院内东侧装好两个晾衣架" in c.text for c in done)


async def test_a_sticker_at_an_answers_step_asks_for_the_answer_again(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.approve(repo.ask(pid(repo, 5001), "east", "line", 1, "这笔钱给了谁？").id,
                     pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/answer {q.id}")
        said = await _slip(bot, 102)
        done = await bot.send(102, "付给了清运公司，发票见账目第 1 笔")
    assert all("答复" in s for s in said), said
    assert any(c.chat_id == 5001 and "付给了清运公司" in c.text for c in done)


async def test_every_step_of_every_flow_has_an_answer_for_anything_sent(repo):
    """Each step's last handlers take any message (``bot.flows.unexpected``): a step
    without, its conversation is left waiting by the free-text handler's 已中断."""
    from telegram.ext import MessageHandler

    from bot.conversation import IdleConversation

    async with BotHarness(repo) as bot:
        flows = [h for hs in bot.app.handlers.values() for h in hs
                 if isinstance(h, IdleConversation)]
    assert flows
    missing = [(flow.name, state) for flow in flows for state, handlers in flow.states.items()
               if state != IdleConversation.TIMEOUT and not any(
                   isinstance(h, MessageHandler) and "filters.ALL" in repr(h.filters)
                   for h in handlers)]
    assert missing == []
