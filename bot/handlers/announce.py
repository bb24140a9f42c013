"""/announce text: an announcement (公告) to an area's residents, also published on
the site. A volunteer of a single area needs no area; one of several (a grid worker
of two areas, an admin) presses the area's button (``an:area:<i>``) after typing the
text, or puts the area's name (or id) first (/announce 东小区 text; only an area's
whole name: a compound's name first, 盐业小区 of 盐业小区·市药材小区, stays in the text).
/announce alone (as the command menu sends it) asks for the text; one too long is asked
for again.

Nothing goes before the volunteer has seen it: /announce shows a preview (the
message as residents will read it) with the number of residents it will reach,
and asks to confirm. Once confirmed it is stored (so the site shows it), sent
to each resident in turn within Telegram's limits (``bot.sending``), and the
volunteer is told how many it reached. Each resident is recorded before being
sent it (``db.reminders``, key ``announce:<id>``), so it goes to each once; a
sending cut short by a restart is finished by the reminders job
(``resume_announcements``). The flow is written as ``bot.flows`` says; its
buttons are ``an:ok:<1|0>``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler

from db.entries import Kind, Status
from db.errors import DomainError, PermissionDenied
from db.people import is_volunteer_of
from db.redact import area_rooms, hidden_words

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, person_of, read, reply, repo_of, t
from ..conversation import entered_at_start
from ..flows import (
    END,
    TEXT_INPUT,
    Answered,
    answer,
    buttons,
    clean_text,
    confirmed,
    current_draft,
    gone,
    keyboard,
    new_draft,
    sealed,
    short,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..notify import notify_once
from ..staff import area_name, chosen_area, fail, require_staff, staff_areas, words
from ..step_buttons import AREA_STEP, remember, shown
from .announce_back import AREA, BACK, CONFIRM, FLOW, PREFIX, TEXT
from .called_confirm import HIDE, as_pressed, called, called_lines, choices, sent_by

__all__ = ["COMMANDS", "HANDLERS", "ANNOUNCEMENT", "recipients", "send_announcement",
           "resume_announcements", "RESUME_AFTER", "RESUME_WITHIN", "finish_saved",
           "announce_key"]

MAX_ANNOUNCEMENT = 3000
RESUMED_KEY = "announcements_resumed"  # bot_data: the ids finished once since the start
RESUME_AFTER = timedelta(minutes=10)  # a sending older than this was cut short
RESUME_WITHIN = timedelta(days=1)  # ... and is finished only within this time
ANNOUNCEMENT = lazy("📢 Announcement from {steward}:\n{text}")
CHOOSE = lazy("Please press \"Send\" or \"Cancel\" above.")


def recipients(repo: Any, area: str) -> list[dict[str, Any]]:
    """Who an announcement of ``area`` reaches: its confirmed residents with a chat."""
    return [p for p in repo.people(resident_of=area) if p.get("telegram_id")]


def _households(repo: Any, area: str, people: list[dict[str, Any]]) -> tuple[int, int]:
    """(households with a resident among ``people``, households of the area)."""
    homes = {p.get("household") for p in people if p.get("household")}
    return len(homes), len(repo.street.area_households(area))


async def announce(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Shows the announcement as residents will see it, with how many it reaches."""
    person = await require_staff(update, context)
    if person is None:
        return END
    args = words(update, maxsplit=1)
    areas = await staff_areas(context, person)
    repo = repo_of(context)
    known = {a.id for a in repo.street.areas}
    names = {repo.street.area(a).name: a for a in areas} if len(areas) > 1 else {}
    if args and args[0] in known:
        area, text = args[0], args[1] if len(args) > 1 else ""
    elif args and args[0] in names:  # /announce 东小区 明天上午停水: the area by its name
        area, text = names[args[0]], args[1] if len(args) > 1 else ""
    else:  # one area: that one; several: the area is pressed once the text is seen
        area, text = areas[0] if len(areas) == 1 else "", " ".join(args)
    return await _take_text(update, context, person, area, clean_text(text))


TEXT_PROMPT = lazy("What does the announcement say? Send it as one message (at most 3000 "
                   "characters); you see it as residents will before it goes. To leave it, "
                   "press Cancel (or type 取消).")  # MAX_ANNOUNCEMENT


async def _take_text(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     person: dict[str, Any], area: str, text: str) -> object:
    """The announcement's text, typed after /announce or as its own message: asked for
    when there is none (the command menu sends /announce alone) or too long (kept
    asked for, never cut short without a word); then the area, or the preview."""
    if not text or len(text) > MAX_ANNOUNCEMENT:
        new_draft(context, FLOW, area=area)
        if text:
            await reply(update, t(context, "That is too long ({count} characters). Please "
                                           "keep it under {max} characters.",
                                  count=len(text), max=MAX_ANNOUNCEMENT))
        return await BACK.say(update, context, TEXT, t(context, TEXT_PROMPT), cancel=True)
    # typed with /announce: entered, so a menu button at the areas or the preview keeps it
    entered_at_start(context, FLOW)
    if not area:  # the areas, with ⬅️ 上一步 to the text (announce_back)
        d = new_draft(context, FLOW, text=text, areas=await staff_areas(context, person))
        return await BACK.ask_area(update, context, d)
    if not is_volunteer_of(person, area):  # as the repository would refuse it
        await reply(update, fail(context, PermissionDenied(
            "only a volunteer of this area may do that", code="volunteer_only", area=area)))
        return END
    d = new_draft(context, FLOW, area=area, text=text)
    return await _preview(update, context, d)


async def announce_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes the announcement's text, sent as its own message after /announce alone."""
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    person = await require_staff(update, context)
    if person is None:
        return END
    return await _take_text(update, context, person, str(d.get("area") or ""),
                            clean_text(typed(update)))


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the area pressed and shows the preview."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, PREFIX, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    d["area"] = area
    return await _preview(update, context, d)


async def _preview(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> object:
    """Shows draft ``d`` as residents will see it, with sealed buttons to send or cancel."""
    repo, area = repo_of(context), d["area"]
    people = await read(recipients, repo, area)
    homes, of = await read(_households, repo, area, people)
    steward = repo.street.area(area).steward
    n = len(people)
    # the site masks them; residents read it as typed
    public = hidden_words(d["text"], repo.settings, area_rooms(repo.street, area))
    back = BACK.noted(d, CONFIRM)  # before the seal: the draft as it is confirmed
    await reply(update, "\n\n".join([
        t(context, "Preview of the announcement to {area}:", area=await area_name(context, area)),
        t(context, ANNOUNCEMENT, steward=steward, text=d["text"]),
        *([t(context, "On the site its phone, ID and room numbers are hidden; it reads: {text}",
             text=public)] if public is not None else []),
        # a person called by surname in it (门卫老杨): no 🙈 to hide it once sent
        *([named.strip()] if (named := called_lines(context, [d["text"]])) else []),
        t(context, "It will be sent to {n} residents ({homes} of {of} households have a "
                   "registered resident) and published on the site. Send it?",
          n=n, homes=homes, of=of)]),
        reply_markup=remember(d, CONFIRM, BACK.with_back(context, back, sealed(keyboard(choices(
            context, PREFIX, [d["text"]], t(context, "📢 Send to {n} residents", n=n)), 1),
            d, f"{PREFIX}:ok"))))
    return CONFIRM


async def announce_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the announcement and sends it to each resident (or cancels)."""
    named = called([(current_draft(context, FLOW) or {}).get("text")])  # 隐去 offered
    d = await confirmed(update, context, FLOW, PREFIX, lambda d: _preview(update, context, d),
                        cancelled=t(context, "Cancelled. Nothing was sent."),
                        more=(HIDE,) if named else ())
    if isinstance(d, Answered):
        return d.state
    person = await require_staff(update, context)  # a role may have been revoked meanwhile
    if person is None:
        return END
    area, [text] = d["area"], as_pressed(update, PREFIX, [d["text"]])  # 隐去: masked
    repo = repo_of(context)
    try:
        entry = await call(repo.submit, person["id"], Kind.ANNOUNCEMENT, area, {"text": text})
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return END
    await drop_buttons(update)  # stored: 发送/取消 are not there to press again
    people = await read(recipients, repo, area)
    await reply(update, t(context, "Announcement #{id} is published on the site; sending it to "
                                   "{n} residents now…", id=entry.id, n=len(people)))
    await _sent(update, context, entry, people)
    return END


async def _sent(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Any,
                people: list[dict[str, Any]]) -> None:
    """Send announcement ``entry`` to those of ``people`` not sent it yet, and tell the
    volunteer how many of them have it."""
    await send_announcement(context, entry, people)
    reached = len(await read(repo_of(context).reminded, announce_key(entry.id)))
    await reply(update, t(context, "Announcement #{id} for {area}: {reached} of {n} residents "
                                   "were sent it.", id=entry.id,
                          area=await area_name(context, entry.area),
                          reached=min(reached, len(people)), n=len(people)))


def announce_key(entry_id: int) -> str:
    """Who was sent announcement ``entry_id`` (``db.reminders``)."""
    return f"announce:{entry_id}"


async def send_announcement(context: ContextTypes.DEFAULT_TYPE, entry: Any,
                            people: list[dict[str, Any]]) -> int:
    """Send announcement ``entry`` to those of ``people`` not sent it yet, each recorded
    just before it leaves (a sending a stop cut short goes on where it stopped: nobody
    is sent it twice, one on its way at the stop is not sent it again:
    ``bot.notify.notify_once``); how many it reached now."""
    repo = repo_of(context)
    steward = repo.street.area(entry.area).steward
    return await notify_once(context, people, announce_key(entry.id), ANNOUNCEMENT,
                             steward=steward, text=entry.data["text"])


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """An announcement stored just before the bot stopped (``bot.state``), not sent to
    every resident: sent now to those it had not reached, and the volunteer told how
    many have it, as the press would have; whether it was such a press."""
    if sent_by(update, PREFIX) is None or update.effective_user is None:  # 照发 / 隐去
        return False
    d = current_draft(context, FLOW)
    if not d or not d.get("area") or not d.get("text"):
        return False
    person = await person_of(update, context)
    repo = repo_of(context)
    [text] = as_pressed(update, PREFIX, [d["text"]])
    found = [e for e in await read(repo.entries, kind=Kind.ANNOUNCEMENT, area=d["area"],
                                   author=person["id"], limit=5)
             if e.data.get("text") == text]
    if not found:
        return False
    await drop_buttons(update)  # stored: the summary's buttons go, as at the press
    await _sent(update, context, found[-1], await read(recipients, repo, d["area"]))
    return True


async def resume_announcements(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Finish the sendings of announcements cut short (by a restart): those begun
    more than ``RESUME_AFTER`` and less than ``RESUME_WITHIN`` ago that some resident
    of their area was not sent yet. How many were sent now."""
    repo = repo_of(context)
    now = repo.clock()
    sent = 0
    resumed: set[int] = context.bot_data.setdefault(RESUMED_KEY, set())
    for entry in await read(repo.entries, kind=Kind.ANNOUNCEMENT, status=Status.PUBLISHED):
        age = now - datetime.fromisoformat(entry.created)
        if not RESUME_AFTER < age < RESUME_WITHIN:
            continue
        done = await read(repo.reminded, announce_key(entry.id))
        if not done or entry.id in resumed:  # never begun here (an older announcement, or
            continue  # one from elsewhere), or finished once since this start
        resumed.add(entry.id)  # those it cannot reach are not tried again every few minutes
        people = [p for p in await read(recipients, repo, entry.area) if p["id"] not in done]
        if people:
            sent += await send_announcement(context, entry, people)
    return sent


async def _so_far(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str
                  ) -> list[str]:
    """The text of a kept announcement taken up at the areas (``Flow.so_far``); the
    preview and the text step show it themselves."""
    return [short(d["text"], 60)] if state == AREA and d.get("text") else []


B, K = BACK.backs, BACK.keeping  # ⬅️ 上一步 and 不改，继续 (announce_back)
BACK.asks.update({TEXT: lambda u, c, d: BACK.say(u, c, TEXT, t(c, TEXT_PROMPT), cancel=True),
                  CONFIRM: lambda u, c, d: _preview(u, c, d) if d.get("area") else
                  BACK.ask_area(u, c, d)})  # the text kept: the areas, when none is chosen
STATES: dict[object, list[Any]] = {
    TEXT: [*B(TEXT), MessageHandler(TEXT_INPUT, K(TEXT, announce_text)),
           *buttons(PREFIX, {"cancel": BACK.on_cancel}),
           *unexpected(TEXT_PROMPT, markup=lambda c: BACK.buttons_of(c, TEXT, cancel=True))],
    CONFIRM: [*B(CONFIRM), *buttons(PREFIX, {"ok": announce_confirm}),
              *unexpected(CHOOSE, markup=shown(FLOW, CONFIRM))],
    AREA: [*B(AREA), *buttons(PREFIX, {"area": on_area}),
           *unexpected(lazy("Please choose with the buttons above."),
                       markup=shown(FLOW, AREA_STEP))],
}

COMMANDS = [
    Command("announce", "Send an announcement to an area's residents: /announce text (a "
                        "volunteer of several areas then presses the area)",
            announce, audience=Audience.VOLUNTEER, order=60,
            extra={"title": lazy("Announcement (/announce)")},
            flow=Flow(FLOW, STATES, resume=BACK.resume(), so_far=_so_far)),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
