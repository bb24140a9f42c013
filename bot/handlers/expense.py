"""/expense: a volunteer records money spent — area (when they have several),
amount, payee, purpose, category, the project it belongs to (when the area
has passed proposals), the report (报事) it paid for (asked when the area has open
reports: one of them, a number typed, or 不关联; the domain checks it is an accepted
report of the area), the receipt photo, which is required, and whether the
photo may be published (the volunteer confirms it shows no personal data; if
it does, only volunteers see it). A summary of it all is shown last, with
确认登记 / 修改 / 取消 (``expense_summary``): nothing is stored before 确认登记 (a
step changed from 修改 comes back to the summary). It ends in a pending entry another
volunteer must approve (see ``money_steps``).

Written as ``bot.flows`` says. Buttons: ``exp:area:<i>``, ``exp:cat:<code>``,
``exp:prj:<proposal id>`` (0: no project), ``exp:iss:<report id>`` (0: not
linked), ``exp:pub:1|0``, ``exp:ok:1`` (sealed:
record it) / ``exp:ok:0`` (cancel), ``exp:edit`` and ``exp:fix:<step>``, checked
against the draft.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler, filters

from db import labels
from db.elections import is_election
from db.entries import EXPENSE_CATEGORIES, Kind, Status
from db.errors import DomainError
from db.money import amount_like
from db.people import is_admin, volunteer_areas

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import error_text, lang_of, person_of, read, reply, repo_of, t, word
from ..files import save_photo
from ..flows import (
    END,
    PHOTO,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    clean_text,
    current_draft,
    draft,
    gone,
    keyboard,
    refuse,
    short,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..keyboards import button
from ..private_only import EXPENSE_NOT_HERE
from ..staff import chosen_area, command_of, entry_id_of
from ..voice_words import entry_words, voice_label
from .expense_back import BACK
from .expense_balance import REPLACED, confirmed, over_balance
from .expense_receipt import (
    ask_public,
    ask_receipt,
    ask_why,
    early_receipt,
    no_receipt_markup,
    on_no_receipt,
    on_no_receipt_reason,
    on_public,
    on_receipt,
    on_receipt_file,
    on_second_receipt,
    on_text_for_receipt,
    receipt_buttons,
    receipt_next,
)
from .expense_summary import on_ok
from .expense_summary import summary as _summary
from .field_note import LOOSE, take_loose
from .money_steps import (
    E_AMOUNT,
    E_AREA,
    E_CATEGORY,
    E_CONFIRM,
    E_FIX,
    E_ISSUE,
    E_NO_RECEIPT,
    E_PAYEE,
    E_PROJECT,
    E_PUBLIC,
    E_PURPOSE,
    E_RECEIPT,
    EXP,
    EXPENSE,
    MAX_FIELD,
    STEPS,
    amount_at_summary,
    amount_noted,
    amount_or_problem,
    amount_typed,
    ask,
    begin,
    offer_replacing,
    read_amount,
    so_far,
    step,
    unfit,
)
from .replacing import begin_replacing, fill_expense, on_same_amount, same_amount

__all__ = ["COMMANDS", "HANDLERS"]


async def expense(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts recording money spent; asks which area or how much."""
    receipt = await _photo_sent_before(update, context)  # said before the first question
    started = await begin(update, context, EXPENSE, EXP, EXPENSE_NOT_HERE, linked=True)
    if started is None:
        return END
    d, area = started
    if receipt:
        d["receipt"] = receipt
    if area is None:
        return E_AREA
    d["area"] = area
    return await _ask_amount(update, context, area)


async def _photo_sent_before(update: Update, context: ContextTypes.DEFAULT_TYPE
                             ) -> str | None:
    """The one photo she sent just before /expense (kept for a note on site, ``field_note``:
    照片收到了，还没有保存), taken as the receipt of this expense, and said so. A busy
    volunteer photographs the receipt first: it was asked for again at the end, and the
    photo waited for a report's note she was never going to write."""
    if update.callback_query is None and command_of(update) != EXPENSE:
        return None  # not /expense typed, nor 记账's button: a draft taken up, a replacement
    person = await person_of(update, context)
    chat = update.effective_chat
    if not (volunteer_areas(person) or is_admin(person)) or chat is None or \
            chat.type != chat.PRIVATE:
        return None  # refused by ``begin``, or in a group: nothing taken
    loose = take_loose(context)
    if len(loose) != 1:
        if loose and context.user_data is not None:  # several: a note's, left for it
            context.user_data[LOOSE] = {"at": repo_of(context).clock().isoformat(),
                                        "photos": loose}
        return None
    try:
        receipt = await save_photo(update, context, SimpleNamespace(**loose[0]))
    except DomainError:
        return None  # not fetched: asked for at its step, as before
    await reply(update, t(context, SENT_BEFORE_KEPT))
    return receipt


SENT_BEFORE_KEPT = lazy("The photo you sent just before is kept as the receipt of this "
                        "expense: you will not be asked for it again, only whether it may be "
                        "published. (To use another, press Edit → Invoice photo on the summary "
                        "at the end.)")


async def _ask_amount(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str) -> str:
    """The first question of a fresh expense of ``area``: how much, below the area's lines
    lately reversed with nothing in their place yet, a button each (``offer_replacing``)."""
    before, rows = await offer_replacing(context, area, Kind.EXPENSE)
    return await BACK.asking(update, context, E_AMOUNT, _with_cancel(context, rows),
                             before=before)


def _amount_buttons(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup | None:
    """The amount asked again (120.5.5, a voice note): 金额没错 of a line replaced, and
    取消 unless it came from the summary's 修改 (⬅️ 上一步 there)."""
    d = current_draft(context, EXPENSE) or {}
    same = same_amount(context, EXP, d)
    return same if d.get("fixing") else _with_cancel(
        context, [list(r) for r in same.inline_keyboard] if same else None)


def _with_cancel(context: ContextTypes.DEFAULT_TYPE, rows: list[Any] | None = None
                 ) -> InlineKeyboardMarkup:
    """``rows`` and 取消 under the first question, as /meeting's and /income's have it."""
    return InlineKeyboardMarkup([*(rows or []), [button(*BACK.cancel(context))]])


async def expense_replacing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts an expense replacing a reversed line, filled in from it; asks how much.

    The button under a reversal approved (代替第 N 笔), checked by ``begin_replacing``."""
    await answer(update)
    started = await begin_replacing(update, context, EXPENSE, EXP, Kind.EXPENSE)
    if started is None:
        return END
    d, line = started
    d[REPLACED] = abs(int(line["amount_fen"]))  # no more than it: not asked of the balance
    before = await fill_expense(context, d, line)
    return await BACK.asking(update, context, E_AMOUNT, same_amount(context, EXP, d), before=before)


async def on_same(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the amount of the line replaced (金额没错) and shows the summary."""
    await answer(update)
    return await on_same_amount(update, context, EXPENSE, EXP, _summary)


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and asks for the amount."""
    await answer(update)
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, EXP, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    d["area"] = area
    return await _ask_amount(update, context, area)


async def on_amount(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the amount and asks who was paid (a wrong one: says why, asks again)."""
    amount, problem = amount_or_problem(update, context)
    d = draft(context, EXPENSE)
    if amount is None:  # asked again with 金额没错 (a draft replacing a line) and 取消
        await BACK.asking(update, context, E_AMOUNT, _amount_buttons(context), before=problem)
        return None
    stopped = await over_balance(update, context, d, amount)  # more than the area holds
    if stopped:
        return stopped
    d["amount_fen"] = amount
    if d.get("fixing"):
        return await _summary(update, context, d)
    return await BACK.asking(update, context, E_PAYEE,
                             before=amount_noted(context, amount, again=True))


async def on_big(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Keeps the amount said right though it is more than the balance, and goes on."""
    await answer(update)
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    args = button_args(update, EXP, "big", 1)
    amount = confirmed(d, args[0]) if args else None
    if amount is None:
        return await refuse(update, context)
    d["amount_fen"] = amount
    if d.get("fixing"):
        return await _summary(update, context, d)
    return await BACK.asking(update, context, E_PAYEE,
                             before=amount_noted(context, amount, again=True))


async def on_payee(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the payee and asks for the purpose, or takes an amount typed again.

    An amount alone (305, 三百零五) is the amount said back typed again, not a payee:
    it replaces the amount and the payee is asked again (before, it became the payee,
    published with the line); one it cannot read (120.5.5, ¥-3) is said to be wrong, and
    why, and the payee is asked again with the amount kept."""
    amount = amount_typed(update, context)
    if amount is None and amount_like(typed(update)):
        await read_amount(update, context)  # says what is wrong with it
        amount = draft(context, EXPENSE)["amount_fen"]  # the one said back stays
    if amount is not None:
        stopped = await over_balance(update, context, draft(context, EXPENSE), amount)
        if stopped:  # asked at the amount step: right, or typed again there
            return stopped
        draft(context, EXPENSE)["amount_fen"] = amount
        return await BACK.asking(update, context, E_PAYEE,
                                 before=amount_noted(context, amount, again=True))
    payee = clean_text(typed(update))
    named = await unfit(context, payee, MAX_FIELD, draft(context, EXPENSE).get("area"))
    if not payee or named:
        await BACK.asking(update, context, E_PAYEE, before=named)
        return None
    d = draft(context, EXPENSE)
    d["payee"] = payee
    if d.get("fixing"):
        return await _summary(update, context, d)
    return await BACK.asking(update, context, E_PURPOSE)


async def on_purpose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the purpose and asks for the category."""
    purpose = clean_text(typed(update))
    named = await unfit(context, purpose, MAX_FIELD, draft(context, EXPENSE).get("area"))
    if not purpose or named:
        await BACK.asking(update, context, E_PURPOSE, before=named)
        return None
    d = draft(context, EXPENSE)
    d["purpose"] = purpose
    if d.get("fixing"):
        return await _summary(update, context, d)
    return await _ask_category(update, context)


def _categories(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    return keyboard([(word(context, labels.EXPENSE_CATEGORY, c), f"{EXP}:cat:{c}")
                     for c in EXPENSE_CATEGORIES])


async def _ask_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    return await BACK.asking(update, context, E_CATEGORY, _categories(context))


async def on_category(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the category; asks for the project when the area has any."""
    await answer(update)
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    args = button_args(update, EXP, "cat", 1)
    if args is None or args[0] not in EXPENSE_CATEGORIES:
        return await refuse(update, context)
    d["category"] = args[0]
    if d.get("fixing"):
        return await _summary(update, context, d)
    return await _ask_project(update, context, d)


async def _ask_project(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> str:
    """Asks for the project among the area's passed proposals (an election is none), or
    (none) the receipt."""
    projects = [p for p in await read(repo_of(context).entries, area=d["area"],
                                      kind=Kind.PROPOSAL, status=Status.PASSED)
                if not is_election(p.data)]
    if not projects:
        return await _ask_issue(update, context, d)
    d["projects"] = [p.id for p in projects]
    d["titles"] = {str(p.id): str(p.data.get("title", "")) for p in projects}
    choices = [(f"#{p.id} {p.data.get('title', '')}", f"{EXP}:prj:{p.id}") for p in projects]
    choices.append((t(context, "No project"), f"{EXP}:prj:0"))
    return await BACK.asking(update, context, E_PROJECT, keyboard(choices, 1))


async def on_project(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the project (or none) and asks for the receipt."""
    await answer(update)
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    args = button_args(update, EXP, "prj", 1)
    pid = (entry_id_of(args[0]) if args[0] != "0" else 0) if args else None
    if pid is None or (pid and pid not in d.get("projects", [])):
        return await refuse(update, context)
    d["project"] = pid or None
    if d.get("fixing"):
        return await _summary(update, context, d)
    return await _ask_issue(update, context, d)


OPEN_REPORTS_SHOWN = 6  # the newest open reports offered as buttons


async def _ask_issue(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     d: dict[str, Any]) -> str:
    """Asks which report (报事) the money was spent on, offering the area's newest open
    reports and 不关联; with no open report (and not asked from 修改), the receipt is
    asked instead: a report already resolved can still be named from the summary."""
    reports = (await read(repo_of(context).open_issues, d["area"]))[::-1][:OPEN_REPORTS_SHOWN]
    d["issue_asked"] = bool(reports)  # ⬅️ 上一步 at the photo leads here (expense_back)
    if not reports and not d.get("fixing"):
        return await receipt_next(update, context, d)
    lang = lang_of(context)
    # a voice report by its summary: 语音留言（0:23），志… filled the button, every voice
    # report's alike (voice_label)
    choices = [(f"#{e.id} {word(context, labels.ISSUE_CATEGORY, e.data.get('category'))} "
                f"{short(_named(lang, e.data), 14)}", f"{EXP}:iss:{e.id}") for e in reports]
    choices.append((t(context, "Not linked"), f"{EXP}:iss:0"))
    return await BACK.asking(update, context, E_ISSUE, keyboard(choices, 1))


def _named(lang: str, data: dict[str, Any]) -> str:
    return voice_label(lang, data) if data.get("voice") else entry_words(lang, data, brief=True)


async def _take_issue(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                      iid: int) -> object:
    """Stores report ``iid`` (0: not linked) if the domain lets this area's expense name
    it, then goes on (the receipt, or the summary); else says why and asks again."""
    if iid:
        try:
            report = await read(repo_of(context).paid_issue, d["area"], iid)
        except DomainError as exc:
            await reply(update, error_text(context, exc))
            return await _ask_issue(update, context, {**d, "fixing": True})
        d["issue"], d["issue_text"] = iid, short(
            entry_words(lang_of(context), report.data, brief=True), 20)
    else:
        d["issue"], d["issue_text"] = None, ""
    if d.get("fixing"):
        return await _summary(update, context, d)
    return await receipt_next(update, context, d)


async def on_issue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the report pressed (or 不关联) and asks for the receipt."""
    await answer(update)
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    args = button_args(update, EXP, "iss", 1)
    iid = (entry_id_of(args[0]) if args[0] != "0" else 0) if args else None
    if iid is None:
        return await refuse(update, context)
    return await _take_issue(update, context, d, iid)


# What is typed for 不关联 (its own words, too).
NOT_LINKED_WORDS = frozenset({"不关联", "不用关联", "无", "没有", "不", "没", "跳过",
                              "notlinked", "none", "no", "skip"})


async def on_issue_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes a report's number typed (12, #12, 报事12) or 不关联, else asks again.

    Anything else typed is said to be no report number, and the step stays."""
    d = draft(context, EXPENSE)
    said = typed(update)
    if re.sub(r"[\W_]+", "", said).lower() in NOT_LINKED_WORDS:  # the button's words too
        return await _take_issue(update, context, d, 0)
    iid = entry_id_of(re.sub(r"^\s*报事\s*", "", said))
    if iid is None:
        await reply(update, t(context, STEPS[E_ISSUE].again))
        return None
    return await _take_issue(update, context, d, iid)


# 修改: what can be changed, each step asked again and then the summary again.
FIXES = {"amount": lazy("Amount"), "payee": lazy("Payee"), "purpose": lazy("Purpose"),
         "category": lazy("Category"), "project": lazy("Project"), "issue": lazy("Spent on report"),
         "receipt": lazy("Invoice photo"), "public": lazy("Publish the invoice?")}


async def _ask_fix(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> str:
    fixes = [(t(context, label), f"{EXP}:fix:{key}") for key, label in FIXES.items()
             if key != "project" or d.get("projects")]
    return await BACK.asking(update, context, E_FIX, keyboard(fixes, 2))


async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks what to change (修改 under the summary)."""
    await answer(update)
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    if button_args(update, EXP, "edit", 0) is None:
        return await refuse(update, context)
    return await _ask_fix(update, context, d)


async def on_fix(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks the step chosen again, whose answer leads back to the summary.

    A new invoice photo is asked whether it may be published, too."""
    await answer(update)
    d = current_draft(context, EXPENSE)
    if d is None:
        return await gone(update, context)
    args = button_args(update, EXP, "fix", 1)
    if args is None or args[0] not in FIXES or (args[0] == "project" and not d.get("projects")):
        return await refuse(update, context)
    d["fixing"] = True
    if args[0] == "public":
        return await ask_public(update, context)
    if args[0] == "receipt":
        return await ask_receipt(update, context)
    asking = {"amount": E_AMOUNT, "payee": E_PAYEE, "purpose": E_PURPOSE}
    if args[0] in asking:
        return await BACK.asking(update, context, asking[args[0]])
    if args[0] == "issue":
        return await _ask_issue(update, context, d)
    return await (_ask_category(update, context) if args[0] == "category" else
                  _ask_project(update, context, d))


async def _photo_again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """Asks for the invoice photo again, with no 不改，继续 (a draft taken up)."""
    return await ask(update, context, E_RECEIPT,
                     BACK.backed(context, E_RECEIPT, no_receipt_markup(context)))


# Each step asked again, after what was entered (so_far), for a kept draft taken up
# (bot.kept), and for ⬅️ 上一步 (``expense_back``);
# whether the invoice may be published is asked again under the photo sent again, since
# it is answered by looking at the photo, by then far up the chat.
RESUME = {
    E_AMOUNT: lambda u, c, d: BACK.asking(u, c, E_AMOUNT, _with_cancel(c)),
    E_PAYEE: lambda u, c, d: BACK.asking(u, c, E_PAYEE),
    E_PURPOSE: lambda u, c, d: BACK.asking(u, c, E_PURPOSE),
    E_CATEGORY: lambda u, c, d: _ask_category(u, c), E_PROJECT: _ask_project,
    E_ISSUE: lambda u, c, d: _ask_issue(u, c, {**d, "fixing": True}),
    E_RECEIPT: lambda u, c, d: _photo_again(u, c), E_PUBLIC: lambda u, c, d: _photo_again(u, c),
    E_NO_RECEIPT: lambda u, c, d: ask_why(u, c),
    E_CONFIRM: _summary, E_FIX: _summary}
# ⬅️ 上一步 to the photo shows it kept, with 不改，继续 (to whether it is published)
BACK.asks.update(RESUME, **{E_RECEIPT: lambda u, c, d: ask_receipt(u, c),
                            E_PUBLIC: lambda u, c, d: ask_public(u, c)})
B, K = BACK.backs, BACK.keeping  # ⬅️ 上一步 and 不改，继续 at each step


def _early(state: str) -> MessageHandler[Any, Any]:
    """A photo sent at ``state``, before the receipt is asked: kept as the receipt, and
    ``state`` asked again (``early_receipt``)."""
    async def on_early_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Keeps the photo as the receipt and asks the step again."""
        if state == E_AMOUNT:  # with 金额没错 of a line replaced, as after 120.5.5
            return await early_receipt(update, context, lambda: BACK.asking(
                update, context, E_AMOUNT, _amount_buttons(context)))
        return await early_receipt(update, context, lambda: RESUME[state](
            update, context, current_draft(context, EXPENSE) or {}))
    return MessageHandler(PHOTO, on_early_photo)


STATES: dict[object, list[Any]] = {
    E_AREA: step(E_AREA, *buttons(EXP, {"area": on_area, "cancel": BACK.on_cancel})),
    E_AMOUNT: step(E_AMOUNT, *B(E_AMOUNT), _early(E_AMOUNT),
                   MessageHandler(TEXT_INPUT, K(E_AMOUNT, on_amount)),
                   *buttons(EXP, {"same": on_same, "cancel": BACK.on_cancel,  # 金额没错 kept
                                  "big": on_big}),
                   markup=lambda c: BACK.buttons_of(c, E_AMOUNT, _amount_buttons(c))),
    E_PAYEE: step(E_PAYEE, *B(E_PAYEE), _early(E_PAYEE),
                  MessageHandler(TEXT_INPUT, K(E_PAYEE, on_payee)),
                  *buttons(EXP, {}), markup=lambda c: BACK.buttons_of(c, E_PAYEE)),
    E_PURPOSE: step(E_PURPOSE, *B(E_PURPOSE), _early(E_PURPOSE),
                    MessageHandler(TEXT_INPUT, K(E_PURPOSE, on_purpose)), *buttons(EXP, {}),
                    markup=lambda c: BACK.buttons_of(c, E_PURPOSE)),
    E_CATEGORY: step(E_CATEGORY, *B(E_CATEGORY), _early(E_CATEGORY),
                     *buttons(EXP, {"cat": on_category}),
                     markup=lambda c: BACK.buttons_of(c, E_CATEGORY, _categories(c))),
    E_PROJECT: step(E_PROJECT, *B(E_PROJECT), _early(E_PROJECT),
                    *buttons(EXP, {"prj": on_project})),
    E_ISSUE: step(E_ISSUE, *B(E_ISSUE), _early(E_ISSUE), MessageHandler(TEXT_INPUT, on_issue_text),
                  *buttons(EXP, {"iss": on_issue})),
    E_RECEIPT: step(E_RECEIPT, *B(E_RECEIPT), MessageHandler(PHOTO, on_receipt),
                    MessageHandler(filters.Document.ALL, on_receipt_file),
                    MessageHandler(TEXT_INPUT, K(E_RECEIPT, on_text_for_receipt)),
                    *buttons(EXP, {"cancel": BACK.on_cancel, "norcpt": on_no_receipt}),
                    markup=receipt_buttons),
    E_NO_RECEIPT: step(E_NO_RECEIPT, *B(E_NO_RECEIPT), MessageHandler(PHOTO, on_receipt),
                       MessageHandler(filters.Document.ALL, on_receipt_file),
                       MessageHandler(TEXT_INPUT, on_no_receipt_reason), *buttons(EXP, {}),
                       markup=lambda c: BACK.buttons_of(c, E_NO_RECEIPT)),
    E_PUBLIC: step(E_PUBLIC, *B(E_PUBLIC), *buttons(EXP, {"pub": on_public}),
                   MessageHandler(PHOTO, on_second_receipt)),
    E_CONFIRM: [*B(E_CONFIRM), *buttons(EXP, {"ok": on_ok, "edit": on_edit, "fix": on_fix}),
                *amount_at_summary(EXPENSE, _summary),
                *unexpected(STEPS[E_CONFIRM].again,
                            lambda u, c: _summary(u, c, draft(c, EXPENSE)))],
    E_FIX: step(E_FIX, *B(E_FIX), *buttons(EXP, {"fix": on_fix})),
}

COMMANDS = [
    Command("expense", "Record money spent, with the receipt", expense,
            audience=Audience.VOLUNTEER, order=41, flow=Flow(
                EXPENSE, STATES, resume=RESUME, so_far=so_far, entry_points=[
                    CallbackQueryHandler(expense_replacing, pattern=f"^{EXP}:rep:")]),
            extra={"title": lazy("Expense record (/expense)")}),
]

HANDLERS = [kept.stale_buttons(EXPENSE, EXP)]
