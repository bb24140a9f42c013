"""/seat, in the bot: an admin gives the elected of a committee election
(``bot.handlers.election``) their committee role, all at once.

/seat N @user1 12345 ... names the Telegram account of each elected
candidate in the order of the result (/seat N alone lists them); a summary
asks to confirm, and one write grants them all. When members of an earlier
committee hold the role and were not elected again, the summary names them and
asks whether their role ends (a new committee, 换届: ``seat:re:<N>``, in the same
write) or stays (a by-election, 补选: ``seat:ok:<N>``); before, they kept approving
and nobody was asked. Its buttons are ``seat:ok:<N>`` / ``seat:re:<N>`` /
``seat:no:<N>``, checked against the draft. Split from
``bot.handlers.election``, whose COMMANDS, HANDLERS and finish_seat include these.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.elections import is_election
from db.entries import Status
from db.errors import DomainError
from db.people import Role, public_role, volunteer_areas

from ..commands import Audience, Command, Flow
from ..context import call, entry_or_none, read, reply, repo_of, t
from ..flows import (
    END,
    SEAL,
    answer,
    button_args,
    buttons,
    current_draft,
    drop_draft,
    gone,
    keyboard,
    new_draft,
    refuse,
    stale_buttons,
    states,
    unexpected,
)
from ..i18n import lazy
from ..menu import menu_maker
from ..notify import notify_once
from ..staff import (
    area_name,
    entry_id_of,
    fail,
    require_admin,
    words,
)
from ..step_buttons import remember, shown
from .ballot import ERRORS, election_error
from .mode import seated_prompt
from .roles import find_user, set_staff_menu, told_revoked

__all__ = ["SEAT_COMMAND", "SEAT_HANDLER", "finish_seat"]

SEAT = "seat"
SEAT_PREFIX = "seat"
(S_CONFIRM,) = states(SEAT, "confirm")


async def seat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Lists the elected of an election, or asks to confirm granting them the role."""
    person = await require_admin(update, context)
    if person is None:
        return END
    args = words(update)
    entry_id = entry_id_of(args[0]) if args else None
    if entry_id is None:
        await reply(update, t(context, SEAT_USAGE))
        return END
    repo = repo_of(context)
    try:
        found = await read(repo.entry, entry_id)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return END
    spec = found.data.get("election") if is_election(found.data) else None
    elected = list((spec or {}).get("result", {}).get("elected") or [])
    if spec is None:
        await reply(update, t(context, ERRORS["not_election"], id=entry_id))
        return END
    if found.status == Status.OPEN:  # it read 没有可以任职的当选人, as if nobody had won
        await reply(update, t(context, STILL_OPEN, id=entry_id,
                              deadline=str(found.data.get("deadline") or "")[:10]))
        return END
    if not elected:
        await reply(update, t(context, "#{id} has nobody elected to seat.", id=entry_id))
        return END
    if spec.get("seated"):  # before asking for accounts the domain would refuse
        await reply(update, t(context, ERRORS["already_seated"], id=entry_id))
        return END
    titles = {int(c["n"]): c["title"] for c in spec["candidates"]}
    listed = "\n".join(f"{i}. {titles.get(n, '?')}" for i, n in enumerate(elected, 1))
    users = args[1:]
    if len(users) != len(elected):
        await reply(update, t(context, "Elected in #{id}, in this order:\n{listed}\nSend /seat "
                                       "{id} and the Telegram id or @username of each, in the "
                                       "same order.", id=entry_id, listed=listed))
        return END
    ids: list[int] = []
    for u in users:
        tid = await find_user(context, u)
        if tid is None:
            await reply(update, t(context, "I do not know {user}. Use their Telegram id, or "
                                           "ask them to send /start first.", user=u))
            return END
        ids.append(tid)
    # the committee sitting now (an earlier election's): kept by a by-election (补选),
    # replaced by a new one (换届); before, they kept approving and nobody was asked
    former = [p for p in await read(repo.sitting_members, entry_id)
              if p.get("telegram_id") is not None and int(p["telegram_id"]) not in ids]
    new_draft(context, SEAT, id=entry_id, ids=ids, users=users,
              former=[int(p["telegram_id"]) for p in former])
    known = await read(_who, repo, ids + [int(p["telegram_id"]) for p in former])
    pairs = "\n".join(f"{titles.get(n, '?')} → {u}（{known[tid] or t(context, NEVER_USED)}）"
                      for n, u, tid in zip(elected, users, ids, strict=True))
    title = spec.get("committee_title") or "物管会委员"
    area = await area_name(context, found.area)
    text = t(context, "Grant the role {title} of {area} to:\n{pairs}\nThe site shows the role "
                      "titles, never who they are.", title=title, area=area, pairs=pairs)
    choices = [(t(context, "Grant the roles"), f"{SEAT_PREFIX}:ok:{entry_id}")]
    if former:
        text += "\n\n" + t(context, SITTING, n=len(former), title=title, area=area, id=entry_id,
                            who="\n".join(_member(p, found.area, known) for p in former))
        choices = [(t(context, "Grant, and end the {n} former members' role", n=len(former)),
                    f"{SEAT_PREFIX}:re:{entry_id}"),
                   (t(context, "Grant, and keep them (a by-election)"),
                    f"{SEAT_PREFIX}:ok:{entry_id}")]
    await reply(update, text, reply_markup=remember(current_draft(context, SEAT), S_CONFIRM,
                                                    keyboard([*choices, (t(context, "Cancel"),
                                                              f"{SEAT_PREFIX}:no:{entry_id}")],
                                                             1)))
    return S_CONFIRM  # its buttons noted: again after a sticker (bot.step_buttons)


def _member(person: dict[str, Any], area: str, known: dict[int, str]) -> str:
    """A sitting member as the admin checks them: pseudonym, Telegram id, who."""
    tid = int(person["telegram_id"])
    return f"{public_role(person, area)}：{tid}" + (f"（{known[tid]}）" if known.get(tid) else "")


SITTING = lazy("{n} {title} of {area} hold the role now and were not elected in #{id}:\n{who}\n"
               "If #{id} elected a new committee, their role ends as the elected take theirs; "
               "after a by-election (补选) they keep it.")


STILL_OPEN = lazy("Election #{id} is still open until the end of {deadline}: its elected are "
                  "known once it closes (you will be told), then send /seat {id}.")
NEVER_USED = lazy("has not used this bot yet: check the id")


def _who(repo: Any, ids: list[int]) -> dict[int, str]:
    """Who each Telegram id is, for the admin to check before granting a role: the
    name and home they registered ("" for someone the bot does not know)."""
    out: dict[int, str] = {}
    for tid in ids:
        person = repo.person_by_telegram(tid)
        if person is None:
            out[tid] = ""
            continue
        home = person.get("household")
        try:
            place = repo.street.household_label(home) if home else ""
        except KeyError:
            place = ""
        out[tid] = "，".join(x for x in (str(person.get("name") or "").strip(), place) if x)
    return out


SEAT_USAGE = lazy("Usage: /seat N (lists the elected of election N), then /seat N and the "
                  "Telegram id or @username of each elected candidate in that order.")


async def seat_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Grants the elected their committee role (or cancels), and tells each of them."""
    await answer(update)
    d = current_draft(context, SEAT)
    if d is None:
        return await gone(update, context)
    ok, again, no = (button_args(update, SEAT_PREFIX, a, 1) for a in ("ok", "re", "no"))
    if (ok or again or no or [""])[0] != str(d["id"]) or (again and not d.get("former")):
        return await refuse(update, context)
    drop_draft(context, SEAT)
    if no:
        await reply(update, t(context, "Cancelled. Nothing was saved."))
        return END
    person = await require_admin(update, context)
    if person is None:
        return END
    repo = repo_of(context)
    retire = list(d.get("former") or []) if again else []
    try:
        seated = await call(repo.seat_elected, person["id"], d["id"], d["ids"], retire=retire)
    except DomainError as exc:
        await reply(update, election_error(context, exc))
        return END
    election_entry = await read(repo.entry, d["id"])
    await _seated(update, context, election_entry, seated)
    await _retired(update, context, election_entry.area, retire)
    return END


async def _retired(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str,
                   retire: list[int]) -> None:
    """Tell the admin and each former member whose role ended (once, as /revoke does:
    their buttons and the work row of their menu go)."""
    for tid in retire:
        subject = await read(repo_of(context).person_by_telegram, tid)
        if subject is not None and area not in volunteer_areas(subject):
            await told_revoked(update, context, subject, Role.VOLUNTEER, area, str(tid))


SEATED = lazy("You were elected in #{id}: you are now {title} of {area}. New entries to "
              "approve will come to this chat with \"✅ Approve\" and \"❌ Reject\" buttons "
              "under them: press one; those waiting already, send /pending to see. The menu "
              "below now starts with your work: \"To approve\", \"Handle reports\" and "
              "\"Record money\"; \"Help\" lists all the volunteer commands.")


async def _seated(update: Update, context: ContextTypes.DEFAULT_TYPE, election_entry: Any,
                  seated: list[dict[str, Any]]) -> None:
    """Tell each of the elected just seated of their role, once (``db.reminders`` key
    ``seated:<id>``, recorded as each went: a telling a stop cut short is finished at
    the next start, ``finish_seat``), give them the volunteers' menu, and tell the
    admin, asking her whether the area's mode changes (``mode.seated_prompt``)."""
    name = await area_name(context, election_entry.area)
    for subject in seated:
        await notify_once(context, [subject], f"seated:{election_entry.id}", SEATED,
                          markup=await menu_maker(context, subject), id=election_entry.id,
                          title=election_entry.data["election"].get("committee_title")
                          or "物管会委员", area=name)
        await set_staff_menu(context.application, subject)
    done = t(context, "Done: {n} elected now hold their committee role in {area}.",
             n=len(seated), area=name)
    # the area's mode, when it is not the committee's yet: asked, recorded only at a press
    asked = await seated_prompt(context, election_entry)
    if asked is None:
        await reply(update, done)
    else:
        await reply(update, f"{done}\n\n{asked[0]}", reply_markup=asked[1])


async def finish_seat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """An admin's 确认 of /seat (``seat:ok:<id>``) stored just before the bot stopped:
    the elected not told yet of their role are told now, and the admin as the press
    would have (before, they never learned they hold it, and the admin read "already
    saved … start again from the menu"); whether it was such a press (the election
    seated, the draft's accounts now of its committee)."""
    query = update.callback_query
    d = current_draft(context, SEAT)  # as it was before the press: not saved since
    pressed = (query.data or "").split(SEAL, 1)[0] if query is not None else ""
    if query is None or not d or "ids" not in d or update.effective_user is None or \
            pressed not in (f"{SEAT_PREFIX}:ok:{d.get('id')}", f"{SEAT_PREFIX}:re:{d.get('id')}"):
        return False
    repo = repo_of(context)
    election_entry = await entry_or_none(context, int(d["id"]))
    if election_entry is None:
        return False
    if not (election_entry.data.get("election") or {}).get("seated"):
        return False
    seated = [await read(repo.person_by_telegram, int(tid)) for tid in d["ids"]]
    if any(p is None or election_entry.area not in volunteer_areas(p) for p in seated):
        return False
    await _seated(update, context, election_entry, [p for p in seated if p is not None])
    if pressed.startswith(f"{SEAT_PREFIX}:re:"):  # the former members not told yet
        await _retired(update, context, election_entry.area, list(d.get("former") or []))
    return True



CHOOSE = lazy("Please choose with the buttons above.")
SEAT_STATES: dict[object, list[Any]] = {
    S_CONFIRM: [*buttons(SEAT_PREFIX, {"ok": seat_confirm, "re": seat_confirm,
                                       "no": seat_confirm}),
                *unexpected(CHOOSE, markup=shown(SEAT, S_CONFIRM))],
}
SEAT_COMMAND = Command(
    "seat", "Give the elected of an election their committee role: /seat N users...",
    seat, audience=Audience.ADMIN, order=82, extra={"title": lazy("Seating the elected (/seat)")},
    flow=Flow(SEAT, SEAT_STATES))
SEAT_HANDLER = stale_buttons(SEAT_PREFIX)
