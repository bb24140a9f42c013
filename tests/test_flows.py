"""Every multi-step flow, a resident's or a volunteer's, is written the one way
bot/flows.py describes: named states of its own, callbacks with a one-line
imperative docstring, a button press answered before anything else, and the
flow's buttons refused once it has ended."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, TypeHandler

from bot.app import all_commands, all_handlers
from bot.conversation import IdleConversation
from db.entries import Kind

FLOWS = {c.flow.name: c for c in all_commands() if c.flow is not None}
BUTTON_PREFIXES = {"report": "rep", "pay": "pay", "opinion": "op", "income": "inc",
                   "expense": "exp", "propose": "prop", "closevote": "cv", "withdraw": "wd",
                   "ask": "ask", "meeting": "mt", "proxy": "px", "reply": "rpl"}


def flow_handlers(name: str) -> Iterator[BaseHandler[Any, Any, Any]]:
    flow = FLOWS[name].flow
    assert flow is not None
    yield from flow.entry_points
    for handlers in flow.states.values():
        yield from handlers


def callbacks(handlers: Any) -> dict[str, Any]:
    """The callbacks of handlers written in bot/, by qualified name (the closures
    ``unexpected`` makes are one shared helper, checked once)."""
    found = {}
    for h in handlers:
        cb = getattr(h, "callback", None)
        if cb is not None and cb.__module__.startswith("bot.") and not isinstance(h, TypeHandler):
            found[f"{cb.__module__}.{cb.__qualname__}"] = cb
    return found


def first_await(fn: Any, seen: frozenset[str] = frozenset()) -> str:
    """What ``fn`` awaits first, following calls into functions of its own module."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    awaits = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Await)),
                    key=lambda n: (n.lineno, n.col_offset))
    if not awaits or not isinstance(awaits[0].value, ast.Call):
        return ""
    call = awaits[0].value.func
    name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
    inner = fn.__globals__.get(name)
    # Into the flow's own helpers, and into bot.flows' and bot.asked's (``confirmed``
    # answers first).
    if inspect.iscoroutinefunction(inner) and name not in seen and name != "answer" \
            and inner.__module__ in (fn.__module__, "bot.flows", "bot.asked"):
        return first_await(inner, seen | {name})
    return name


def test_the_walk_sees_every_flow_of_residents_and_volunteers():
    assert set(FLOWS) == {"report", "pay", "opinion", "income", "expense", "propose",
                          "reject", "closevote", "withdraw", "correct", "rev", "separate",
                          "summary", "election", "seat", "ask", "meeting", "answer", "mode",
                          "announce", "proxy", "reply", "grant", "revoke", "hide"}
    assert len(callbacks(h for name in FLOWS for h in flow_handlers(name))) > 40


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_a_flows_states_are_named_after_it(name):
    flow = FLOWS[name].flow
    assert flow is not None and flow.states
    for state in flow.states:
        assert isinstance(state, str) and state.startswith(f"{name}:"), state


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_every_callback_of_a_flow_says_in_one_line_what_it_does(name):
    for qualname, cb in callbacks(flow_handlers(name)).items():
        doc = inspect.getdoc(cb) or ""
        first = doc.split("\n")[0]
        assert first.endswith(".") and first[:1].isupper(), qualname
        assert first.split()[0].endswith("s"), f"{qualname}: say what it does ({first!r})"


def _button_callbacks() -> dict[str, Any]:
    handlers = [h for name in FLOWS for h in flow_handlers(name)] + list(all_handlers())
    return callbacks(h for h in handlers if isinstance(h, CallbackQueryHandler))


def test_every_button_callback_answers_the_press_before_anything_else():
    found = _button_callbacks()
    assert {"bot.handlers.vote.on_vote", "bot.handlers.report_place.on_unit",
            "bot.handlers.income.on_fee", "bot.flows.stale_button"} <= set(found)
    late = {name: first_await(cb) for name, cb in found.items() if first_await(cb) != "answer"}
    assert late == {}


def test_the_answer_first_check_follows_a_callback_into_its_helper():
    async def helper(update):
        await answer(update)  # noqa: F821 -- never run, only read

    async def delegating(update):
        """Delegates."""
        return await helper(update)

    assert first_await(helper) == "answer"
    assert first_await(delegating) == "helper"  # not of a module: not followed


@pytest.mark.parametrize(("name", "prefix"), sorted(BUTTON_PREFIXES.items()))
async def test_a_flows_buttons_are_refused_once_it_has_ended(repo, name, prefix):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        [flow] = [h for hs in bot.app.handlers.values() for h in hs
                  if isinstance(h, IdleConversation) and h.name == name]
        for data in (f"{prefix}:cancel", f"{prefix}:zz", f"{prefix}:ok:1"):
            calls = await bot.press(7001, data)
            assert calls[0].method == "answerCallbackQuery", data
            assert "失效" in calls[-1].text, data
            assert flow.waiting == 0  # no flow was started by it
    assert bot.texts_to(101) == []  # and nobody was told of anything


async def test_a_button_of_an_ended_flow_says_nothing_was_done_and_where_to_look(repo):
    """A resident back a day later presses Submit under her opinion, whose flow had
    timed out, and read only 'That button is no longer valid' (found in a trial of the
    real steward run): she could not tell whether it was sent. She is told this press
    did nothing, where her submissions are (我的), and gets the menu to start again."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send(7001, "路灯坏了")
        await bot.send(7001, "/cancel")
        calls = await bot.press(7001, "op:ok")
    answer = calls[-1]
    assert "失效" in answer.text and "没有做任何事" in answer.text and "“我的”" in answer.text
    assert answer.keyboard()[:3] == ["报事", "提意见", "投票"]
    assert repo.entries(kind=Kind.OPINION) == []


async def test_every_flow_ends_with_the_same_fallbacks(repo):
    async with BotHarness(repo) as bot:
        flows = [h for hs in bot.app.handlers.values() for h in hs
                 if isinstance(h, ConversationHandler)]
    assert {f.name for f in flows} == set(FLOWS)
    for f in flows:
        assert [h.callback.__qualname__ for h in f.fallbacks] == ["cancel", "cancel",
                                                                  "interrupted"]


@pytest.mark.parametrize("typed", ["取消", "算了", " 取消。", "不报了", "我先不提了", "算了吧"])
async def test_cancel_typed_in_a_step_leaves_the_flow_and_saves_nothing(repo, typed):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "报事")
        at_buttons = await bot.send(5001, typed)  # where a category button is expected
        await bot.send(5001, "提意见")
        at_text = await bot.send(5001, typed)  # where the opinion's words are expected
        after = await bot.send(5001, "多种几棵树")
    for calls in (at_buttons, at_text):
        assert "已取消" in calls[-1].text and "没有保存" in calls[-1].text
    assert repo.entries(kind=Kind.ISSUE) == [] and repo.entries(kind=Kind.OPINION) == []
    assert "没有保存" not in after[-1].text  # outside a flow: the friendly menu, nothing stored
