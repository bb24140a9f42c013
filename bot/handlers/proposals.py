"""Proposals: the /propose flow (title, description, budget, the matter it
decides, deadline). /stage for the project a passed proposal becomes is
``bot.handlers.stage``. Paper signatures are ``bot.handlers.paper``; closing a
vote, ``bot.handlers.closevote``; withdrawing one, ``bot.handlers.withdraw``.

The volunteer picks the matter from the list of ``db.matters.MATTERS`` (the
nine matters of Civil Code art. 278 and the everyday matter): the rule and
the thresholds follow from it, and the summary says what it needs to pass.

The /propose flow is written as ``bot.flows`` says; its buttons are
``prop:<step>:<value>``, checked against the step's choices.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, MessageHandler

from db import labels
from db.entries import Entry
from db.errors import DomainError, MoneyError
from db.matter_words import stricter
from db.matters import MATTERS, Matter, matter
from db.money import parse_amount

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, error_text, lang_of, reply, repo_of, t, word
from ..flows import (
    END,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    changed,
    clean_text,
    current_draft,
    draft,
    drop_draft,
    gone,
    keyboard,
    matches,
    new_draft,
    refuse,
    sealed,
    short,
    typed,
    unexpected,
)
from ..i18n import LANGUAGES, lazy
from ..notify import Msg, PerLanguage, notify_once, opened_key
from ..staff import (
    area_name,
    choose_area,
    chosen_area,
    fail,
    require_staff,
    title_said,
    title_typed,
)
from ..step_buttons import AREA_STEP, remember, shown
from .called_confirm import as_pressed, called_lines, choice, choices
from .days import example_day, typed_day
from .paper import paper_hint
from .propose_back import (
    BACK,
    P_AREA,
    P_BUDGET,
    P_CONFIRM,
    P_DEADLINE,
    P_DESC,
    P_MATTER,
    P_TITLE,
    PREFIX,
    PROPOSE,
)
from .propose_words import (
    DEADLINE_DAYS,
    JOINT_DEADLINE_DAYS,
    TENANT_NEW,
    in_numbers,
    notice_warning,
    tenants_apart,
)
from .turnout import plain_needs
from .vote import budget_words, vote_keyboard

__all__ = ["COMMANDS", "HANDLERS", "typed_day", "announce_proposal", "PREFIX", "PROPOSE"]

MAX_TITLE = 100
MAX_DESCRIPTION = 2000
NO_BUDGET = {"0", "无", "没有", "none", "no"}


def cite(context: ContextTypes.DEFAULT_TYPE, m: Matter) -> str:
    """The matter as the law words it, in the user's language."""
    return m.cite_en() if lang_of(context) == "en" else m.cite_zh()


def needs(context: ContextTypes.DEFAULT_TYPE, m: Matter) -> str:
    """What the matter needs to pass, in the user's language."""
    return m.needs_en() if lang_of(context) == "en" else m.needs_zh()


async def _today(context: ContextTypes.DEFAULT_TYPE) -> date:
    return repo_of(context).clock().date()


# -- /propose -------------------------------------------------------------------------------


async def propose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a proposal; asks which area or its title."""
    person = await require_staff(update, context)
    if person is None:
        return END
    d = new_draft(context, PROPOSE)
    await title_typed(update, context, PROPOSE, d, MAX_TITLE)  # /propose 硬化路面: its title
    area = await choose_area(update, context, person, PREFIX, d, cancel=True)
    if area is None:
        return P_AREA
    return await _ask_title(update, context, area)


async def propose_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and asks for the title."""
    await answer(update)
    d = current_draft(context, PROPOSE)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, PREFIX, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    return await _ask_title(update, context, area)


async def _ask_title(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str) -> object:
    d = draft(context, PROPOSE)
    d["area"] = area
    said = title_said(context, d)  # typed with /propose: said, and on to the description
    if said:
        return await _ask_description(update, context, said)
    return await BACK.say(update, context, P_TITLE, t(
        context, "New proposal for {area}. What is its title? (e.g. 硬化3号楼前路面)",
        area=await area_name(context, area)), BACK.cancel_markup(context))


async def _ask_description(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           before: str = "") -> object:
    return await BACK.say(update, context, P_DESC, "\n".join(filter(None, [
        before, t(context, DESCRIBE)])))


async def _ask_budget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    return await BACK.say(update, context, P_BUDGET, t(context, BUDGET))


async def propose_title(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the title and asks for the description."""
    title = clean_text(typed(update))
    if not title or len(title) > MAX_TITLE:
        await reply(update, t(context, "Please send a title of at most {n} characters.",
                              n=MAX_TITLE))
        return None
    draft(context, PROPOSE)["title"] = title
    return await _ask_description(update, context)


async def propose_description(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the description and asks for the budget."""
    text = clean_text(typed(update))
    if not text:
        await reply(update, t(context, DESCRIBE))
        return None
    if len(text) > MAX_DESCRIPTION:  # said, not cut: its end may be what residents need
        await reply(update, t(context, "That is too long ({count} characters). Please keep "
                                       "it under {max} characters.", count=len(text),
                              max=MAX_DESCRIPTION))
        return None
    draft(context, PROPOSE)["description"] = text
    return await _ask_budget(update, context)


async def propose_budget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the budget (strictly parsed) and asks for the decision rule."""
    text = typed(update).strip()
    if text.lower() in NO_BUDGET:
        budget = 0
    else:
        try:
            budget = parse_amount(text, ceiling_fen=repo_of(context).amount_ceiling)
        except MoneyError as exc:
            await reply(update, error_text(context, exc))
            return None
    draft(context, PROPOSE)["budget_fen"] = budget
    return await _ask_matter(update, context, draft(context, PROPOSE))


async def _ask_matter(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      d: dict[str, Any]) -> object:
    budget = d["budget_fen"]
    noted = t(context, "Budget: {amount}", amount=budget_words(lang_of(context), budget)) + "\n"
    return await BACK.say(update, context, P_MATTER, noted + t(
        context, "What does it decide? Choose the matter; the rule follows from it. Items "
                 "1-9 are the matters the owners decide jointly under Civil Code art. 278: "
                 "owners of two thirds of the floor area and two thirds of the owners must "
                 "take part, and more than half of both agree (items 6, 7 and 8: three "
                 "quarters). Item 5, using the maintenance fund, is an ordinary matter. An "
                 "everyday matter needs more than half of the owners who vote."),
                          _matters(context))


def _matters(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    return keyboard([(word(context, labels.MATTER_SHORT, m.code), f"{PREFIX}:mt:{m.code}")
                     for m in MATTERS], 1)


async def propose_matter(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the matter and asks for the deadline."""
    await answer(update)
    d = current_draft(context, PROPOSE)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "mt", 1)
    if args is None or args[0] not in {m.code for m in MATTERS}:
        return await refuse(update, context)
    d["matter"] = args[0]
    return await _ask_deadline(update, context, d)


async def _ask_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        d: dict[str, Any]) -> object:
    m = matter(d["matter"])
    today = await _today(context)
    days = [(t(context, "{n} days ({date})", n=n, date=(today + timedelta(days=n))
               .isoformat()), f"{PREFIX}:days:{n}")
            for n in (JOINT_DEADLINE_DAYS if m.joint else DEADLINE_DAYS)]
    plain = in_numbers(context, d["area"], m)
    return await BACK.say(update, context, P_DEADLINE, t(
        context, "{matter}\nIt passes when {needs}.", matter=cite(context, m),
        needs=needs(context, m)) + (f"\n{plain}" if plain else "") + "\n\n" + t(
        context, "Until when can households vote? Voting runs to the end of that day and "
                 "then closes by itself. Choose, or type a date like {example}.",
        example=example_day(today)), keyboard(days, 1))


async def propose_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the deadline (button or typed date) and shows the summary."""
    if update.callback_query:
        await answer(update)
    today = await _today(context)
    deadline: date | None = None
    if update.callback_query:
        args = button_args(update, PREFIX, "days", 1)
        if args is None or args[0] not in {str(n) for n in (*DEADLINE_DAYS,
                                                             *JOINT_DEADLINE_DAYS)}:
            return await refuse(update, context)
        deadline = today + timedelta(days=int(args[0]))
    else:
        deadline = typed_day(typed(update), today, ahead=True)
        if deadline is None or deadline < today:
            await reply(update, t(context, "Please type a date from today on, like "
                                           "{example}.", example=example_day(today)))
            return None
    d = current_draft(context, PROPOSE)
    if d is None or "matter" not in d:
        return await gone(update, context)
    d["deadline"] = deadline.isoformat()
    return await _confirm(update, context)


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    d = draft(context, PROPOSE)
    m = matter(d["matter"])
    text = t(context, "Please check:\n{title}\n{description}\nBudget: {budget}\nDecides: "
                      "{matter}\nIt passes when {needs}.\nVoting until the end of {deadline}",
             title=d["title"], description=d["description"],
             budget=budget_words(lang_of(context), d["budget_fen"]),
             matter=cite(context, m), needs=needs(context, m), deadline=d["deadline"])
    plain = in_numbers(context, d["area"], m)
    text += f"\n{plain}" if plain else ""
    late = notice_warning(context, m, await _today(context), date.fromisoformat(d["deadline"]))
    text += f"\n\n{late}" if late else ""
    for special, hit in stricter(f"{d['title']}\n{d['description']}", m.code):
        text += "\n\n" + t(
            context, "⚠️ The proposal says “{word}”: that may be {matter}, which needs "
                     "three quarters of the owners and of the floor area taking part to "
                     "agree; you chose “{chosen}”. Please check; to choose another matter, "
                     "press “⬅️ Back” twice.", word=hit, matter=cite(context, special),
            chosen=word(context, labels.MATTER_SHORT, m.code))
    words = [d["title"], d["description"]]
    text += called_lines(context, words)  # 门卫老杨: no 🙈 once published; 隐去 offered
    back = BACK.noted(d, P_CONFIRM)  # before the seal: the draft as it is confirmed
    await reply(update, text, reply_markup=remember(d, P_CONFIRM, BACK.with_back(
        context, back, sealed(keyboard(choices(context, PREFIX, words, t(
            context, "Publish and open the vote")), 1), d, f"{PREFIX}:ok"))))
    return P_CONFIRM


async def propose_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Opens the proposal for voting (or cancels it) and tells the area's residents."""
    await answer(update)
    d = current_draft(context, PROPOSE)
    if d is None:
        return await gone(update, context)
    pressed = choice(update, PREFIX, [d.get("title"), d.get("description")])
    if pressed is None:
        return await refuse(update, context)
    if pressed != "0" and not matches(update, d):
        return await changed(update, context, lambda: _confirm(update, context))
    drop_draft(context, PROPOSE)
    if pressed == "0":
        await drop_buttons(update)  # answered: the summary's buttons are done
        await reply(update, t(context, "Cancelled. Nothing was saved."))
        return END
    person = await require_staff(update, context)
    if person is None:
        return END
    title, description = as_pressed(update, PREFIX, [d["title"], d["description"]])
    try:
        entry = await call(repo_of(context).create_proposal, person["id"], d["area"],
                           title=title, description=description,
                           budget_fen=d["budget_fen"], matter=d["matter"],
                           deadline=d["deadline"])
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return END
    await drop_buttons(update)  # opened: 发布并开始投票/取消 are not there to press again
    reached = await announce_proposal(context, entry)
    await reply(update, "\n".join(line for line in (
        t(context, "Proposal #{id} is open for voting; {n} residents were told.",
          id=entry.id, n=reached), await paper_hint(context, entry)) if line))
    return END


async def announce_proposal(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> int:
    """Tell the residents of the proposal's area that its vote is open, each once
    (``bot.handlers.vote_opened``: a sending cut short by a stop is finished at the next
    start); how many were reached now."""
    d = entry.data
    m = matter(d["matter"])
    params = dict(
        id=entry.id, title=d["title"], description=d["description"],
        budget=PerLanguage({lang: budget_words(lang, d["budget_fen"]) for lang in LANGUAGES}),
        deadline=str(d["deadline"])[:10],
        matter=PerLanguage(zh=m.cite_zh(), en=m.cite_en()), needs=Msg(plain_needs(m)))
    voters, tenants = await tenants_apart(context, entry.area, m)  # no buttons: the owners'
    return await notify_once(
        context, voters, opened_key(entry.id),
        lazy("New proposal #{id}: {title}\n{description}\nBudget: {budget}\n"
             "Decides: {matter}\n{needs}\nVote by the end of {deadline}. "
             "One vote per household (an owner of several flats votes "
             "once); you may change it until then. Press a button below "
             "to vote, or \"Vote\" in the menu later."),
        markup=lambda lang: vote_keyboard(entry.id, lang), **params
    ) + await notify_once(context, tenants, opened_key(entry.id), TENANT_NEW, **params)


CHOOSE = lazy("Please choose with the buttons above.")
DESCRIBE = lazy("Describe the proposal: what will be done, why, and by whom.")
BUDGET = lazy("What is the budget? (e.g. 15000; 0 if none is listed, e.g. it costs nothing: it "
              "is shown as \"none listed\")")
B, K = BACK.backs, BACK.keeping  # ⬅️ 上一步 and 不改，继续 at each step
STATES: dict[object, list[Any]] = {
    P_AREA: [*buttons(PREFIX, {"area": propose_area, "cancel": BACK.on_cancel}),
             *unexpected(CHOOSE, markup=shown(PROPOSE, AREA_STEP))],
    P_TITLE: [*B(P_TITLE), MessageHandler(TEXT_INPUT, K(P_TITLE, propose_title)),
              *buttons(PREFIX, {"cancel": BACK.on_cancel}),
              *unexpected(lazy("Please send the title as text."), markup=lambda c:
                          BACK.buttons_of(c, P_TITLE, BACK.cancel_markup(c)))],
    P_DESC: [*B(P_DESC), MessageHandler(TEXT_INPUT, K(P_DESC, propose_description)),
             *buttons(PREFIX, {}),  # a voice note: asked again with ⬅️ 上一步 in sight
             *unexpected(DESCRIBE, markup=lambda c: BACK.buttons_of(c, P_DESC))],
    P_BUDGET: [*B(P_BUDGET), MessageHandler(TEXT_INPUT, K(P_BUDGET, propose_budget)),
               *buttons(PREFIX, {}),
               *unexpected(BUDGET, markup=lambda c: BACK.buttons_of(c, P_BUDGET))],
    P_MATTER: [*B(P_MATTER), *buttons(PREFIX, {"mt": propose_matter}),
               *unexpected(CHOOSE, markup=lambda c: BACK.buttons_of(c, P_MATTER, _matters(c)))],
    P_DEADLINE: [*B(P_DEADLINE), *buttons(PREFIX, {"days": propose_deadline}),
                 MessageHandler(TEXT_INPUT, K(P_DEADLINE, propose_deadline)),
                 *unexpected(lazy("Please choose with the buttons above, or type a date from "
                                  "today on (明天, or like 2030-06-30)."),
                             markup=shown(PROPOSE, P_DEADLINE))],
    P_CONFIRM: [*B(P_CONFIRM), *buttons(PREFIX, {"ok": propose_confirm}),
                *unexpected(CHOOSE, markup=shown(PROPOSE, P_CONFIRM))],
}


async def _so_far(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str
                  ) -> list[str]:
    """What a kept proposal holds, said when it is taken up (``Flow.so_far``): its
    title, description, budget and matter; nothing at the confirmation, which shows all."""
    if state == P_CONFIRM:
        return []
    parts = [f"“{d['title']}”"] if d.get("title") else []
    parts += [short(d["description"], 40)] if d.get("description") else []
    if d.get("budget_fen") is not None:
        parts.append(budget_words(lang_of(context), d["budget_fen"]))
    if d.get("matter"):
        parts.append(cite(context, matter(d["matter"])))
    return parts


# Each step asked again for a kept draft taken up (bot.kept), and for ⬅️ 上一步
# (``propose_back``).
RESUME = {P_TITLE: lambda u, c, d: _ask_title(u, c, d["area"]),
          P_DESC: lambda u, c, d: _ask_description(u, c),
          P_BUDGET: lambda u, c, d: _ask_budget(u, c),
          P_MATTER: _ask_matter, P_DEADLINE: _ask_deadline,
          P_CONFIRM: lambda u, c, d: _confirm(u, c)}
BACK.asks.update(RESUME)
COMMANDS = [
    Command("propose", "Open a proposal for the households to vote on", propose,
            audience=Audience.VOLUNTEER, order=50, flow=Flow(PROPOSE, STATES, resume=RESUME,
                                                      so_far=_so_far),
            extra={"title": lazy("New proposal (/propose)")}),
]

HANDLERS = [kept.stale_buttons(PROPOSE, PREFIX)]
