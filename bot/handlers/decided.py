"""An approval post whose entry is decided already: who decided it, said to the
volunteer who pressed (or typed /approve N) too late, and the post's buttons for
it taken away.

Two volunteers pressing Approve on the same entry at once, a volunteer asked for
a rejection's reason while another approved it, or a post the bot no longer
remembers (older than ``bot.posts.MAX_AGE``, or from a run that kept no state):
each of them presses a button of an entry no longer waiting. They are told by
whom and how it was decided, and the message they pressed shows it, without
that entry's buttons (on a message listing several entries, the others' stay),
so that nobody presses it again.

A pressed message is remembered (``remember_pressed``) only once the presser is
known to be a volunteer of the entry's area: a forged press from another area's
volunteer must not have the bot edit their message with the verdict.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackContext, ContextTypes

from db.entries import Entry, Status
from db.people import public_role
from db.privacy import FORGOTTEN_NOTE
from db.privacy import WITHDRAWN_NOTE as UNPUBLISHED_NOTE
from db.review import WITHDRAWN_NOTE

from ..context import entry_or_none, lang_of, person_of, read, reply, repo_of, status_word, t
from ..digest import decided, new_digest
from ..edits import edits_of
from ..i18n import lazy, tr
from ..menu import private_menu
from ..notify import mark_decided, withdraw_posts
from ..post_notes import summarised
from ..posts import Named, posts_of, record_post
from ..posts import withdraw_posts as replace_posts
from ..private_only import linked_here
from ..sending import fit_message
from .unpublish import withdrawn_text

__all__ = ["WITHDRAWN_BY", "who_of", "names_here", "remember_pressed", "already_decided",
           "still_waiting", "decided_by_presser",
           "decision_of", "mark_left",
           "ALREADY_DECIDED", "APPROVED_BY", "APPROVED_LINE", "REJECTED_BY", "REJECTED_BY_ROLE",
           "REJECTED_BY_GROUP", "UNNAMED", "GROUPED"]

ALREADY_DECIDED = lazy("#{id} was already dealt with by {who}: it is {status} now. "
                       "Nothing was changed.")
# ... by the very volunteer pressing again (an old copy of the post, /approve N twice)
DECIDED_BY_YOU = lazy("You already dealt with #{id}: it is {status} now. Nothing was "
                      "changed.")
APPROVED_BY = lazy("✅ Approved by {who}")
APPROVED_LINE = lazy("✅ Approved by {who}: line {seq}")  # a money entry, in the ledger
REJECTED_BY = lazy("❌ Rejected by {who}: {reason}")
# ... read in a group that is not the area's volunteers' group (the one its posts left for
# another, ``bot.posts.mark_posts``): the role alone, and not the reason, written for the
# author and the volunteers (它不是 1号楼1单元101 的住户 names a flat)
REJECTED_BY_ROLE = lazy("❌ Rejected by {who}")
UNNAMED = {REJECTED_BY: REJECTED_BY_ROLE}  # a verdict where a volunteer is not named
# ... read in the area's volunteers' group: the reason, written for the author (不是 101 的
# 住户, 罗小燕已登记过), stays in the private chats (``bot.group_post``)
REJECTED_BY_GROUP = lazy("❌ Rejected by {who} (the reason: in each volunteer's private chat "
                         "with me)")
GROUPED = {REJECTED_BY: REJECTED_BY_GROUP}
OTHER_BY = lazy("Dealt with by {who}: {status}")
# a money entry its recorder withdrew before anyone approved it (``take_back``)
WITHDRAWN_BY = lazy("↩️ Withdrawn by whoever recorded it: nothing to approve.")
# ... said to the volunteer acting on it then (before: "dealt with by …: it is rejected now")
# ... by its author's /forget or /unpublish (or the same from the command line)
ALREADY_WITHDRAWN_BY_AUTHOR = lazy("#{id} was withdrawn by its author: there is nothing to "
                                   "approve or reject. Nothing was changed.")
ALREADY_WITHDRAWN = lazy("#{id} was withdrawn by whoever recorded it: there is nothing to "
                         "approve or reject. Nothing was changed.")


def who_of(person: dict[str, Any], area: str) -> Named:
    """Role and name of a volunteer, for the volunteers' own chats; its ``role`` alone
    for a post in any other group (``bot.posts.mark_posts``)."""
    name = person.get("name") or person.get("username") or ""
    role = public_role(person, area)
    return Named(f"{role} {name}".strip(), role)


async def names_here(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str) -> bool:
    """Whether a volunteer of ``area`` may be named (``who_of``) in the chat of ``update``:
    a private chat, or the area's linked volunteers' group. Anywhere else (a group anyone
    may be in) a volunteer is their public role and mark alone (物管会主任甲): /approve 7
    typed there said 已由物管会主任甲 甲志愿者处理过了, her real name to the whole group."""
    return bool(await linked_here(update, context, [area]))


def decision_of(entry: Entry) -> dict[str, Any]:
    """The audit event that took ``entry`` out of the queue ({} if none)."""
    return next((e for e in entry.history if e.get("from") == str(Status.PENDING)), {})


async def remember_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           entry_id: int) -> None:
    """Make sure the message whose button was pressed is edited once decided (its post
    may not be remembered, e.g. after a restart). Call it only once the presser may
    decide on the entry. On a list of several entries, those decided meanwhile (their
    edit was lost with a restart) lose their buttons and show their verdict too."""
    query = update.callback_query
    message = query.message if query else None
    if message is None:
        return
    if posts_of(context.application).has(entry_id, message.chat.id, message.message_id):
        return
    text = getattr(message, "text", None) or ""
    rows = [list(row) for row in getattr(getattr(message, "reply_markup", None),
                                         "inline_keyboard", None) or ()]
    others = [row for row in rows if not any(
        str(b.callback_data or "").endswith(f":{entry_id}") for b in row)]
    # A message listing several entries (bot.notices; its buttons are named "#12 ✅ …"):
    # deciding this one keeps the others' buttons on it, and its verdict names it, even
    # when the others are decided already.
    listed = others or any(str(b.text).startswith(f"#{entry_id} ") for row in rows
                           for b in row)
    digest = new_digest([(0, text)], rows) if listed else None
    if digest is not None:
        await _settle_others(update, context, digest, entry_id)
    await record_post(context, entry_id, message.chat.id, message.message_id, text,
                      lang_of(context), digest)


_DATA = re.compile(r"^q:[a-z]:([0-9]{1,9})$")


async def _settle_others(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         digest: dict[str, Any], entry_id: int) -> None:
    """The other entries of a pressed list that are no longer waiting: their verdicts
    on it (by role alone in a group not their area's), their buttons off it."""
    listed = {int(m.group(1)) for row in digest["rows"] for b in row
              if (m := _DATA.match(str(b.callback_data or "")))} - {entry_id}
    lang = lang_of(context)
    chat = update.effective_chat
    private = chat is not None and chat.id > 0
    for other in sorted(listed):
        entry = await entry_or_none(context, other)
        if entry is None:
            continue
        if entry.status != Status.PENDING:
            named = await names_here(update, context, entry.area)
            msgid, params = await _verdict(context, entry, named=named)
            shown = msgid if private else GROUPED.get(msgid, msgid) if named \
                else UNNAMED.get(msgid, msgid)
            decided(digest, other, tr(lang, shown, **params))


async def _verdict(context: ContextTypes.DEFAULT_TYPE, entry: Entry, *, named: bool = True
                   ) -> tuple[str, dict[str, str]]:
    """How ``entry`` left the queue, as a verdict msgid and its parameters (the one who
    decided by role and name when ``named``, else by role alone)."""
    event = decision_of(entry)
    person = await read(repo_of(context).person, event["by"]) if event.get("by") else None
    who = (who_of(person, entry.area) if named else public_role(person, entry.area)) \
        if person else str(event.get("role") or "—")
    if event.get("to") == str(Status.REJECTED) and event.get("note") == WITHDRAWN_NOTE:
        return WITHDRAWN_BY, {"who": who}
    if event.get("to") == str(Status.REJECTED):
        return REJECTED_BY, {"who": who, "reason": str(event.get("note") or "")}
    if event.get("to") == str(Status.APPROVED):
        seq = entry.data.get("ledger_seq")  # its line number stays on the post
        return (APPROVED_LINE, {"who": who, "seq": str(seq)}) if seq else \
            (APPROVED_BY, {"who": who})
    return OTHER_BY, {"who": who, "status": status_word(context, entry.kind, entry.status)}


async def still_waiting(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        entry_id: int) -> bool:
    """Whether entry ``entry_id``, whose reason was just typed, still waits (or is not
    found: what follows says so); if another volunteer decided it meanwhile, says by whom
    (``already_decided``). Before, a short reason was shown back as "#12 is not rejected
    yet" about an entry rejected already."""
    entry = await entry_or_none(context, entry_id)
    if entry is None or entry.status == Status.PENDING:
        return True
    await already_decided(update, context, entry)
    return False


async def decided_by_presser(update: Update, context: ContextTypes.DEFAULT_TYPE,
                             entry_id: int) -> bool:
    """Whether entry ``entry_id`` was decided by the volunteer pressing now: a ✅ tapped
    twice (a shaky finger, a slow phone), whose first press decided it, needs no message
    (it was answered "#544 您已经处理过了…这次没有做任何改动" as a new message, in the
    volunteers' group for everyone to read: found trying the real ``steward run``)."""
    entry = await entry_or_none(context, entry_id)
    return entry is not None and entry.status != Status.PENDING and \
        decision_of(entry).get("by") == (await person_of(update, context))["id"]


async def already_decided(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          entry: Entry) -> None:
    """``entry`` is no longer waiting: say by whom and how it was decided, and show it
    on the post pressed (and any other remembered one), without its buttons."""
    if _by_its_author(entry):  # forgotten or unpublished: the post's words go too
        await reply(update, t(context, ALREADY_WITHDRAWN_BY_AUTHOR, id=entry.id),
                    **await private_menu(update, context))
        await remember_pressed(update, context, entry.id)
        await _replace(context, entry)
        return
    msgid, params = await _verdict(context, entry)
    mine = decision_of(entry).get("by") == (await person_of(update, context))["id"]
    menu = await private_menu(update, context)  # 待审核's count, one fewer meanwhile
    if msgid == WITHDRAWN_BY:  # by its recorder, not "rejected" by a volunteer: no name
        await reply(update, t(context, ALREADY_WITHDRAWN, id=entry.id), **menu)
        await remember_pressed(update, context, entry.id)
    elif await names_here(update, context, entry.area):
        await reply(update, t(context, DECIDED_BY_YOU if mine else ALREADY_DECIDED,
                              id=entry.id, who=params["who"],
                              status=status_word(context, entry.kind, entry.status)), **menu)
        await remember_pressed(update, context, entry.id)
    else:  # any other group: the role alone, and the message pressed there not remembered
        said = (await _verdict(context, entry, named=False))[1]  # (its later edits name)
        await reply(update, t(context, DECIDED_BY_YOU if mine else ALREADY_DECIDED,
                              id=entry.id, who=said["who"],
                              status=status_word(context, entry.kind, entry.status)), **menu)
        _show_on_pressed(update, context, entry.id,
                         t(context, UNNAMED.get(msgid, msgid), **said))
    await mark_decided(context, entry.id, msgid, summarised(entry.data),
                       plain=UNNAMED.get(msgid), grouped=GROUPED.get(msgid), **params)


def _show_on_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, entry_id: int,
                     verdict: str) -> None:
    """The message pressed (in a group not the area's) shows ``verdict`` under it, without
    the buttons of ``entry_id`` (another entry's on it stay)."""
    query = update.callback_query
    message = query.message if query else None
    text = getattr(message, "text", None) or ""
    if message is None or not text or verdict in text:
        return
    rows = [list(row) for row in getattr(getattr(message, "reply_markup", None),
                                         "inline_keyboard", None) or ()]
    others = [row for row in rows if not any(
        str(b.callback_data or "").endswith(f":{entry_id}") for b in row)]
    edits_of(context.application).submit(message.chat.id, message.message_id,
                                         fit_message(f"{text}\n\n{verdict}"),
                                         InlineKeyboardMarkup(others) if others else None)


async def mark_left(app: Any) -> int:
    """At start: the remembered posts of entries decided by a volunteer (or withdrawn by
    their recorder) whose edits did not go before the bot stopped (a stop waits only a
    few seconds for them, ``bot.edits``; a crash) show the verdict now. An entry
    withdrawn because its author asked to be forgotten or withdrew their consent (the
    bot's step, or ``steward forget`` / ``steward unpublish`` while it was stopped: their
    posts kept her words, room and name, with buttons) has its posts replaced by a line
    saying so. How many entries."""
    context = CallbackContext(app)
    marked = 0
    async for entry in remembered_entries(context):
        if entry.status != Status.PENDING and _by_its_author(entry):
            await _replace(context, entry)
            marked += 1
            continue
        if entry.status == Status.PENDING or not decision_of(entry).get("by"):
            continue
        msgid, params = await _verdict(context, entry)
        await mark_decided(context, entry.id, msgid, summarised(entry.data),
                           plain=UNNAMED.get(msgid), grouped=GROUPED.get(msgid), **params)
        marked += 1
    return marked


def _by_its_author(entry: Entry) -> str | None:
    """The note of ``entry``'s withdrawal by its author's /forget or /unpublish (or the
    same from the command line), None if it left the queue otherwise."""
    event = decision_of(entry)
    note = event.get("note")
    if event.get("by") is None and event.get("to") == str(Status.REJECTED) and \
            note in (FORGOTTEN_NOTE, UNPUBLISHED_NOTE):
        return str(note)
    return None


async def _replace(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> None:
    """Replace ``entry``'s posts with the line its author's withdrawal puts there."""
    if _by_its_author(entry) == FORGOTTEN_NOTE:
        await withdraw_posts(context, entry.id)
    else:
        await replace_posts(context, entry.id, withdrawn_text(entry.id))


async def remembered_entries(context: ContextTypes.DEFAULT_TYPE) -> AsyncIterator[Entry]:
    """The entries whose posts are remembered (``bot.posts``), those that still exist:
    what the start-up's ``mark_left`` passes go through."""
    for entry_id in posts_of(context.application).entry_ids():
        entry = await entry_or_none(context, entry_id)
        if entry is not None:
            yield entry
