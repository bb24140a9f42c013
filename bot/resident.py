"""Who may act as a resident, and what residents' submissions share: a
confirmed household (``require_resident``), the pending registration of
someone not confirmed yet, the start of a submission flow within the rate
limit (``start_resident_flow``), and the text kept for a voice message.

How a flow itself is written is in ``bot.flows``; the Chinese of these texts
is in ``locale/zh_CN/LC_MESSAGES/resident.po``.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.entries import Kind, Status
from db.people import is_admin, resident_area, volunteer_areas

from .consent import ask_consent
from .context import drop_buttons, lang_of, person_of, read, reply, repo_of, t
from .conversation import hold_idle
from .drafts import SEAL, seal
from .flows import MAX_INPUT, button_args, clean_text, new_draft, refuse
from .i18n import lazy, tr
from .keyboards import button, go_data
from .menu import menu_of
from .private_only import in_private
from .ratelimit import allow_submission, minutes_to_wait

__all__ = ["PICKER_SHOWN", "AGREED", "COLLECTED_FEES", "require_resident", "pending_registration",
           "start_resident_flow", "choose_household", "RATE_LIMITED", "rate_limited",
           "VOICE_TEXT", "SAID", "SAID_BEFORE", "said_rows", "said_markup", "offer_said",
           "SAID_DATA"]

# user_data: a sentence a resident typed outside any flow (bot.freetext), which the
# "send it as an opinion" button (bot.handlers.opinion) takes as the opinion's text
SAID = "said"
AGREED = "agree"  # <button that starts a flow>:agree: "I agree" to the notice it showed

# What a volunteer pressing 缴费登记 (a resident's report of a fee their household paid)
# most likely wants, with its button: they were told only to register a home or /proxy.
COLLECTED_FEES = (lazy("Fees you collected door to door are recorded with /income."),
                  lazy("📒 Record fees collected (/income)"), "income")
RATE_LIMITED = lazy("You have sent a lot in the last hour (each photo counts too). Please try "
                    "again in {minutes} min.")
# Said after RATE_LIMITED to someone refused at a flow's last step (its summary with
# 提交 above): a flow left idle ends after 15 minutes, the wait may be an hour.
DRAFT_HELD = lazy("What you filled in is kept until then: after that, press \"Submit\" above "
                  "again.")
HELD_MARGIN = 15 * 60  # seconds a held draft waits beyond the limit's end
# What a description or an opinion given as a voice message reads as (the
# public record is Chinese).
VOICE_TEXT = lazy("(voice message)")


def rate_limited(context: ContextTypes.DEFAULT_TYPE, user_id: int, *,
                 draft_of: str | None = None) -> str:
    """What ``user_id``, over the hour's limit, is told: when to try again. With
    ``draft_of`` (a flow refused at its last step, which goes on): that its draft is
    kept until then, and it is (``hold_idle``)."""
    minutes = minutes_to_wait(context, user_id)
    text = t(context, RATE_LIMITED, minutes=minutes)
    if draft_of is None:
        return text
    hold_idle(context, draft_of, minutes * 60 + HELD_MARGIN)
    return f"{text}\n{t(context, DRAFT_HELD)}"


async def pending_registration(context: ContextTypes.DEFAULT_TYPE, person_id: int) -> Any:
    """The person's newest pending registration, or None."""
    repo = repo_of(context)
    pending = await read(repo.entries, kind=Kind.REGISTRATION, status=Status.PENDING,
                         author=person_id)
    return pending[-1] if pending else None


def said_rows(lang: str, *, opinion_first: bool = False, mark: str = "") -> list[list[Any]]:
    """The buttons that send the words kept in ``SAID`` as a report (``rep:said``) or as
    an opinion (``op:said``), one a row; the opinion's first for a sentence. With
    ``mark`` (``offer_said``), they send the words they were offered under."""
    end = f"{SEAL}{mark}" if mark else ""
    report = [button(tr(lang, "📝 Report this as a problem"), f"rep:said{end}")]
    opinion = [button(tr(lang, "💬 Send this as an opinion"), f"op:said{end}")]
    return [opinion, report] if opinion_first else [report, opinion]


# user_data: {seal: words} of the last few words offered with 📝 / 💬 under them. She
# typed 路灯坏了 (buttons under it), then 希望多种点树 (buttons under it), and pressed 📝
# under the first: the report took the newest words, 路灯照明：希望多种点树 (found trying
# the real steward run). Each message's buttons now send its own words.
SAID_BEFORE = "said_before"
SAID_KEPT = 3
SAID_DATA = rf":said(:{AGREED})?({SEAL}[0-9a-f]{{10}})?$"  # after <prefix>: the buttons' data


# 📝 / 💬 pressed under words no longer kept: it started the report or the opinion without
# them (请描述问题), as if she had typed nothing
SAID_GONE = lazy("I no longer have the words this button was under: they were sent already, "
                 "or you wrote more since (I keep only the last {kept}). Nothing was started. "
                 "To send them, type them again; what you sent is under \"Mine\".")


def offer_said(context: ContextTypes.DEFAULT_TYPE, words: str) -> str:
    """Keeps ``words`` as the words typed (``SAID``), and by their seal among the last
    ``SAID_KEPT`` offered; the seal, for the buttons under them (``said_rows``)."""
    data = context.user_data
    if data is None:
        return ""
    data[SAID] = words
    mark = seal({"said": words})
    kept = data.get(SAID_BEFORE)
    before = dict(kept) if isinstance(kept, dict) else {}
    before.pop(mark, None)
    before[mark] = words
    while len(before) > SAID_KEPT:
        before.pop(next(iter(before)))
    data[SAID_BEFORE] = before
    return mark


def _take_said(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """The words the pressed 📝 / 💬 sends, taken: those it was offered under (its seal;
    None once taken), or, unsealed, the words typed last (``SAID``)."""
    data = context.user_data
    if data is None:
        return None
    query = update.callback_query
    pressed = (query.data or "") if query is not None else ""
    kept = data.get(SAID_BEFORE)
    before = kept if isinstance(kept, dict) else {}
    if SEAL in pressed:
        said = before.pop(pressed.rsplit(SEAL, 1)[1], None)
        if said is not None and said == data.get(SAID):
            data.pop(SAID, None)
    else:
        said = data.pop(SAID, None)
        for mark in [m for m, words in before.items() if words == said]:
            before.pop(mark)
    if not before:
        data.pop(SAID_BEFORE, None)
    return said


def said_markup(lang: str) -> InlineKeyboardMarkup:
    """``said_rows``, the report's first, as a message's buttons."""
    return InlineKeyboardMarkup(said_rows(lang))


# user_data: the household picker ("Where do you live?") was shown to this person, so
# text typed after it is pointed at its buttons; before it, a newcomer is welcomed.
PICKER_SHOWN = "picker_shown"


def choose_household(lang: str) -> InlineKeyboardMarkup:
    """The button that starts choosing one's household (``reg:new``), in ``lang``."""
    return InlineKeyboardMarkup([[button(tr(lang, "🏠 Choose my household"), "reg:new")]])


async def require_resident(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           volunteer: tuple[str, str, str] | None = None
                           ) -> tuple[dict[str, Any], str] | None:
    """(person, area) of a confirmed resident; otherwise say why not and return None.

    ``volunteer``: for a volunteer, what they more likely want (a line, a button's
    label and its command), said first, its button first."""
    person = await person_of(update, context)
    area = resident_area(person)
    if area is not None:
        return person, area
    if await pending_registration(context, person["id"]):
        text = t(context, "Your household has not been confirmed by a volunteer yet. "
                          "You can use this as soon as it is confirmed.")
        markup: Any = None  # her menu, made when sent (bot.menu notes its count)
    else:
        text = t(context, "Please register your household first: press the button below "
                          "and choose your building and room.")
        markup = choose_household(lang_of(context))
    if volunteer_areas(person) or is_admin(person):  # they may act for a neighbour
        text += "\n" + t(context, "As a volunteer you can record this for a household of "
                                   "your area: send /proxy (代办) and choose its building, unit "
                                   "and room.")
        if volunteer is not None:
            text = t(context, volunteer[0]) + "\n" + text
            rows = markup.inline_keyboard if isinstance(markup, InlineKeyboardMarkup) else ()
            markup = InlineKeyboardMarkup([[button(t(context, volunteer[1]),
                                                   go_data(volunteer[2]))], *rows])
    await reply(update, text, reply_markup=markup if markup is not None else
                await menu_of(update, context))
    return None


async def start_resident_flow(update: Update, context: ContextTypes.DEFAULT_TYPE, flow: str,
                              agree: str = "", volunteer: tuple[str, str, str] | None = None,
                              ) -> tuple[dict[str, Any], str, dict[str, Any]] | None:
    """The start of a resident's submission flow: a confirmed resident who agreed to the
    publication notice, within the rate limit, gets (person, area, a fresh draft with
    its area set); anyone else is told why not (or shown the notice) and gets None.
    The notice's "I agree" (``agree``, by default ``go:<flow>:agree``: the flow's go:
    button, which ``bot.app`` lets end in ``:agree``) starts the flow again, so that it
    goes on with what was asked for instead of "press the menu button again".
    ``volunteer``: as ``require_resident`` takes it. In a group, nothing but where to
    send it (``bot.private_only``): its steps say her home to whoever reads the group."""
    if not await in_private(update, context, flow):
        return None
    who = await require_resident(update, context, volunteer)
    if who is None:
        return None
    person, area = who
    if not await ask_consent(update, context, person, agree or f"{go_data(flow)}:{AGREED}"):
        return None
    if not allow_submission(context, person["telegram_id"], count=False):
        await reply(update, rate_limited(context, person["telegram_id"]))
        return None
    return person, area, new_draft(context, flow, area=area)


async def start_from_said(update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str,
                          flow: str
                          ) -> tuple[tuple[dict[str, Any], str, dict[str, Any]] | None,
                                     str] | None:
    """A flow started by the button under words typed outside any (``<prefix>:said``),
    once the press is answered (``answer_once``: a double tap started the flow over,
    the words the first took lost): None for a stale or forged press (refused already);
    else the flow's start (``start_resident_flow``: None when this person may not start
    it, told why) and the words typed before, cleaned ("" when none were kept, or they
    are too long)."""
    offer = button_args(update, prefix, "said", 0) is not None  # not the notice's agree
    if not offer and button_args(update, prefix, "said", 1) != [AGREED]:  # <prefix>:said:agree
        await refuse(update, context)
        return None
    query = update.callback_query
    sealed_press = offer and query is not None and SEAL in (query.data or "")
    said = _take_said(update, context)
    if sealed_press and said is None:  # its words taken already, or dropped for newer ones
        await drop_buttons(update)  # it started the flow empty: she had typed them
        await reply(update, t(context, SAID_GONE, kept=SAID_KEPT),
                    reply_markup=await menu_of(update, context))
        return None
    started = await start_resident_flow(update, context, flow, f"{prefix}:said:{AGREED}")
    if started is None and isinstance(said, str) and context.user_data is not None:
        context.user_data[SAID] = said  # kept for the notice's "I agree", which goes on
    if started is not None and offer:  # the words are taken (her choice made): the offer's
        await drop_buttons(update)  # buttons go (before, 💬/📝 stayed under words already
    # sent); the notice's agree left the notice as ask_consent made it (with 重新公开's
    # buttons when she had withdrawn: dropped, the question could not be answered)
    text = clean_text(said) if isinstance(said, str) else ""
    return started, text if len(text) <= MAX_INPUT else ""
