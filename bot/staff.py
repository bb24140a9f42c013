"""Who may act as a volunteer, and what the volunteers' commands and flows share.

``require_staff`` lets through volunteers of any area and admins (the area
itself is checked by the repository on every action); ``require_admin`` only
admins. A refusal is answered clearly and logged; nothing changes. Then the
reading of a command's words (``words``, ``entry_id_of``), domain errors as
messages (``fail``), and the steps several flows ask alike: which area
(``choose_area``) and which household (``resolve_household``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import STAGE_TRANSITIONS, ProjectStage
from db.errors import DomainError
from db.people import is_admin, supervisor_areas, volunteer_areas

from .context import (
    ERROR_MESSAGES,
    call,
    error_text,
    lang_of,
    person_of,
    read,
    reply,
    repo_of,
    t,
    word,
)
from .flows import button_args, clean_text, index_of, keyboard
from .i18n import lazy, listing
from .menu import private_menu
from .rooms_typed import (
    example_household,
    households_typed,
    resolve_household,
    typed_household,
    which_household,
)

__all__ = ["require_staff", "require_admin", "was_volunteer", "fail", "words", "entry_id_of",
           "number_and_text", "area_of_word", "area_named", "LONG_LIST",
           "zh_number", "ZH_NUMERALS", "typed_count",
           "staff_areas",
           "area_name", "choose_area", "area_chosen", "resolve_household",
           "households_typed", "which_household", "may_act_for", "typed_household",
           "example_household",
           "ERRORS", "TOO_LONG", "explain", "asks_the_bot"]

log = logging.getLogger(__name__)

# A payee, purpose or public reason over its limit: said, and asked again, never cut short
# without a word (the confirmation would show it cut, or the site publish it so).
TOO_LONG = lazy("That is too long ({count} characters). Please keep it under {max} characters.")

# Domain error codes of the volunteer actions -> message ids (the shared ones are in
# bot.context.ERROR_MESSAGES).
ERRORS: dict[str, str] = {
    "not_issue": lazy("#{id} is not a problem report."),
    "close_reason": lazy("Say why it is closed: duplicate or no_action."),
    "not_proposal": lazy("That is not a proposal."),
    "not_project": lazy("Only a passed proposal is a project."),
    "illegal_stage": lazy("A project cannot go from {frm} to {to}. {next}"),
    "not_under_way": lazy("Project #{id} is not under way: a progress photo is added only to "
                          "a project in progress. To start it, send /stage {id} in_progress "
                          "and a note."),
    "not_reversible": lazy("Line {seq} is not a fee or an expense of this area: it cannot be "
                           "reversed."),
    "is_reversal": lazy("Line {seq} is itself a reversal (of line {reverses}): a reversal is "
                        "not reversed. If it was a mistake, record the original line again "
                        "with /income or /expense."),
    "reversal_pending": lazy("A reversal of line {seq} is already waiting for approval "
                             "(#{id})."),
    "already_reversed": lazy("Line {seq} has already been reversed, by line {by}."),
    "no_line": lazy("There is no line {seq} in this area's accounts: its lines are 1 to "
                    "{last}."),
    "bad_line": lazy("A line number is a whole number, e.g. 12."),
    "reversal_amount": lazy("A reversal is for the whole amount of the line it reverses."),
    "use_reverse": lazy("A reversal is recorded with /reverse N reason."),
    "chain_lost": lazy("The accounts miss their last line(s); nothing was recorded. An admin "
                       "must run steward verify."),
    "duplicate_fee": lazy("#{id} may repeat a fee already booked or waiting: approve it only "
                          "as a separate payment, with the reason."),
    "household_bound": lazy("The household of #{id} already has confirmed residents: confirm "
                            "only if this person lives there too."),
    "own_registration": lazy("Nobody may confirm their own household registration; another "
                             "volunteer must."),
    "no_area": lazy("There is no management area {area}. The areas: {areas}."),
    "no_role": lazy("That person is not a volunteer of this area."),
    "own_minutes": lazy("Minutes are approved by a volunteer other than the one who recorded "
                        "them."),
    "bad_link": lazy("#{id} is not a public {kind} of this area."),
    "future_date": lazy("That date is in the future: minutes are recorded after the meeting."),
    "too_long": lazy("That is too long: at most {max} characters."),
    "no_supervisor_role": lazy("That person is not a supervisor of this area."),
    "role_conflict": lazy("One person cannot be both a volunteer and a supervisor of {area}: "
                          "revoke the other role first."),
    "no_person": lazy("I do not know that person; they must send /start to the bot first."),
    "no_household": lazy("There is no such household."),
    "missing_field": lazy("Something is missing: {field}."),
    "bad_category": lazy("Unknown category."),
    "bad_fee_type": lazy("Unknown fee type."),
    "bad_amount": lazy("Amounts must be more than zero."),
    "unknown_household": lazy("That household does not vote on this proposal."),
    "author_only": lazy("Only the person who reported it may reopen it."),
    "summary_needed": lazy("#{id} is a voice message: it is approved with a short written "
                           "summary of it."),
    "not_voice": lazy("#{id} is not a voice message waiting for a summary; approve it with "
                      "the button."),
    "summary_too_long": lazy("That summary is {count} characters long; at most {max} are "
                             "kept."),
}


def fail(context: ContextTypes.DEFAULT_TYPE, exc: DomainError) -> str:
    """A domain error as a message for the user."""
    msgid = ERRORS.get(exc.code)
    if msgid is None:
        return error_text(context, exc)
    params = dict(exc.params)
    if exc.code == "role_conflict":  # the area by its name, as the admin knows it
        try:
            params["area"] = repo_of(context).street.area(str(params.get("area"))).name
        except KeyError:
            pass
    if exc.code == "illegal_stage":  # the stages' words, not their codes
        return _stage_refusal(context, params)
    if exc.code == "no_line" and not params.get("last"):  # not "lines 1 to 0"
        msgid = NO_LINES
    if exc.code == "no_area":  # what to type instead: each area's id, with its name
        params["areas"] = ", ".join(f"{a.id}（{a.name}）"
                                    for a in repo_of(context).street.areas)
    try:
        return t(context, msgid, **params)
    except (KeyError, IndexError):
        return t(context, msgid.split("{")[0])


NO_LINES = lazy("There is no line {seq} in this area's accounts: it has no lines yet.")
STAGE_SAME = lazy("This project is already {stage}: nothing changed.")
STAGE_NONE = lazy("not started")
STAGE_NEXT = lazy("Next it can go to: {stages}.")
STAGE_LAST = lazy("It is done: it goes no further.")


def _stage_refusal(context: ContextTypes.DEFAULT_TYPE, params: Mapping[str, Any]) -> str:
    """A project's stage it may not take, in words: already there, or which may come
    next (with the word to type, as /stage takes it)."""
    frm, to = params.get("frm"), params.get("to")
    current = frm if frm in labels.STAGE else None
    if frm == to and current is not None:
        return t(context, STAGE_SAME, stage=word(context, labels.STAGE, current))
    after = sorted(STAGE_TRANSITIONS.get(ProjectStage(current) if current else None, ()),
                   key=list(ProjectStage).index)
    lang = lang_of(context)
    shown = [f"{word(context, labels.STAGE, s)} ({s})" if lang == "en" else
             f"{word(context, labels.STAGE, s)}（{s}）" for s in after]
    nxt = t(context, STAGE_NEXT, stages=listing(lang, shown)) if after \
        else t(context, STAGE_LAST)
    return t(context, ERRORS["illegal_stage"],
             frm=word(context, labels.STAGE, current) if current else t(context, STAGE_NONE),
             to=word(context, labels.STAGE, to), next=nxt)


def explain(context: ContextTypes.DEFAULT_TYPE, exc: DomainError,
            table: Mapping[str, str]) -> str:
    """A domain error as a message: a module's own text for its code (``table``), or
    what ``fail`` says."""
    msgid = table.get(exc.code)
    if msgid is None:
        return fail(context, exc)
    try:
        return t(context, msgid, **exc.params)
    except (KeyError, IndexError):
        return t(context, msgid.split("{")[0])


def words(update: Update, maxsplit: int = -1) -> list[str]:
    """The words after the command in the message (or photo caption); none when a
    button started the command (go:<command>: the message is the bot's own)."""
    if update.callback_query is not None:
        return []
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    parts = text.split(None, maxsplit + 1 if maxsplit >= 0 else -1)
    return parts[1:]


# What a volunteer types at a step whose text goes to a resident or the site (the reason
# of a rejection, an answer) when they are asking the bot (这个理由要写什么？, 不明白):
# the step shows it back first. Text for a resident rarely holds these; one that does
# costs a tap.
_ASKS = re.compile(r"[?？]\s*$|[吗呢][\s。.!！~]*$|不懂|不明白|没明白|看不懂|没看懂|不会|"
                   r"什么|啥|怎么|怎样|如何|取消|帮助|help", re.IGNORECASE)


def asks_the_bot(text: str) -> bool:
    return _ASKS.search(text) is not None


ZH_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9),
                     strict=True))
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_NUMERALS = frozenset(ZH_DIGITS) | frozenset(ZH_UNITS)


def zh_number(s: str) -> int:
    """三十六 -> 36, 十二 -> 12, 一百零五 -> 105 (a number said in words)."""
    total = current = 0
    for ch in s:
        if ch in ZH_UNITS:
            total += (current or 1) * ZH_UNITS[ch]
            current = 0
        else:
            current = ZH_DIGITS[ch]
    return total + current


def typed_count(text: str) -> int | None:
    """A number of people typed: 12, １２ (full-width), 12人, 十二, 十二位; None otherwise."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", clean_text(text)))
    text = re.sub(r"(个人|个|人|位|名)$", "", text)
    if text.isascii() and text.isdigit() and len(text) <= 5:
        return int(text)
    if text and len(text) <= 6 and all(c in ZH_NUMERALS for c in text):
        return zh_number(text)
    return None


_ENTRY_NUMBER = re.compile(r"(?:第)?[#＃]?(\d{1,9})(?:号)?", re.ASCII)


def entry_id_of(text: str | None) -> int | None:
    """'12', '#12', '１２' (full-width, as Chinese keyboards type it), '第12号' -> 12;
    anything else (0 too: numbers start at 1) -> None."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    match = _ENTRY_NUMBER.fullmatch(text)
    if match and int(match.group(1)) > 0:
        return int(match.group(1))
    return None


def number_and_text(update: Update) -> tuple[int | None, str]:
    """``/command N text``: the entry number (None when missing or not one) and the
    text after it, cleaned ("" when there is none: the caller asks for it)."""
    args = words(update, maxsplit=1)
    number = entry_id_of(args[0]) if args else None
    return number, clean_text(args[1]) if len(args) > 1 else ""


def command_of(update: Update) -> str:
    """The command a typed message starts with, without its slash and @bot, lower case:
    "answer" for "/answer@steward_bot 12 …"; "" for a button or a message that is not
    a command (what a finisher asks of an update handled again after a stop)."""
    message = update.effective_message
    text = (message.text or "") if message is not None and update.callback_query is None \
        else ""
    return text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower() if \
        text.startswith("/") else ""


def _command_name(update: Update) -> str:
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    if update.callback_query is not None:
        return f"button {update.callback_query.data!r}"
    return text.split()[0] if text else "?"


async def require_staff(update: Update, context: ContextTypes.DEFAULT_TYPE
                        ) -> dict[str, Any] | None:
    """The caller when a volunteer of some area or an admin; else refuse and log."""
    person = await person_of(update, context)
    if volunteer_areas(person) or is_admin(person):
        return person
    log.warning("refused %s to telegram user %s (not a volunteer)", _command_name(update),
                person.get("telegram_id"))
    # in a private chat, her own menu again (the residents', a supervisor's): a former
    # volunteer's keyboard (待审核, 报事处理, 记账) stayed on her phone until something
    # else sent one
    menu = await private_menu(update, context)
    if await read(was_volunteer, repo_of(context), person["id"]):  # an old post's button
        await reply(update, t(context, "This is for volunteers only, and you are no longer one: "
                                       "the buttons of earlier messages no longer work for you; "
                                       "nothing was done. If you should still be one, ask the "
                                       "admin (the community secretary)."), **menu)
        return None
    watched = supervisor_areas(person)
    if watched:  # made supervisor to watch the volunteers, not to be one: not "ask to be added"
        names = [await area_name(context, a) for a in watched]
        await reply(update, t(context, SUPERVISOR_ONLY_READS,
                              areas=listing(lang_of(context), names)), **menu)
        return None
    await reply(update, t(context, "Sorry, this is for volunteers only. If you help run "
                                   "your compound, ask the community secretary to add you."),
                **menu)
    return None


SUPERVISOR_ONLY_READS = lazy("You supervise {areas}: you can read what waits (/pending) and "
                             "the overview (/overview), but only the volunteers approve, "
                             "reject, record money or post. Nothing was done.")


def was_volunteer(repo: Any, person_id: int) -> bool:
    """Whether the person's volunteer role was taken away (asked only on a refusal)."""
    return any(a.get("subject") == person_id and a.get("note") == "revoke"
               and str(a.get("from") or "").startswith("volunteer:")
               for a in repo.role_audit())


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE
                        ) -> dict[str, Any] | None:
    """The caller when an admin; else refuse and log."""
    person = await person_of(update, context)
    if is_admin(person):
        return person
    log.warning("refused %s to telegram user %s (not an admin)", _command_name(update),
                person.get("telegram_id"))
    await reply(update, t(context, ERROR_MESSAGES["admin_only"]))
    return None


async def staff_areas(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> list[str]:
    """The areas a person may act in: their own, or every area for an admin."""
    if is_admin(person):
        repo = repo_of(context)
        return [a.id for a in repo.street.areas]
    return volunteer_areas(person)


async def area_name(context: ContextTypes.DEFAULT_TYPE, area: str) -> str:
    repo = repo_of(context)

    def name() -> str:
        try:
            return repo.street.area(area).name
        except KeyError:
            return area

    return await call(name)


def area_of_word(repo: Any, word: str) -> str:
    """The id of the management area a command names: by its id, its name
    (盐业小区·市药材小区), or the id or name of one of its compounds (yanye, 盐业小区);
    ``word`` itself when none matches (the repository refuses it, naming the areas)."""
    for area in repo.street.areas:
        if word in (area.id, area.name):
            return str(area.id)
        for cid in area.compounds:
            if word in (cid, repo.street.compound(cid).name):
                return str(area.id)
    return word


LONG_LIST = 7  # areas: from this many, a refusal does not list them all


async def area_named(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     areas: list[str]) -> str | None:
    """The area named after the command (/overview 城建小区: its id, its name or a
    compound's, spaces in it left out if need be), "" when none is named; None when the
    name is not one of ``areas``, and the caller is told so."""
    named = " ".join(words(update))
    if not named:
        return ""
    repo = repo_of(context)
    for said in (named, "".join(named.split())):
        area = await read(area_of_word, repo, said)
        if area in areas:
            return area
    command = _command_name(update).lstrip("/").split("@")[0]
    if len(areas) < LONG_LIST:
        names = [await area_name(context, a) for a in areas]
        await reply(update, t(context, "“{name}” is not one of your areas: {areas}. Send "
                                       "/{command} for all of them.", name=named[:30],
                              areas=listing(lang_of(context), names), command=command))
    else:
        await reply(update, t(context, "“{name}” is not one of your areas. Send /overview "
                                       "for the list of them, with their names.",
                              name=named[:30]))
    return None


async def choose_area(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any], prefix: str, draft: dict[str, Any]) -> str | None:
    """The caller's only area; with several, shows buttons ``<prefix>:area:<i>`` and
    returns None (the choices are kept in ``draft["areas"]``)."""
    areas = await staff_areas(context, person)
    if len(areas) == 1:
        return areas[0]
    draft["areas"] = areas
    names = [await area_name(context, a) for a in areas]
    await reply(update, t(context, "Which area?"),
                reply_markup=keyboard([(n, f"{prefix}:area:{i}") for i, n in enumerate(names)]))
    return None


def area_chosen(update: Update, prefix: str, draft: dict[str, Any]) -> str | None:
    """The area a ``<prefix>:area:<i>`` button of ``choose_area`` names; None when the
    button is another one, or its index is not one of the choices."""
    args = button_args(update, prefix, "area", 1)
    areas = draft.get("areas", [])
    i = index_of(args[0] if args else None, areas)
    return areas[i] if i is not None else None


async def may_act_for(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                      household: str) -> str | None:
    """The area of ``household`` when the person is a volunteer there (or an admin); None
    for a household elsewhere or none at all (``bot.handlers.proxy``)."""
    street = repo_of(context).street

    def locate() -> str | None:
        try:
            return str(street.locate(household)[0].id)
        except KeyError:
            return None

    area = await call(locate)
    return area if area is not None and area in await staff_areas(context, person) else None
