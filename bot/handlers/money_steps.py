"""What the money flows share: /income (fees collected door to door, in
``income.py``) and /expense (money spent, in ``expense.py``).

Both are written as ``bot.flows`` says. Both start the same way (a volunteer,
asked which area only when they have several), take the amount through the
strict parser (a bad amount is explained and the step stays), keep a receipt
photo, and end in a pending entry that another volunteer must approve
(maker-checker), posted to the area's volunteers and group with Approve /
Reject buttons. Nothing is ever edited or deleted; /reverse (``reverse.py``)
corrects a published line.

``STEPS`` is the one table of both flows' steps: each state with what the
bot asks there and what it says again when something else arrives. What is typed or
sent at the amount and receipt steps is read in ``money_input.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, ContextTypes, MessageHandler

from db import fees, labels
from db.entries import Kind
from db.errors import DomainError, StoreError
from db.money import amount_like, format_fen

from ..asked import NO, YES
from ..context import call, drop_buttons, read, reply, repo_of, t, word
from ..flows import (
    AGAIN_BELOW,
    END,
    TEXT_INPUT,
    Answered,
    button_args,
    changed,
    current_draft,
    drop_draft,
    gone,
    keyboard,
    leave,
    matches,
    new_draft,
    refuse,
    sealed,
    states,
    typed,
    unexpected,
)
from ..i18n import lazy, tr
from ..keyboards import button
from ..notices import queue_pending
from ..private_only import doors_here
from ..room_words import room_in
from ..staff import TOO_LONG, choose_area, fail, require_staff, staff_areas, unused_words
from ..step_buttons import AREA_STEP, shown
from ..words import normalise
from .money_input import (
    INVOICE_NOT_A_PICTURE,
    NOT_A_PICTURE,
    amount_noted,
    amount_or_problem,
    amount_typed,
    no_receipt_typed,
    read_amount,
    read_receipt,
)

__all__ = ["names_someone", "private_in_line", "PRIVATE_IN_LINE", "PRIVATE_WHAT", "unfit",
           "NAMES_SOMEONE", "INCOME", "EXPENSE", "INC", "EXP", "I_AREA",
           "I_UNIT", "I_HOUSEHOLD", "I_FEE", "I_PERIOD", "I_AMOUNT", "I_RECEIPT", "I_CONFIRM",
           "I_FIX", "E_AREA", "E_AMOUNT", "E_PAYEE", "E_PURPOSE",
           "E_CATEGORY", "E_PROJECT", "E_ISSUE", "E_RECEIPT", "E_NO_RECEIPT", "E_PUBLIC",
           "E_CONFIRM", "E_FIX",
           "MAX_FIELD", "Step", "STEPS", "this_year",
           "CHOOSE", "ask", "step", "begin", "offer_replacing",
           "replace_markup", "REPLACE_BUTTON",
           "REPLACES_LINE", "summary_buttons", "pressed_ok",
           "amount_at_summary", "read_amount",
           "amount_typed", "amount_or_problem", "amount_noted",
           "NOT_A_PICTURE", "INVOICE_NOT_A_PICTURE",
           "no_receipt_typed", "read_receipt", "submit", "recorded", "household_label",
           "what_recorded",
           "TAKE_BACK", "TAKEN_BACK_KINDS", "take_back_row", "units_of", "schedule_of",
           "so_far"]

INCOME, EXPENSE = "income", "expense"  # the flows' names
INC, EXP = "inc", "exp"  # their callback data prefixes: inc:<step>:<value>, exp:<step>:<value>
I_AREA, I_UNIT, I_HOUSEHOLD, I_FEE, I_PERIOD, I_AMOUNT, I_RECEIPT = states(
    INCOME, "area", "unit", "household", "fee", "period", "amount", "receipt")
E_AREA, E_AMOUNT, E_PAYEE, E_PURPOSE, E_CATEGORY, E_PROJECT, E_RECEIPT = states(
    EXPENSE, "area", "amount", "payee", "purpose", "category", "project", "receipt")
# /income's summary to confirm, and what to change there
I_CONFIRM, I_FIX = states(INCOME, "confirm", "fix")
# may the invoice photo be published? then the summary to confirm, and what to change
E_PUBLIC, E_CONFIRM, E_FIX = states(EXPENSE, "public", "confirm", "fix")
# the report (报事) it paid for, if any; why there is no receipt (没有收据 pressed)
E_ISSUE, E_NO_RECEIPT = states(EXPENSE, "issue", "noreceipt")
MAX_FIELD = 200  # characters of a payee or a purpose
TAKE_BACK = "tb"  # its author's button withdrawing a pending entry (``take_back.py``)
TAKEN_BACK_KINDS = frozenset({Kind.FEE_INCOME, Kind.EXPENSE})  # a receipt with that button


class Step(NamedTuple):
    ask: str  # msgid: what the bot asks at this step
    again: str = ""  # msgid: what it says when something else arrives (default: ``ask``)


CHOOSE = lazy("Please choose with the buttons above.")

STEPS: dict[str, Step] = {
    I_AREA: Step(lazy("Which area?"), CHOOSE),
    I_FEE: Step(lazy("Fees collected: which fee?"), CHOOSE),
    I_UNIT: Step(lazy("{fee}: which building unit? (Or type the household, e.g. {example}.)"),
                 CHOOSE),
    I_HOUSEHOLD: Step(lazy("{unit}: which household?"), CHOOSE),
    I_PERIOD: Step(lazy("For which period? Choose, or type e.g. {year} or {year}-03."),
                   lazy("Please give the period as a year or a month, e.g. {year} or "
                        "{year}-03.")),
    I_AMOUNT: Step(lazy("How much was collected? (e.g. 120 or 120.50)"),
                   lazy("Please type the amount collected, e.g. 120 or 120.50.")),
    I_RECEIPT: Step(lazy("Send a photo of the receipt, or press No receipt. Only volunteers "
                         "see it; the public accounts say \"receipt checked\".")),
    I_CONFIRM: Step(lazy("Please check the fee; nothing is recorded until you press "
                         "\"Record it\":"), CHOOSE),
    I_FIX: Step(lazy("What do you want to change?"), CHOOSE),
    E_AREA: Step(lazy("Which area?"), CHOOSE),
    E_AMOUNT: Step(lazy("Money spent: how much? (e.g. 350 or 350.50)")),
    E_PAYEE: Step(lazy("Paid to whom? (a shop or a company; for a person, their job, e.g. "
                       "保洁员: this is published, so no person's name)")),
    E_PURPOSE: Step(lazy("What was it for? (e.g. 更换3号楼路灯灯泡)")),
    E_CATEGORY: Step(lazy("Which category?"), CHOOSE),
    E_PROJECT: Step(lazy("Is it part of a project?"), CHOOSE),
    E_ISSUE: Step(lazy("Which report (报事) was this money spent on? Send the report's number, "
                       "or press Not linked."),
                  lazy("Please send the report's number (e.g. 12 or #12), or press Not "
                       "linked.")),
    E_RECEIPT: Step(lazy("Send a photo of the receipt or invoice."),
                    lazy("Please send the receipt as a photo, or press No receipt (or "
                         "Cancel).")),
    E_NO_RECEIPT: Step(lazy("Why is there no receipt? (e.g. 街边修锁师傅不开收据) It is published "
                            "with the line, which reads 无收据 and why, so no person's name. "
                            "If the payee can write you a note of the money received (收条: "
                            "amount, what for, date, signed), send a photo of it instead: "
                            "that is a receipt.")),
    E_PUBLIC: Step(lazy("An invoice is published with its line, for anyone to check. Look at "
                        "the photo: does it show anyone's name, phone number, ID number, "
                        "address or room (a resident's, or a worker's on a wage slip)? If it "
                        "does, only the volunteers will see it and the site will say "
                        "\"receipt checked\"."), CHOOSE),
    E_CONFIRM: Step(lazy("Please check the expense; nothing is recorded until you press "
                         "\"Record it\":"), CHOOSE),
    E_FIX: Step(lazy("What do you want to change?"), CHOOSE),
}


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE, state: str,
              markup: InlineKeyboardMarkup | None = None, *, before: str = "",
              **params: object) -> str:
    """Asks the question of step ``state`` (after the line ``before``, if any); returns
    the state."""
    question = t(context, STEPS[state].ask, **params)
    await reply(update, f"{before}\n{question}" if before else question, reply_markup=markup)
    return state


def step(state: str, *handlers: BaseHandler[Any, Any, Any],
         markup: Callable[[ContextTypes.DEFAULT_TYPE], InlineKeyboardMarkup | None] | None = None,
         params: Callable[[ContextTypes.DEFAULT_TYPE], dict[str, object]] | None = None
         ) -> list[BaseHandler[Any, Any, Any]]:
    """The handlers of step ``state``, then what answers anything else there (with the
    step's buttons again, when ``markup`` makes them; its message filled in with
    ``params(context)``)."""
    # the buttons it was asked with (choose_area's, BackSteps.say's: its ⬅️ 上一步 too),
    # else the step's own: /income's amount came back without ⬅️ 上一步 (nothing at all
    # without a usual amount), its receipt's with 没有收据 alone
    flow = INCOME if state.startswith(INCOME + ":") else EXPENSE
    markup = shown(flow, AREA_STEP if state in (I_AREA, E_AREA) else state, markup)
    return [*handlers, *unexpected(STEPS[state].again or STEPS[state].ask, markup=markup,
                                   params=params)]


def this_year(context: ContextTypes.DEFAULT_TYPE) -> dict[str, object]:
    """``year``: the repository clock's year, for a period's example (2026 in 2026, not
    a 2025 written once into the message)."""
    return {"year": repo_of(context).clock().year}


async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                prefix: str, refusal: str, linked: bool = False
                ) -> tuple[dict[str, Any], str | None] | None:
    """A volunteer's fresh draft of ``flow`` and their area (None after asking which,
    when they have several); None when the caller is not a volunteer, or it is sent in a
    group (``linked``: one that is not her area's volunteers' group; said so, in
    ``refusal``: ``bot.private_only``)."""
    person = await require_staff(update, context)
    if person is None or not await doors_here(update, context, await staff_areas(
            context, person), refusal, linked=linked):
        return None
    await unused_words(update, context)  # /expense 500 买扫帚: not taken, said so
    d = new_draft(context, flow)
    return d, await choose_area(update, context, person, prefix, d, cancel=True)


def summary_buttons(context: ContextTypes.DEFAULT_TYPE, prefix: str, d: dict[str, Any]
                    ) -> InlineKeyboardMarkup:
    """确认登记 / 修改 / 取消 under a summary of draft ``d``: ``<prefix>:ok:1`` (sealed:
    it records the draft as shown), ``<prefix>:edit``, ``<prefix>:ok:0``."""
    markup = keyboard([(t(context, "Record it"), f"{prefix}:ok:1"),
                       (t(context, "Change"), f"{prefix}:edit"),
                       (t(context, "Cancel"), f"{prefix}:ok:0")], 3)
    return sealed(markup, d, f"{prefix}:ok")


async def pressed_ok(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str, prefix: str,
                     ready: Any, show: Any) -> dict[str, Any] | Answered:
    """确认登记 or 取消 pressed (answered by the caller) under a ``summary_buttons``
    summary: the draft to record, or ``Answered(state)`` when there is nothing to
    record: the draft gone (a second press after the first recorded it), a button
    that does not fit or a draft not ``ready(d)`` (refused), 取消 (the draft
    dropped: nothing saved, and said so), a draft that is not the one the summary
    showed (``changed``: ``show(update, context, d)`` shows it again). The draft is
    kept until it is stored (``submit``): a full disk keeps it to retry."""
    d = current_draft(context, flow)
    if d is None:
        return Answered(await gone(update, context))
    args = button_args(update, prefix, "ok", 1)
    if args is None or args[0] not in ("0", "1") or not ready(d):
        return Answered(await refuse(update, context))
    if args[0] == "0":
        return Answered(await leave(update, context, flow))
    if not matches(update, d):
        return Answered(await changed(update, context, lambda: show(update, context, d)))
    return d


ANSWERS = YES | NO | {"提交", "确认提交", "登记", "确认登记", "重新填写", "submit"}


def amount_at_summary(flow: str, show: Any, words: Any = None
                      ) -> list[BaseHandler[Any, Any, Any]]:
    """The handlers of a summary step for what is typed there (before ``unexpected``):
    an amount (the step before said "Not right? Just type the amount again", and she
    did, at the summary: it was passed over, the old amount still shown) replaces the
    draft's, said back, and the summary is shown again (``show(update, context, d)``);
    an amount it cannot read is said to be wrong; other words get the summary again,
    after ``words(update, context, d)`` (awaited: what becomes of them, e.g. kept as a
    note) when given."""
    async def retyped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Takes an amount typed at the summary and shows the summary again."""
        d = current_draft(context, flow)
        amount = amount_typed(update, context)
        if d is None or "amount_fen" not in d:
            return None
        if amount is not None:
            d["amount_fen"] = amount
            await reply(update, t(context, "Amount changed to {amount}; nothing is recorded "
                                           "yet.", amount=format_fen(amount)))
        elif amount_like(typed(update)):
            await read_amount(update, context)  # says what is wrong with it
        elif words is not None and normalise(typed(update)) not in ANSWERS:
            await words(update, context, d)  # 是去年交的 (好的 is no note)
        else:
            await reply(update, t(context, AGAIN_BELOW))
        return await show(update, context, d)

    return [MessageHandler(TEXT_INPUT, retyped)]


async def submit(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str, kind: Kind,
                 area: str, data: dict[str, Any], *,
                 reply_markup: InlineKeyboardMarkup | None = None,
                 show: Any = None) -> object:
    """Stores the pending money entry (if the caller is still a volunteer), posts it for
    approval, says what happens next (with ``reply_markup`` once stored), and ends the
    flow. Words of the line refused (``line_words_refused``) keep the draft: said, with
    the summary again (``show(update, context, d)``) to change that field."""
    person = await require_staff(update, context)
    if person is None:
        drop_draft(context, flow)
        return END
    try:
        entry = await call(repo_of(context).submit, person["id"], kind, area, data)
    except StoreError as exc:  # the disk (full): the draft is kept, the step can be retried
        await reply(update, fail(context, exc))
        return None
    except DomainError as exc:
        d = current_draft(context, flow)
        said = line_words_refused(context, exc)
        if said and show is not None and d is not None:
            await reply(update, said)
            return await show(update, context, d)
        drop_draft(context, flow)
        await reply(update, fail(context, exc))
        return END
    drop_draft(context, flow)
    await queue_pending(context, entry)
    await recorded(update, context, entry, reply_markup)
    return END


# A line's words refused when it is recorded, said by the field that holds them.
LINE_FIELDS = {"payee": lazy("payee"), "purpose": lazy("purpose"), "period": lazy("period")}
LINE_WORDS_REFUSED = lazy("Nothing is recorded yet: the {field} holds “{words}”, {what}. The "
                          "accounts are public and can never be changed, and a person's name, "
                          "phone, ID number or licence plate is not published without their "
                          "consent. Press “Change” below and write the {field} again (the trade "
                          "or the company, e.g. 维修工人, 电工（个人）); everything else is kept "
                          "as it is.")
REGISTERED_NAME = lazy("the name of someone registered here")


def line_words_refused(context: ContextTypes.DEFAULT_TYPE, exc: DomainError) -> str:
    """What is said when recording a line refused its words (``db.ledger_names``: a
    registered person's name, or ``db.private_words``), naming the field; "" for any
    other refusal. Each step asks again as the words are typed; a draft filled in from a
    line recorded before such words were refused (``bot.handlers.replacing``) meets the
    refusal only at 确认登记: the generic refusal there dropped the whole draft."""
    field = LINE_FIELDS.get(str(exc.params.get("field")))
    if exc.code not in ("names_a_person", "private_in_line") or field is None:
        return ""
    what = REGISTERED_NAME if exc.code == "names_a_person" else \
        PRIVATE_WHAT.get(str(exc.params.get("what")), PRIVATE_WHAT["name"])
    return t(context, LINE_WORDS_REFUSED, field=t(context, field),
             words=str(exc.params.get("name") or ""), what=t(context, what))


async def recorded(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Any,
                   reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Tells the volunteer the money entry they recorded, by its number, with its
    Withdraw button (under ``reply_markup``, if any); the summary's 确认登记/修改/取消
    go (as under /reverse): before, they stayed under an entry recorded."""
    await drop_buttons(update)
    await reply(update, t(context, "Recorded as #{id}: {what}, {amount}. Another volunteer "
                                   "must approve it before it appears in the public accounts.",
                          id=entry.id, what=await what_recorded(context, entry),
                          amount=format_fen(entry.data["amount_fen"])),
                reply_markup=take_back_row(context, entry, reply_markup))


def take_back_row(context: ContextTypes.DEFAULT_TYPE, entry: Any,
                  markup: InlineKeyboardMarkup | None = None) -> InlineKeyboardMarkup:
    """``markup`` (if any) with a last row: its author's button withdrawing ``entry``
    while nobody has approved it (``take_back.py``)."""
    rows = [list(row) for row in markup.inline_keyboard] if markup else []
    rows += [[button(t(context, "Withdraw #{id}", id=entry.id), f"{TAKE_BACK}:ask:{entry.id}")]]
    return InlineKeyboardMarkup(rows)


def household_label(repo: Any, household: str) -> str:
    """'怡馨苑小区 1号楼 2单元 401' (the volunteers' label: with the room)."""
    return str(repo.street.household_label(household))


async def what_recorded(context: ContextTypes.DEFAULT_TYPE, entry: Any) -> str:
    """What was recorded, for its recorder to check: the fee, period and payer (卫生费
    2026-12，怡馨苑小区 1号楼 2单元 401), or the purpose and payee of an expense."""
    d = entry.data
    if entry.kind == Kind.EXPENSE:
        return t(context, "{purpose}, paid to {payee}", purpose=d["purpose"], payee=d["payee"])
    fee = t(context, "{fee} {period}", fee=word(context, labels.FEE_TYPE, d["fee_type"]),
            period=d["period"])
    payer = await read(household_label, repo_of(context), d["household"]) \
        if d.get("household") else d.get("unit_label") or ""
    return t(context, "{fee}, {payer}", fee=fee, payer=payer) if payer else fee


def units_of(repo: Any, area: str) -> list[list[Any]]:
    """[unit key, label, [[household id, room], ...]] of every unit in ``area`` (/income)."""
    return [[key, label, [[h.id, h.room] for h in u.households]]
            for key, label, u in repo.street.area_units(area)]


def schedule_of(repo: Any, area: str) -> list[list[Any]]:
    """[[fee code, who pays (None: any), usual amount, how often], ...] of ``area``."""
    return [[f.fee_type, None if f.per is None else str(f.per), f.amount_fen, f.period]
            for f in fees.fee_types(repo.street, area)]


async def so_far(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str
                 ) -> list[str]:
    """What a draft of /income or /expense holds, for its volunteer taking it up again
    at the door (``Flow.so_far``): 卫生费 · 怡馨苑小区 1号楼 2单元 401 · 2026-12 · ¥120.00;
    nothing at a summary, which shows it all."""
    if state in (E_CONFIRM, E_FIX, I_CONFIRM, I_FIX):
        return []
    place, unit = d.get("place") or {}, d.get("unit")
    parts = [word(context, labels.FEE_TYPE, d["fee"][0])] if d.get("fee") else []
    if place.get("household"):
        parts.append(await read(household_label, repo_of(context), place["household"]))
    elif unit is not None and d.get("units"):
        parts.append(d["units"][unit][1])
    parts += [d["period"]] if d.get("period") else []
    parts += [format_fen(d["amount_fen"])] if d.get("amount_fen") is not None else []
    parts += [d[k] for k in ("payee", "purpose") if d.get(k)]
    if d.get("category"):
        parts.append(word(context, labels.EXPENSE_CATEGORY, d["category"]))
    return parts


# A reversal approved: its author records the right line with the button, the line it
# replaces filled in (``replace_markup``; the domain checks it, ``Repository.replaceable_line``).
REPLACE_BUTTON = lazy("Record the right one (replacing line {seq})")
REPLACES_LINE = lazy("Replaces line {seq} (reversed): the public line will say 代替第 {seq} 笔, "
                     "and line {seq} will link to it.")


def replace_markup(area: str, kind: Kind, seq: int
                   ) -> Callable[[str], InlineKeyboardMarkup]:
    """The button under a reversal approved that starts /expense (or /income, for a fee
    line) replacing line ``seq`` of ``area``: ``exp:rep:<area>:<seq>``, in a language."""
    prefix = EXP if kind == Kind.EXPENSE else INC
    return lambda lang: InlineKeyboardMarkup([[button(tr(lang, REPLACE_BUTTON, seq=seq),
                                                      f"{prefix}:rep:{area}:{seq}")]])


OPEN_LINES = lazy("Reversed in this area, the right one not recorded yet:\n{lines}\nIf what "
                  "you are recording now is the right one in its place, press its button "
                  "below (the public accounts then link the two lines). If not, just answer:")
OPEN_LINE = lazy("Line {seq}: {date} {amount} {what} (reversed by line {by})")


async def offer_replacing(context: ContextTypes.DEFAULT_TYPE, area: str, kind: Kind
                          ) -> tuple[str, list[list[Any]]]:
    """What /expense (or /income) says first to any volunteer of ``area`` when lines of
    its kind were lately reversed and nothing is recorded in their place yet
    (``Repository.open_replacements``): the lines, and a row each of the button the
    reversal's approval gave its author (``replace_markup``: pressed, the domain checks
    it again). ("", []) when there is none. Before, only the reversal's author could
    record the right line naming the reversed one; when she was away, another volunteer
    recorded it with nothing linking the two."""
    lines = await read(repo_of(context).open_replacements, area, kind)
    if not lines:
        return "", []
    prefix = EXP if kind == Kind.EXPENSE else INC
    said = []
    for x in lines:
        what = " ".join(str(x.get("purpose") or "").split())[:60] + "".join(
            f"（{x[k]}）" for k in ("period", "payee") if x.get(k)) + (
            f" {x['household_ref']}" if x.get("household_ref") else "")  # which of many fees
        said.append(t(context, OPEN_LINE, seq=x["seq"], date=x.get("date", ""),
                      amount=format_fen(abs(int(x["amount_fen"]))), what=what,
                      by=x["reversed_by"]))
    rows = [[button(t(context, REPLACE_BUTTON, seq=x["seq"]), f"{prefix}:rep:{area}:{x['seq']}")]
            for x in lines]
    return t(context, OPEN_LINES, lines="\n".join(said)), rows


NAMES_A_ROOM = lazy("“{room}” looks like a room number. The accounts are public and never "
                    "say which household paid: please leave the room out (e.g. 记错了住户).")
NAMES_SOMEONE = lazy("“{name}” is the name of someone registered here. The accounts are "
                     "public, and a person's name may be published only with their own "
                     "consent: please write the trade or the company instead (e.g. "
                     "electrician, cleaner, ABC Property Co.).")


# What a ledger line may not publish (``db.private_words``), said to whoever typed it.
PRIVATE_IN_LINE = lazy("“{words}” is {what}. The accounts are public and cannot be changed "
                       "later, and a private person's name, phone, ID number or licence plate "
                       "may not be published without their consent. Please type it again "
                       "without it: the trade or the company (e.g. 维修工人, 电工（个人）, "
                       "孝义市安居门业). What you typed before is kept.")
PRIVATE_WHAT = {"phone": lazy("a phone number"), "id": lazy("an ID number"),
                "plate": lazy("a licence plate"),
                "contact": lazy("a way to reach a person (WeChat, QQ, e-mail)"),
                "name": lazy("a person's full name")}


async def private_in_line(context: ContextTypes.DEFAULT_TYPE, text: str) -> str:
    """If ``text``, typed for a ledger line, holds what a line may not publish (a phone or
    ID number, a plate, the full name of someone nobody registered: ``db.private_words``,
    refused by the domain too): what is said before the question is asked again; else
    ""."""
    found = await read(repo_of(context).private_in_line, text)
    if found is None:
        return ""
    what, words = found
    return t(context, PRIVATE_IN_LINE, words=words, what=t(context, PRIVATE_WHAT[what]))


async def names_someone(context: ContextTypes.DEFAULT_TYPE, text: str) -> str:
    """If ``text``, typed for a ledger line, holds the name of a person of the street
    (``db.ledger_names``), or what else a line may not publish (``private_in_line``):
    what the volunteer is told, before the question is asked again; else ""."""
    name = await read(repo_of(context).named_person, text)
    if name is not None:
        return t(context, NAMES_SOMEONE, name=name)
    return await private_in_line(context, text)


async def names_a_room(context: ContextTypes.DEFAULT_TYPE, area: str, text: str) -> str:
    """If ``text``, typed for a ledger line of ``area``, holds a room of its households
    the masking keeps (``bot.room_words``): what the volunteer is told; else ""."""
    room = await read(room_in, repo_of(context), area, text)
    return "" if room is None else t(context, NAMES_A_ROOM, room=room)


async def unfit(context: ContextTypes.DEFAULT_TYPE, text: str, limit: int,
                area: str | None = None) -> str:
    """What is wrong with ``text`` typed for a ledger line, to say before it is asked
    again: longer than ``limit`` (it is published whole, never cut short), naming a
    person (``names_someone``) or, with ``area``, a room (``names_a_room``); "" when it
    is fine or empty."""
    if len(text) > limit:
        return t(context, TOO_LONG, count=len(text), max=limit)
    if not text:
        return ""
    return await names_someone(context, text) or (
        await names_a_room(context, area, text) if area else "")
