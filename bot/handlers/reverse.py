"""/reverse N reason: a published line is never edited or deleted; a mistake
is corrected by a reversing line, which another volunteer must approve
(maker-checker) before it reaches the ledger. N is the line's public number
in the area's accounts (第 N 笔), the number the site, /accounts and every
message show; before anything is recorded the bot shows that line (date,
amount, purpose) and asks to confirm. ``/reverse N`` alone shows the line and
asks for the reason (it is published with the reversal), as /reject N does;
``/reverse`` alone offers the area's latest lines that may be reversed.

Written as ``bot.flows`` says. Buttons: ``rev:area:<i>`` (a volunteer of
several areas says whose line N it is), ``rev:seq:<N>`` (a line offered),
``rev:ok:<N>`` and ``rev:no``.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler

from db import labels
from db.entries import Entry, Kind
from db.errors import DomainError, MoneyError
from db.money import format_fen, parse_amount

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import (
    call,
    drop_buttons,
    error_text,
    newest_own,
    person_of,
    read,
    reply,
    repo_of,
    t,
    word,
)
from ..conversation import entered_at_start
from ..flows import (
    END,
    SEAL,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    changed,
    clean_text,
    current_draft,
    drop_draft,
    gone,
    keyboard,
    leave,
    matches,
    new_draft,
    refuse,
    sealed,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..notices import queue_pending
from ..staff import (
    area_name,
    choose_area,
    chosen_area,
    entry_id_of,
    fail,
    require_staff,
    words,
)
from ..step_buttons import AREA_STEP, remember, shown
from .money_steps import household_label, take_back_row, unfit
from .reverse_back import AREA, BACK, CONFIRM, FLOW, PICK, PREFIX, REASON, RIGHT

__all__ = ["COMMANDS", "HANDLERS", "line_summary", "finish_saved"]

USAGE = lazy("Usage: /reverse N reason, where N is the line's number (第 N 笔) in the public "
             "accounts, e.g. /reverse 12 金额记错了. /reverse alone lists the latest lines.")
OFFERED = 8  # the latest lines /reverse alone offers
MAX_REASON = 500  # characters of a reversal's reason (published with it)
# What to do next, by the kind of the line reversed: a reversal records nothing in its
# place, and the right amount was left to be recorded by a volunteer who had not been
# told so (the reason said 应为305元, the accounts then held neither). A fee recorded
# again while the reversal waits would be flagged as paid twice (the line is still
# booked): that one is recorded once the reversal is approved, as its author is told
# then (``bot.handlers.verdict``).
RECORD_AGAIN = {
    # The right line waits for the approval: only then can it name the line it replaces
    # (``db.records.replaceable_line``), with the button the approval's message carries.
    "expense": lazy("The reversal only cancels line {seq}: it records nothing in its place. "
                    "If the money was paid and only recorded wrong (amount, payee or purpose), "
                    "record the right one once the reversal is approved: you will be told "
                    "then, with a button that records it in line {seq}'s place, filled in from it "
                    "(usually only the right amount is asked; the public accounts link the two)."),
    "income": lazy("The reversal only cancels line {seq}: it records nothing in its place. "
                   "If the fee was collected and only recorded wrong (amount, period or "
                   "household), record the right one once the reversal is approved (before, "
                   "it would show as paid twice): you will be told then, with a button that "
                   "records it in line {seq}'s place."),
}
ASK_RIGHT = lazy("Line {seq} is the opening balance carried over from the paper book (as of "
                 "{date}). What is the right amount, as the paper book says? Type it, e.g. "
                 "3489.50; a deficit (the paper book owed money): -500. Not correcting it after "
                 "all: send 取消 (cancel).")
RIGHT_BOOKED = lazy("Once another volunteer approves, line {seq} is reversed and the right "
                    "opening balance booked in its place, as of the same day; the site and the "
                    "paper notice show both, with the reason.")
# the wrong line chosen (fees alike): she takes the reversal back herself (``take_back``)
WRONG_LINE = lazy("Chose the wrong line? Press “Withdraw #{id}” below while it waits.")
ASK_REASON = lazy("Why reverse it? Reply with the reason; it is published with the "
                  "reversal (e.g. 金额记错了，应为10元). Not reversing it after all: send "
                  "取消 (cancel).")


def signed_fen(fen: int) -> str:
    """¥3,489.50, or -¥500.00 for a deficit (an opening balance's)."""
    return ("-" if fen < 0 else "") + format_fen(abs(fen))


def line_summary(context: ContextTypes.DEFAULT_TYPE, line: dict[str, Any]) -> str:
    """'2025-02-18 expense ¥1,800.00 更换院内路灯6盏（LED）' for a ledger line."""
    what = " ".join(str(line.get("purpose") or "").split())[:80]
    return t(context, "{date} {kind} {amount} {purpose}", date=line.get("date", ""),
             kind=word(context, labels.LINE_KIND, line.get("kind")),
             amount=format_fen(abs(int(line["amount_fen"]))), purpose=what)


async def line_detail(context: ContextTypes.DEFAULT_TYPE, line: dict[str, Any]) -> list[str]:
    """Whom the money of a line was for, for the volunteer about to reverse it: a fee's
    period and household (its room, as the volunteers' posts name it; the public line
    says the building unit), an expense's payee. "2026-12-05 收入 ¥120.00 卫生费" was
    all she read before confirming, with three such fees booked that day."""
    if line.get("kind") == "income":
        place = str(line.get("household_ref") or "")
        try:
            entry = await read(repo_of(context).entry, int(line["entry"]))
            if entry.data.get("household"):
                place = await read(household_label, repo_of(context), entry.data["household"])
        except (DomainError, KeyError, TypeError, ValueError):
            pass  # the public line's building unit
        said = [x for x in (str(line.get("period") or ""), place) if x]
        return [t(context, "Fee for: {what}", what="，".join(said))] if said else []
    payee = " ".join(str(line.get("payee") or "").split())
    return [t(context, "Paid to: {payee}", payee=payee)] if payee else []


def _whose(line: dict[str, Any]) -> str:
    """A fee line's period and building unit, as the public line says them, for the list
    of lines to reverse: eight buttons read 2025-10-18 收入 ¥120.00 卫生费 alike."""
    if line.get("kind") != "income":
        return ""
    period = f"（{line['period']}）" if line.get("period") else ""
    return period + (f" {line['household_ref']}" if line.get("household_ref") else "")


async def reverse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a reversal of line N; asks whose area, or shows the line to confirm."""
    person = await require_staff(update, context)
    if person is None:
        return END
    args = _line_words(words(update))
    seq = entry_id_of(args[0]) if args else None
    reason = clean_text(args[1]) if len(args) > 1 else ""
    if seq is None and args:
        await reply(update, t(context, USAGE))
        return END
    d = new_draft(context, FLOW, seq=seq, reason=reason)
    if seq is not None:  # /reverse 76 (记错了): entered, kept if a menu button leaves it
        entered_at_start(context, FLOW)
    area = await choose_area(update, context, person, PREFIX, d, cancel=True)
    return AREA if area is None else await _next(update, context, d, area)


# The line as the accounts name it: 第76笔, 第 76 笔 (before, only 76 or #76 was read)
_LINE_NAMED = re.compile(r"第\s*(\d{1,9})\s*笔")


def _line_words(args: list[str]) -> list[str]:
    """The line's number and the reason after it, from the words after /reverse: the
    line typed as the accounts say it (第76笔 记错了, 第 76 笔 记错了) taken as 76."""
    text = " ".join(args)
    named = _LINE_NAMED.match(text)
    if named:
        text = f"{named.group(1)} {text[named.end():]}"
    return text.split(None, 1)


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the area of the line and shows the line to confirm."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, PREFIX, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    return await _next(update, context, d, area)


async def _next(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                area: str) -> object:
    """Shows the line to confirm, or (/reverse N said no reason, as /reject N may not)
    shows it and asks why, or (/reverse alone) offers the latest lines."""
    if d["seq"] is None:
        return await _pick(update, context, d, area)
    named = await unfit(context, d["reason"], MAX_REASON, area)
    if d["reason"] and not named:
        return await _confirm(update, context, d, area)
    d["reason"] = ""  # none given, or one naming a person: asked below
    d["area"] = area
    return await _ask_reason(update, context, d, named)


async def _ask_reason(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                      named: str = "") -> object:
    """Shows line ``d["seq"]`` and asks why (the reason given kept, when she came back)."""
    line = await _line(update, context, d["area"], d["seq"])
    if line is None:
        return END
    return await BACK.say(update, context, REASON, "\n".join([
        *([named] if named else []),
        t(context, "Reverse line {seq} of {area}?", seq=d["seq"],
          area=await area_name(context, d["area"])),
        line_summary(context, line), *await line_detail(context, line),
        t(context, ASK_REASON)]))


async def _pick(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                area: str) -> object:
    """Offers the area's latest lines that may be reversed, one button each."""
    lines = await read(repo_of(context).recent_reversible, area, OFFERED)
    name = await area_name(context, area)
    if not lines:
        drop_draft(context, FLOW)
        await reply(update, t(context, "No line of {area} can be reversed now.", area=name))
        return END
    d["area"], d["offered"] = area, [int(line["seq"]) for line in lines]
    choices = [(t(context, "Line {seq}: {line}", seq=line["seq"],
                  line=line_summary(context, line) + _whose(line)), f"{PREFIX}:seq:{line['seq']}")
               for line in lines]
    return await BACK.say(update, context, PICK, "\n".join([
        t(context, "Which line of {area} do you want to reverse? The latest:", area=name),
        t(context, "(An older one: /reverse N, N being its number.)")]),
        keyboard([*choices, (t(context, "Cancel"), f"{PREFIX}:no")], 1))


async def on_pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the line chosen and shows it, asking why."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or "offered" not in d:
        return await gone(update, context)
    args = button_args(update, PREFIX, "seq", 1)
    if args is None or not args[0].isdigit() or int(args[0]) not in d["offered"]:
        return await refuse(update, context)
    d["seq"] = int(args[0])
    await drop_buttons(update)
    if d.get("reason"):  # back at the list with a reason: shown kept, for this line
        return await _ask_reason(update, context, d)
    return await _next(update, context, d, d["area"])


async def on_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the reason typed and shows the line to confirm."""
    d = current_draft(context, FLOW)
    if d is None or "area" not in d:
        return await gone(update, context)
    reason = clean_text(typed(update))
    named = await unfit(context, reason, MAX_REASON, d["area"])
    if not reason or named:
        await reply(update, "\n".join([*([named] if named else []), t(context, ASK_REASON)]))
        return None
    d["reason"] = reason
    return await _confirm(update, context, d, d["area"])


async def _line(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str,
                seq: int) -> dict[str, Any] | None:
    """Line ``seq`` of ``area`` if it may be reversed; else None after saying why."""
    try:
        return await read(repo_of(context).reversible_line, area, seq)
    except DomainError as exc:
        drop_draft(context, FLOW)
        await reply(update, fail(context, exc))
        return None


async def _ask_right(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                     before: str = "") -> object:
    """Asks the right amount of the opening balance ``d["seq"]`` (after ``before``)."""
    return await BACK.say(update, context, RIGHT, "\n".join(filter(None, [
        before, t(context, ASK_RIGHT, seq=d["seq"], date=d.get("as_of", ""))])))


async def on_right(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the right opening balance typed and shows the line to confirm."""
    d = current_draft(context, FLOW)
    if d is None or "area" not in d:
        return await gone(update, context)
    text = typed(update).strip()
    deficit = text.startswith(("-", "－", "赤字", "负"))
    try:
        fen = parse_amount(text.lstrip("-－").removeprefix("赤字").removeprefix("负").strip(
            " ：:"), ceiling_fen=repo_of(context).amount_ceiling)
    except MoneyError as exc:
        return await _ask_right(update, context, d, error_text(context, exc))
    d["right_fen"] = -fen if deficit else fen
    return await _confirm(update, context, d, d["area"])


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   area: str) -> object:
    line = await _line(update, context, area, d["seq"])
    if line is None:
        return END
    d["area"], d["kind"] = area, line.get("kind")
    right: list[str] = []
    if d["kind"] == "opening":  # typed wrong: reversed with the right one, booked with it
        # the paper book's day (booked after a signed head, the line is dated later)
        opening = await read(repo_of(context).opening, area)
        d["as_of"] = str(opening["as_of"] if opening and opening["seq"] == d["seq"] else
                         line.get("date") or "")
        if d.get("right_fen") is None:
            return await _ask_right(update, context, d)
        right = [t(context, "Right opening balance: {amount}", amount=signed_fen(d["right_fen"])),
                 t(context, RIGHT_BOOKED, seq=d["seq"])]
    text = "\n".join([
        t(context, "Reverse line {seq} of {area}?", seq=d["seq"],
          area=await area_name(context, area)),
        line_summary(context, line), *await line_detail(context, line),
        t(context, "Reason: {reason}", reason=d["reason"]), *right,
        t(context, "Another volunteer must approve the reversal; line {seq} itself stays in "
                   "the accounts.", seq=d["seq"])])
    back = BACK.noted(d, CONFIRM)  # before the seal: the draft as it is confirmed
    await reply(update, text, reply_markup=remember(d, CONFIRM, BACK.with_back(
        context, back, sealed(keyboard([
            (t(context, "Yes, reverse line {seq}", seq=d["seq"]), f"{PREFIX}:ok:{d['seq']}"),
            (t(context, "Cancel"), f"{PREFIX}:no")]), d, f"{PREFIX}:ok"))))
    return CONFIRM


async def on_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Records the reversal (if the caller is still a volunteer there) and posts it."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or "area" not in d:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 1) != [str(d["seq"])]:
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: _confirm(update, context, d, d["area"]))
    person = await require_staff(update, context)
    drop_draft(context, FLOW)
    if person is None:
        return END
    try:
        entry = await call(repo_of(context).reverse, d["area"], d["seq"], person["id"],
                           d["reason"], right_fen=d.get("right_fen")
                           if d.get("kind") == "opening" else None)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return END
    await queue_pending(context, entry)
    await _recorded(update, context, d, entry)
    return END


async def _recorded(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    entry: Entry) -> None:
    """Tells the volunteer the reversal ``entry`` of draft ``d`` is recorded, by its
    number (the Yes button taken away)."""
    await drop_buttons(update)  # recorded: "Yes, reverse" is not there to press again
    again = RECORD_AGAIN.get(str(d.get("kind")))
    await reply(update, "\n".join(
        [t(context, "The reversal of line {seq} is recorded as #{id}. Another volunteer must "
                    "approve it; line {seq} stays in the accounts.", seq=d["seq"], id=entry.id)]
        + ([t(context, again, seq=d["seq"])] if again else [])
        + [t(context, WRONG_LINE, id=entry.id)]), reply_markup=take_back_row(context, entry))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A reversal's Yes (``rev:ok:<seq>``) whose reversal was stored before the bot
    stopped: the volunteer is told its number, as the press would have (before, she read
    only "already saved … please start again from the menu"); whether it was such a
    press (and her reversal of that line, with that reason, was found)."""
    query = update.callback_query
    d = current_draft(context, FLOW)  # as it was before the press: not saved since
    if query is None or not d or "area" not in d or update.effective_user is None or \
            (query.data or "").split(SEAL, 1)[0] != f"{PREFIX}:ok:{d.get('seq')}":
        return False
    person = await person_of(update, context)
    entry = await newest_own(context, person["id"], Kind.REVERSAL, lambda e: e.area == d["area"]
                             and e.data.get("line") == d["seq"]
                             and e.data.get("reason") == d["reason"])
    if entry is None:
        return False
    await _recorded(update, context, d, entry)
    return True


async def on_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the reversal; nothing is recorded."""
    await answer(update)
    if button_args(update, PREFIX, "no", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


B, K = BACK.backs, BACK.keeping  # ⬅️ 上一步 and 不改，继续 (reverse_back)
BACK.asks.update({PICK: lambda u, c, d: _pick(u, c, d, d["area"]), REASON: _ask_reason,
                  RIGHT: lambda u, c, d: _ask_right(u, c, d),
                  CONFIRM: lambda u, c, d: _confirm(u, c, d, d["area"])})
STATES: dict[object, list[Any]] = {
    AREA: [*buttons(PREFIX, {"area": on_area, "cancel": BACK.on_cancel}),
           *unexpected(lazy("Please choose with the buttons above."),
                       markup=shown(FLOW, AREA_STEP))],
    REASON: [*B(REASON), MessageHandler(TEXT_INPUT, K(REASON, on_reason)),
             *buttons(PREFIX, {}), *unexpected(ASK_REASON, markup=shown(FLOW, REASON))],
    RIGHT: [*B(RIGHT), MessageHandler(TEXT_INPUT, on_right), *buttons(PREFIX, {}),
            *unexpected(lazy("Please type the right amount, or press ⬅️ to go back."),
                        markup=shown(FLOW, RIGHT))],
    CONFIRM: [*B(CONFIRM), *buttons(PREFIX, {"ok": on_ok, "no": on_no}),
              *unexpected(lazy("Please confirm or cancel with the buttons above."),
                          markup=shown(FLOW, CONFIRM))],
    PICK: [*B(PICK), *buttons(PREFIX, {"seq": on_pick, "no": on_no}),
           *unexpected(lazy("Please choose with the buttons above."), markup=shown(FLOW, PICK))],
}

COMMANDS = [
    Command("reverse", "Correct a published line: /reverse N reason (N: the line number)",
            reverse, audience=Audience.VOLUNTEER, order=42,
            extra={"title": lazy("Correction of a line (/reverse)")},
            flow=Flow(FLOW, STATES, resume=BACK.resume())),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
