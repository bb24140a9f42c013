"""/accounts (账目): the area's balance, this month's income and expense, the
latest ledger lines, and the link to the area's accounts page on the public
site. The ledger is public, so anyone may look: a resident sees their own
area; anyone else picks one (``acc:<area index>``). Who may ask about a line
(a resident or supervisor of the area) gets the 提问 button (``bot.handlers.ask``)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.civic import may_ask
from db.lines import found_from, notes_of
from db.money import format_fen
from db.people import resident_area, supervisor_areas, volunteer_areas
from db.redact import redactor

from ..commands import Command
from ..context import lang_of, person_of, read, reply, repo_of, settings_of, t
from ..flows import answer, refuse
from ..i18n import lazy, month_words
from ..keyboards import button, parse_ints, rows
from ..resident import pending_registration
from .ask import ask_button

__all__ = ["COMMANDS", "HANDLERS", "area_url", "accounts_text"]

RECENT = 5


def area_url(base: str, area_id: str) -> str:
    """The area's accounts page on the public site (``areas/<id>/accounts/``)."""
    return f"{base.rstrip('/')}/areas/{area_id}/accounts/" if base else ""


CARRIED = lazy("(It includes the opening balance, {amount}: what the paper book held on "
               "{date}, carried over as line {seq}; no income of any year.)")
LOST_LINE = lazy("lost in a restore of a backup ({date}); the line first published under "
                 "this number is in the accounts published before")
FOUND_LINE = lazy(" (line {seq} before, found again in a restore of a backup)")
# beside a line of the latest: it no longer counts (its reversal is among them, later),
# or stands for one reversed (line format 5): the reader saw -¥120 and, above it, +¥120
# 冲正第 79 笔 with nothing beside line 79
REVERSED_BY = lazy(" (reversed by line {seq})")
IN_PLACE_OF = lazy(" (in place of line {seq})")
NOTE_TEXT = 60  # characters of a line's note (无收据：…) said here
LOST_FOUND_LINE = lazy("lost in a restore of a backup ({date}); found again by a later "
                       "restore, as line {found}")


async def accounts_text(context: ContextTypes.DEFAULT_TYPE, area_id: str) -> str:
    repo = repo_of(context)
    area = repo.street.area(area_id)
    lines = await read(repo.ledger_tail, area_id, RECENT)
    balance = await read(repo.balance, area_id)
    month = repo.clock().strftime("%Y-%m")
    income, expense = await read(repo.month_totals, area_id, month)
    opening = await read(repo.opening, area_id)  # carried over from a paper book
    out = [t(context, "Accounts of {area} ({steward})", area=area.name, steward=area.steward),
           t(context, "Balance: {amount}", amount=format_fen(balance))]
    if opening is not None:
        out.append(t(context, CARRIED, amount=format_fen(int(opening["amount_fen"])),
                     date=opening.get("as_of") or opening.get("date", ""), seq=opening["seq"]))
    if balance < 0:  # a new street's first expense paid from money held before: not a debt
        out.append(t(context, "(A balance below zero: more spending than income is recorded, "
                              "usually because money held before these accounts began was "
                              "not recorded as income yet, or someone advanced the money; "
                              "not a debt, nor an error.)"))
    out.append(t(context, "This month ({month}): income {income}, expense {expense}",
                 month=month_words(lang_of(context), month),
                 income=format_fen(income), expense=format_fen(expense)))
    if income < 0 or expense < 0:  # the month's reversals of earlier months' lines
        out.append(t(context, "(A figure below zero: a line of an earlier month was reversed "
                              "this month, and reversals count in the month they are made.)"))
    if lines:
        out.append(t(context, "Latest entries:"))
        public = redactor(repo.settings)  # lines chained before redaction existed
        found_at = {n: x["seq"] for x in lines if (n := found_from(x)) is not None}
        # a reversal comes after its line: of a line among the latest, it is among them
        undone = {int(x["reverses"]): x["seq"] for x in lines if x.get("reverses")}
        for x in reversed(lines[-RECENT:]):
            sign = "+" if int(x["amount_fen"]) > 0 else ""
            purpose = " ".join(public(x.get("purpose") or x.get("category")).split())[:60]
            if x.get("kind") == "lost":  # ``db.lost_lines``: said in the reader's language
                purpose = t(context, LOST_FOUND_LINE, date=x.get("date", ""),
                            found=found_at[x["seq"]]) if x["seq"] in found_at else \
                    t(context, LOST_LINE, date=x.get("date", ""))
            if x.get("period") and x.get("kind") == "income":  # as the site: 卫生费（2026-11）
                purpose += f"（{public(x['period'])}）"
            was = found_from(x)  # ``db.found_lines``: recorded again after a restore
            if was is not None:
                purpose += t(context, FOUND_LINE, seq=was)
            purpose += "".join(f"（{' '.join(public(n).split())[:NOTE_TEXT]}）"
                               for n in notes_of(x))  # 无收据：…, as the paper notice
            if x.get("replaces"):
                purpose += t(context, IN_PLACE_OF, seq=x["replaces"])
            if int(x["seq"]) in undone:
                purpose += t(context, REVERSED_BY, seq=undone[int(x["seq"])])
            out.append(t(context, "Line {seq}: {date} {amount} {purpose}", seq=x["seq"],
                         date=x.get("date", ""), purpose=purpose,
                         amount=sign + format_fen(int(x["amount_fen"]))))
    else:
        out.append(t(context, "Nothing has been published in the accounts yet."))
    url = area_url(settings_of(context).site_url or repo.street.site_url, area_id)
    if url:
        out.append(t(context, "Every line with its receipt: {url}", url=url))
    return "\n".join(out)


async def accounts_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the accounts of the caller's area, or asks which area."""
    person = await person_of(update, context)
    own = volunteer_areas(person)  # a volunteer of one area living elsewhere: hers
    area = resident_area(person) or next(iter(supervisor_areas(person)), None) or (
        own[0] if len(own) == 1 else None)
    if area is None:
        pending = await pending_registration(context, person["id"])
        area = pending.area if pending is not None else None
    if area is not None:
        markup = InlineKeyboardMarkup([[ask_button(lang_of(context))]]) \
            if may_ask(person, area) else None
        await reply(update, await accounts_text(context, area), reply_markup=markup)
        return
    areas = repo_of(context).street.areas
    keyboard = InlineKeyboardMarkup(rows([button(a.name, f"acc:{i}")
                                          for i, a in enumerate(areas)], 2))
    await reply(update, t(context, "The accounts are public. Which area do you want to see?"),
                reply_markup=keyboard)


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the accounts of the area chosen (``acc:<area index>``)."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ids = parse_ints(fields[1:]) if len(fields) == 2 else None
    areas = repo_of(context).street.areas
    if not ids or ids[0] >= len(areas):
        await refuse(update, context)
        return
    person = await person_of(update, context)
    area = areas[ids[0]].id
    markup = InlineKeyboardMarkup([[ask_button(lang_of(context))]]) \
        if may_ask(person, area) else None
    await reply(update, await accounts_text(context, area), reply_markup=markup)


COMMANDS = [
    Command("accounts", "See the accounts of your area", accounts_command,
            menu_label="Accounts", order=50),
]

HANDLERS = [CallbackQueryHandler(on_area, pattern=r"^acc:")]
