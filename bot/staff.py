"""Who may act as a volunteer, and what the volunteers' commands and flows share.

``require_staff`` lets through volunteers of any area and admins (the area
itself is checked by the repository on every action); ``require_admin`` only
admins. A refusal is answered clearly and logged; nothing changes. Then the
reading of a command's words (``words``, ``entry_id_of``), domain errors as
messages (``fail``, in ``bot.staff_errors``), and the steps several flows ask alike:
which area (``choose_area``) and which household (``resolve_household``).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Collection
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.people import is_admin, supervisor_areas, volunteer_areas

from .area_pages import area_markup, page_pressed, turn
from .context import (
    ERROR_MESSAGES,
    call,
    lang_of,
    person_of,
    read,
    reply,
    repo_of,
    t,
)
from .conversation import entered_at_start
from .flows import button_args, clean_text, index_of, refuse, short
from .i18n import lazy, listing
from .keyboards import button
from .menu import private_menu
from .rooms_typed import (
    example_household,
    households_typed,
    resolve_household,
    typed_household,
    which_household,
)
from .staff_errors import ERRORS, TOO_LONG, explain, fail
from .step_buttons import AREA_STEP, remember

__all__ = ["require_staff", "require_admin", "was_volunteer", "fail", "words", "entry_id_of",
           "entry_ids", "number_and_text", "NUMBER_THEN", "area_of_word", "area_named", "LONG_LIST",
           "zh_number", "ZH_NUMERALS", "typed_count",
           "staff_areas",
           "area_name", "choose_area", "area_chosen", "chosen_area", "resolve_household",
           "households_typed", "which_household", "may_act_for", "typed_household",
           "example_household",
           "ERRORS", "TOO_LONG", "explain", "asks_the_bot", "title_typed", "title_said"]

log = logging.getLogger(__name__)


def words(update: Update, maxsplit: int = -1) -> list[str]:
    """The words after the command in the message (or photo caption); none when a
    button started the command (go:<command>: the message is the bot's own)."""
    if update.callback_query is not None:
        return []
    message = update.effective_message
    text = (message.text or message.caption or "") if message else ""
    parts = text.split(None, maxsplit + 1 if maxsplit >= 0 else -1)
    return parts[1:]


UNUSED = lazy("What you wrote after /{command} (“{words}”) was not used: please answer the "
              "questions below one by one.")


async def unused_words(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Words typed after a command whose flow asks everything step by step (/income,
    /expense, /meeting, /proxy), said back as not used: before, they were dropped
    without a word, as if they had been taken."""
    said = clean_text(" ".join(words(update)))
    if said:
        await reply(update, t(context, UNUSED, command=command_of(update), words=short(said, 60)))


TYPED_TITLE = "title_typed"  # a draft's key: its title was typed with the command, not said yet
TITLE_TAKEN = lazy("Title: {title} (what you wrote after /{command}; to change it, press "
                   "\"⬅️ Back\").")
TITLE_TOO_LONG = lazy("What you wrote after /{command} is {count} characters long, too long "
                      "for a title (at most {n}): it was not used.")


async def title_typed(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                      d: dict[str, Any], most: int) -> None:
    """Takes the words typed after the command (/propose 硬化路面) as the title of draft
    ``d`` of ``flow`` when they make one (at most ``most`` characters, as the title
    step checks a title typed there): said back once the title step is reached
    (``title_said``). Too long, they are said not used, and why. Before, they were said
    not used whatever they were."""
    said = clean_text(" ".join(words(update)))
    if not said:
        return
    if len(said) > most:
        await reply(update, t(context, TITLE_TOO_LONG, command=command_of(update),
                              count=len(said), n=most))
        return
    d.update({"title": said, TYPED_TITLE: command_of(update)})
    entered_at_start(context, flow)  # entered: a menu button at the areas keeps it


def title_said(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """The title typed with the command, said once when its step is reached ("" when
    it was not typed, or was said already: the title step is then asked)."""
    command = d.pop(TYPED_TITLE, None)
    if not command or not d.get("title"):
        return ""
    return t(context, TITLE_TAKEN, title=d["title"], command=command)


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


_LIST_SEPARATORS = re.compile(r"[,;、；]")  # after NFKC: ， and ； are , and ;


def entry_ids(args: list[str]) -> list[int] | None:
    """The entry numbers of ``/approve 12 13``, as a phone types them too: ``12,13``,
    ``12，13``, ``12、13``; each once, in order. None when any word is not a number
    (nor when none is given)."""
    found: list[int] = []
    for arg in args:
        for piece in _LIST_SEPARATORS.split(unicodedata.normalize("NFKC", arg)):
            if not piece.strip():
                continue
            number = entry_id_of(piece)
            if number is None:
                return None
            if number not in found:
                found.append(number)
    return found or None


# 534，重复了 (a Chinese keyboard's comma right after the number): the number, then the text
NUMBER_THEN = re.compile(r"((?:第)?[#＃]?[0-9０-９]{1,9}(?:号)?)[,，:：;；.。、]+(.*)", re.DOTALL)


def number_words(update: Update, maxsplit: int) -> list[str]:
    """``words(update, maxsplit)`` after a command whose first word is an entry number: a
    mark right after the number stands for a space (/reject 534，重复了, /progress 147：已修好:
    before, 用法 and what was typed lost). A number glued to words (3号楼) is left alone."""
    said = words(update, 0)
    parts = said[0].split(None, 1) if said else []
    glued = NUMBER_THEN.fullmatch(parts[0]) if parts and entry_id_of(parts[0]) is None \
        else None
    if glued is None:
        return words(update, maxsplit)
    return " ".join(filter(None, [glued.group(1), glued.group(2), *parts[1:]])).split(
        None, maxsplit)


def number_and_text(update: Update) -> tuple[int | None, str]:
    """``/command N text``: the entry number (None when missing or not one) and the
    text after it, cleaned ("" when there is none: the caller asks for it); a mark right
    after the number stands for the space (``number_words``)."""
    args = number_words(update, 1)
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


SUPERVISOR_ONLY_READS = lazy("You supervise {areas}: you can read what waits (/pending), the "
                             "overview (/overview) and the paper notice (/notice), and ask in "
                             "public about the accounts (\"❓ Ask a question\" under "
                             "Accounts); only the volunteers approve, reject, answer questions, "
                             "record money, open or close votes and post announcements. "
                             "Nothing was done.")


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
    (盐业小区·市药材小区), or the id or name of one of its compounds (yanye, 盐业小区),
    小区 left out as people say it (/linkgroup 盐业, /overview 城建: before, 没有名为 盐业
    的管理区域); ``word`` itself when none matches (the repository refuses it, naming the
    areas). ``db.places.Street.area_named``, which `steward notice` reads too."""
    return str(repo.street.area_named(word))


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
                      person: dict[str, Any], prefix: str, draft: dict[str, Any],
                      first: Collection[str] = (), question: str | None = None, *,
                      cancel: bool = False) -> str | None:
    """The caller's only area; with several, shows buttons ``<prefix>:area:<i>`` under
    ``question`` (哪个管理区域？ when None) and returns None (the choices are kept in
    ``draft["areas"]``); those of ``first`` first. ``cancel``: the flow's first question,
    with 取消 (``<prefix>:cancel``, which the flow's step takes) last."""
    areas = sorted(await staff_areas(context, person), key=lambda a: a not in first)
    if len(areas) == 1:
        return areas[0]
    draft["areas"] = areas
    names = [await area_name(context, a) for a in areas]
    markup = area_markup(names, prefix, extra=[[button(t(context, "Cancel"), f"{prefix}:cancel")]]
                         if cancel else ())  # a page of them on a street of many
    await reply(update, question or t(context, "Which area?"),
                reply_markup=remember(draft, AREA_STEP, markup))  # again after a sticker
    return None


async def chosen_area(update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str,
                      draft: dict[str, Any]) -> str | None:
    """The area a ``<prefix>:area:<i>`` button names (``area_chosen``); None when a page
    of the areas was pressed (turned in place: ``bot.area_pages.turn``) or a stale or
    forged button (refused): either way the flow stays at its step."""
    area = area_chosen(update, prefix, draft)
    if area is not None:
        return area
    page, areas = page_pressed(update, prefix), draft.get("areas")
    if page is None or not isinstance(areas, list) or len(areas) < 2:
        await refuse(update, context)
        return None
    await turn(update, context, prefix, draft,
               [await area_name(context, str(a)) for a in areas], page)
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
