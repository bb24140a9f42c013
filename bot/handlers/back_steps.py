"""One step back in a volunteer's flow of several steps (/income: ``income_back``,
/expense: ``expense_back``, /propose: ``propose_back``, /meeting: ``meeting_back``,
/announce: ``announce_back``, /reverse: ``reverse_back``, /election: ``election_back``,
/closevote and /withdraw: ``closevote_back.reason_back``),
on ``bot.step_back``: ⬅️ 上一步 pressed (``<prefix>:back:<step>``) or 上一步
(返回上一步, 后退) typed goes to the step before, keeping all that was entered. A
picker she comes back to says what was chosen (pressed again, it goes on); a step of
typed words, an amount or a photo says what it holds, with 不改，继续
(``<prefix>:keep:<step>``, or 不改 typed). At the first step (the areas, for a
volunteer of several; else the flow's first question) 上一步 leaves as 返回 does. An
older message's ⬅️ 上一步 or 不改，继续 pressed at another step is not taken: the step
she is at comes again (or, in a flow that cannot ask it again, it is refused).

Each flow says, for a draft and a state, where its ⬅️ 上一步 leads (``back_of``), what a
step she came back to holds (``kept``: with 不改，继续; ``chosen``: a picker's) and which
step 不改，继续 goes on to (``after``); its steps asked again go in ``asks``. The same
asks take up a draft kept when she left the flow (``resume``, ``bot.kept``): 上一步 at the
first step leaves keeping it, with 继续填写, as it does in the residents' flows.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from ..area_pages import AREA_PAGE, area_markup
from ..context import lang_of, reply, t
from ..flows import (
    STEP_BACK,
    TEXT_INPUT,
    answer,
    button_args,
    current_draft,
    gone,
    leave,
    refuse,
    stale_button,
)
from ..i18n import lazy
from ..keyboards import button
from ..staff import area_name
from ..step_back import Handler, back_line, back_pressed, back_to, keep_typed, stepping
from ..step_buttons import AREA_STEP, remember
from .money_steps import STEPS

__all__ = ["Back", "CHOSEN", "KEPT", "RECEIPT_KEPT"]

Ask = Callable[[Update, ContextTypes.DEFAULT_TYPE, dict[str, Any]], Coroutine[Any, Any, object]]
Said = Callable[[ContextTypes.DEFAULT_TYPE, dict[str, Any], str], str]

CHOSEN = lazy("Chosen now: “{what}”. To keep it, press it again; to change it, press "
              "another.")
KEPT = lazy("Now: {what}. To keep it, press \"Keep it, continue\"; to change it, choose or "
            "type another.")
RECEIPT_KEPT = lazy("The receipt photo you sent is kept: to keep it, press \"Keep it, "
                    "continue\"; to change it, send another.")


def _name(state: str) -> str:
    return state.split(":", 1)[1]  # income:fee -> fee


class Back:
    """One money flow's ⬅️ 上一步 and 不改，继续 (see the module)."""

    def __init__(self, flow: str, prefix: str, states: tuple[str, ...],
                 back_of: Callable[[dict[str, Any], str], str | None],
                 kept: Said, chosen: Said, after: Mapping[str, str], summary: str) -> None:
        self.flow, self.prefix, self.area = flow, prefix, states[0]
        self.states = {_name(s): s for s in states}
        self.back_of, self.kept, self.chosen = back_of, kept, chosen
        self.after, self.summary = after, summary
        self.asks: dict[str, Ask] = {}  # each step asked again: the flow's RESUME
        self.on_back = back_pressed(flow, prefix, tuple(self.states), self._go_back)
        self._stepping = stepping(flow, self._go_back)

    def cancel(self, context: ContextTypes.DEFAULT_TYPE) -> tuple[str, str]:
        """A 取消 button (``<prefix>:cancel``, ``on_cancel``) for a flow's first question."""
        return t(context, "Cancel"), f"{self.prefix}:cancel"

    def with_cancel(self, context: ContextTypes.DEFAULT_TYPE,
                    markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup:
        """``markup`` with 取消 last: a step with no ⬅️ 上一步 (the first a flow asks,
        where /proxy started it), or one whose words say to press 取消."""
        rows = [list(row) for row in markup.inline_keyboard] if markup else []
        return InlineKeyboardMarkup([*rows, [button(*self.cancel(context))]])

    def cancel_markup(self, context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
        """A first question's buttons: 取消 alone (a question answered by typing)."""
        return InlineKeyboardMarkup([[button(*self.cancel(context))]])

    async def on_cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Drops the draft (取消 pressed): nothing saved, the menu shown."""
        await answer(update)
        return await leave(update, context, self.flow)

    def noted(self, d: dict[str, Any] | None, state: str) -> str | None:
        """Notes in draft ``d`` where ⬅️ 上一步 leads from ``state``; that step."""
        return back_to(d, self.back_of(d, state)) if d is not None else None

    def with_back(self, context: ContextTypes.DEFAULT_TYPE, to: str | None,
                  markup: InlineKeyboardMarkup | None, keep: str = ""
                  ) -> InlineKeyboardMarkup | None:
        """``markup`` with 不改，继续 first (``keep``: the step's name), ⬅️ 上一步 last."""
        rows = [[button(t(context, "Keep it, continue"), f"{self.prefix}:keep:{keep}")]] \
            if keep else []
        rows += [list(row) for row in markup.inline_keyboard] if markup else []
        if to:
            rows.append(back_line(lang_of(context), self.prefix, to))
        return InlineKeyboardMarkup(rows) if rows else None

    def backed(self, context: ContextTypes.DEFAULT_TYPE, state: str,
               markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
        """``markup`` of ``state`` with its ⬅️ 上一步, noted in the draft."""
        return self.with_back(context, self.noted(current_draft(context, self.flow), state),
                              markup)

    async def say(self, update: Update, context: ContextTypes.DEFAULT_TYPE, state: str,
                  text: str, markup: InlineKeyboardMarkup | None = None, *,
                  cancel: bool = False) -> str:
        """Asks ``text`` at ``state`` with its ⬅️ 上一步 (and ``cancel``: 取消 last), and
        what the step holds when she came back to it (with 不改，继续); returns the state."""
        d = current_draft(context, self.flow)
        kept = self.kept(context, d, state) if d is not None else ""
        said = kept or (self.chosen(context, d, state) if d is not None else "")
        await reply(update, "\n".join(filter(None, [text, said])),
                    reply_markup=remember(d, state, self.buttons_of(context, state, markup,
                                                                    cancel=cancel)))
        return state  # its buttons noted: again after a sticker (bot.step_buttons)

    def buttons_of(self, context: ContextTypes.DEFAULT_TYPE, state: str,
                   markup: InlineKeyboardMarkup | None = None, *, cancel: bool = False
                   ) -> InlineKeyboardMarkup | None:
        """The buttons ``say`` puts under ``state``'s question: ``markup`` with 不改，继续
        (came back to it), ⬅️ 上一步 (and ``cancel``: 取消 last). Again under what answers
        a voice note or a photo there (``flows.unexpected``'s ``markup``): "请点上面的按钮"
        alone sent her scrolling up on a phone for buttons out of sight."""
        d = current_draft(context, self.flow)
        kept = self.kept(context, d, state) if d is not None else ""
        buttons = self.with_back(context, self.noted(d, state), markup,
                                 _name(state) if kept else "")
        return self.with_cancel(context, buttons) if cancel else buttons

    async def asking(self, update: Update, context: ContextTypes.DEFAULT_TYPE, state: str,
                     markup: InlineKeyboardMarkup | None = None, *, before: str = "",
                     cancel: bool = False, **params: object) -> str:
        """Asks the money step ``state``'s question (``money_steps.STEPS``, after
        ``before``) as ``say`` does; ``cancel``: with 取消 last, under ⬅️ 上一步."""
        return await self.say(update, context, state, "\n".join(filter(None, [
            before, t(context, STEPS[state].ask, **params)])), markup, cancel=cancel)

    async def ask_area(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> str:
        """Asks which of ``d["areas"]`` (the one chosen said), with ⬅️ 上一步 where the
        flow has a step before it (/announce: the text)."""
        to = self.noted(d, self.area)
        names = [await area_name(context, a) for a in d["areas"]]
        text = t(context, "Which area?")
        if d.get("area") in d["areas"]:
            text += "\n" + t(context, CHOSEN, what=await area_name(context, d["area"]))
        # a page of them on a street of many; the flow's first question: 取消 last, as
        # choose_area's
        page = d["areas"].index(d["area"]) // AREA_PAGE if d.get("area") in d["areas"] else 0
        markup = area_markup(names, self.prefix, page,  # the page of the one chosen
                             extra=() if to else [[button(*self.cancel(context))]])
        await reply(update, text, reply_markup=remember(d, AREA_STEP,
                                                        self.with_back(context, to, markup)))
        return self.area

    def resume(self) -> dict[str, Ask]:
        """Each step asked again as ⬅️ 上一步 asks it (the areas, for a volunteer of several),
        for a draft left in the middle kept and taken up (``Flow.resume``, ``bot.kept``).
        Called once ``asks`` is filled."""
        return {s: self._again(s) for s in self.states.values()
                if s in self.asks or s == self.area}

    def _again(self, state: str) -> Ask:
        return lambda u, c, d: self._go_back(u, c, d, _name(state))

    async def _go_back(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any], to: Any) -> object:
        """Asks the step ``to`` again; what was entered is kept."""
        state = self.states.get(str(to), self.summary)
        if state == self.area and d.get("areas"):
            return await self.ask_area(update, context, d)
        return await self.asks[state](update, context, d)

    async def _go_on(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                     d: dict[str, Any], state: str) -> object:
        """Goes on from ``state`` with what it holds (不改，继续); to the summary from 修改."""
        after = self.summary if d.get("fixing") else self.after.get(state, self.summary)
        return await self.asks[after](update, context, d)

    def _keep_pressed(self, state: str) -> Handler:
        async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
            """Goes on with what the step she came back to holds (不改，继续)."""
            args = button_args(update, self.prefix, "keep", 1)
            if args is not None and args[0] in self.states and args[0] != _name(state):
                return await stale_button(update, context)
            await answer(update)
            d = current_draft(context, self.flow)
            if d is None:
                return await gone(update, context)
            if args is None or not self.kept(context, d, state):
                return await refuse(update, context)
            return await self._go_on(update, context, d, state)
        return on_keep

    def backs(self, state: str) -> list[BaseHandler[Any, Any, Any]]:
        """The handlers of ``state``'s ⬅️ 上一步 and 不改，继续 (pressed, or 上一步 typed),
        before its own."""
        return [CallbackQueryHandler(self.on_back, pattern=f"^{self.prefix}:back:"),
                CallbackQueryHandler(self._keep_pressed(state), pattern=f"^{self.prefix}:keep:"),
                MessageHandler(TEXT_INPUT & filters.Regex(STEP_BACK), self._stepping(_stay))]

    def keeping(self, state: str, handler: Handler) -> Handler:
        """``handler`` of the typed text of ``state``, with 不改 (继续) typed at the step
        she came back to taken as its 不改，继续."""
        async def typed_at(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
            d = current_draft(context, self.flow)
            if d is not None and keep_typed(update) and self.kept(context, d, state):
                return await self._go_on(update, context, d, state)
            return await handler(update, context)
        typed_at.__doc__ = handler.__doc__
        typed_at.__name__ = getattr(handler, "__name__", "typed_at")
        return typed_at


async def _stay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the step she is at (where there is no ⬅️ 上一步, bot.leaving took it).

    上一步 typed at a step without ⬅️ 上一步 leaves the flow before it comes here."""
    return None
