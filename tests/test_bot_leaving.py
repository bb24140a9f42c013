"""A main-menu button, a command or a go: button pressed in the middle of a flow
leaves the flow and acts on the first press (bot/leaving.py), keeping what had been
entered to go on with later (bot/kept.py, tests/test_bot_kept.py), or saying it was
not kept."""

from __future__ import annotations

import types

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident

from bot import conversation
from bot.conversation import IdleConversation
from bot.settings import Settings
from db.entries import Kind

NOT_KEPT = "没有提交，也没有保存"
KEPT = "先为您保留"  # "...: press 继续填写" (bot/kept.py)
PRESS_AGAIN = "请再按一次按钮"
MENU = ("报事", "提意见", "投票", "缴费登记", "账目", "我的", "帮助")
# What each menu button answers with first (its own action, not a note on the flow).
ACTS = {"报事": "是什么问题", "提意见": "请写下您的意见", "投票": "没有正在表决的提议",
        "缴费登记": "您交的是哪项费用", "账目": "账目", "我的": "您提交的内容", "帮助": "小区管家"}


def ongoing(bot: BotHarness, user: int) -> list[str]:
    """The flows ``user`` is in (in a private chat)."""
    return sorted(str(h.name) for hs in bot.app.handlers.values() for h in hs
                  if isinstance(h, IdleConversation)
                  and h._conversations.get((user, user)) is not None)


async def test_a_menu_button_in_the_middle_of_a_report_shows_mine_at_once_and_says_the_report_is_kept(repo):  # noqa: E501
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "楼道的灯坏了三天了")
        calls = await bot.send(5001, "我的")
        texts = [c.text for c in calls if c.text]
        assert f"您没填完的“报事”{KEPT}" in texts[0]
        assert "您提交的内容" in texts[-1] and PRESS_AGAIN not in " ".join(texts)
        assert ongoing(bot, 5001) == []
        after = await bot.send(5001, "楼道的灯坏了三天了")  # no longer the report's step
    assert "照片" not in after[-1].text
    assert repo.entries(kind="issue") == []


@pytest.mark.parametrize("flow", ["/report", "/opinion", "/pay"])
async def test_every_menu_button_acts_on_the_first_press_from_the_start_of_a_flow(repo, flow):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        for label in MENU:
            await bot.send(5001, flow)
            calls = await bot.send(5001, label)
            texts = " ".join(c.text for c in calls)
            assert ACTS[label] in calls[0].text, (flow, label, texts)
            # nothing had been entered: no word on what was (not) kept
            assert NOT_KEPT not in texts and KEPT not in texts and PRESS_AGAIN not in texts
            expected = {"报事": ["report"], "提意见": ["opinion"], "缴费登记": ["pay"]}
            assert ongoing(bot, 5001) == expected.get(label, []), (flow, label)
            await bot.send(5001, "/cancel")


async def test_a_vote_button_pressed_during_pay_leaves_pay_so_later_text_is_not_its_step(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/pay")
        await bot.press(5001, "pay:fee:property")
        calls = await bot.send(5001, "投票")
        assert f"您没填完的“缴费登记”{KEPT}" in calls[0].text
        assert "没有正在表决的提议" in calls[-1].text
        assert ongoing(bot, 5001) == []
        later = await bot.send(5001, "2025年上半年")  # was the period step's answer
    assert "金额" not in later[-1].text and "期间" not in later[-1].text


async def test_a_command_or_go_button_in_the_middle_of_a_flow_acts_at_once(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/opinion")
        await bot.send(5001, "希望多装几个路灯")
        mine = await bot.send(5001, "/mine")
        assert f"您没填完的“提意见”{KEPT}" in mine[0].text
        assert "您提交的内容" in mine[-1].text
        await bot.send(5001, "/pay")
        report = await bot.press(5001, "go:report")
        assert NOT_KEPT not in " ".join(c.text for c in report)
        assert KEPT not in " ".join(c.text for c in report)
        assert "是什么问题" in report[-1].text
        assert ongoing(bot, 5001) == ["report"]
    assert repo.entries(kind="opinion") == []


async def test_cancel_in_the_middle_of_a_flow_still_says_nothing_was_saved(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/opinion")
        await bot.send(5001, "希望多装几个路灯")
        calls = await bot.send(5001, "/cancel")
        assert [c.text for c in calls] == ["已取消，没有保存任何内容。"]
        assert ongoing(bot, 5001) == []


async def test_a_flow_left_by_a_menu_button_is_not_later_said_to_have_timed_out(repo,
                                                                                monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(conversation, "time",
                        types.SimpleNamespace(monotonic=lambda: now[0]))
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", conversation_timeout=100.0)
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "账目")
        now[0] += 1000
        for hs in bot.app.handlers.values():
            for h in hs:
                if isinstance(h, IdleConversation):
                    await h.end_idle(bot.app)
        assert not any("一阵子没有回复" in t for t in bot.texts_to(5001))
        assert any("账目" in t for t in bot.texts_to(5001))


async def test_the_leaving_handlers_take_a_command_only_from_someone_in_a_flow(repo):
    # A command or menu button outside any flow (most of them) is not taken by the
    # leaving group at all: nothing to leave, no second handler run for it.
    from telegram import Update

    from bot.leaving import LEAVE_GROUP

    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        leaving = bot.app.handlers[LEAVE_GROUP]

        def taken(text: str) -> bool:
            update = Update.de_json({"update_id": 1, "message": {
                **bot._message(5001, text=text),
                "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]
                if text.startswith("/") else []}}, bot.app.bot)
            return any(h.check_update(update) not in (None, False) for h in leaving)

        assert not taken("/accounts") and not taken("我的")
        await bot.send(5001, "/report")
        assert taken("/accounts") and taken("我的")
        assert not taken("楼道的灯坏了")  # the flow's own step, not a way out


@pytest.mark.parametrize("word", ["返回", "退出", "上一步", "返回。"])
async def test_back_typed_in_a_flow_is_not_its_answer_and_leaves_it_keeping_the_draft(repo, word):
    """返回 typed in the middle of a flow (as the phone's own 返回 says it) was the step's
    answer: a fee's period 返回, stored and published so; at the photos step words added to
    the report's description; an opinion 返回 shown to be sent. Now it leaves the flow,
    with what she had entered kept behind 继续填写, and the main menu shown."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/pay")
        await bot.press(5001, "pay:fee:sanitation")
        calls = await bot.send(5001, word)
        if word == "上一步":  # at the period: one step back (test_bot_pay_back), then out
            assert calls[-1].text.startswith("您交的是哪项费用？\n现在填的是“卫生费”")
            await bot.press(5001, "pay:keep:fee")
            calls = await bot.send(5001, "返回")
        texts = [c.text for c in calls]
        assert KEPT in texts[0] and [label for label, _ in calls[0].buttons()][0] == "继续填写"
        assert texts[-1] == "已退出“缴费登记”，回到主菜单：请点下方菜单的按钮。"
        assert calls[-1].keyboard()[0] == "报事" and ongoing(bot, 5001) == []
        await bot.press_label(5001, "继续填写")
        calls = await bot.send(5001, "2024年下半年")  # the period step, where she was
        assert "多少钱" in calls[-1].text

        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "楼道的灯坏了三天了")
        calls = await bot.send(5001, word)
        assert "加在描述后面" not in "".join(c.text for c in calls)
        if word == "上一步":  # at the photos: one step back (test_bot_report_back), then out
            assert calls[-1].text.startswith("您的描述：“楼道的灯坏了三天了”")
            calls = await bot.send(5001, "返回")
        assert calls[-1].text == "已退出“报事”，回到主菜单：请点下方菜单的按钮。"
        await bot.send(5001, "/report")
        calls = await bot.press_label(5001, "继续填写")
        assert "楼道的灯坏了三天了" in "".join(c.text for c in calls)

        await bot.send(5001, "/opinion")
        calls = await bot.send(5001, word)  # nothing entered yet: nothing to keep
        assert [c.text for c in calls] == ["已退出“提意见”，回到主菜单：请点下方菜单的按钮。"]
    assert [e for e in repo.entries() if e.kind in (Kind.ISSUE, Kind.OPINION, Kind.FEE_INCOME)] \
        == []
