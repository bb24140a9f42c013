"""A request to close a vote early, as each of the area's other volunteers has it:
once one of them decides it, every copy says who decided and what, without buttons.

``/closevote`` sends the request to every other volunteer of the area, each copy
with Confirm / Decline buttons (``bot.handlers.closevote``). Before, the copies of
those who did not press kept their buttons after another had confirmed it (the
vote closed) or declined it, and a press then said only that it was no longer
waiting. Now each copy is remembered as an approval's post is (``bot.posts``, by
the proposal's number: a proposal never waits for approval itself, so its number
carries no other post), and edited as an approval's posts are
(``bot.posts.mark_posts``) when the request is decided: confirmed or declined by a
volunteer, replaced by a newer request, void because the vote ended at its
deadline or the proposal was withdrawn. A button still pressed on an older copy
(an edit lost with a stop) answers who decided it and shows it on that copy.

Volunteers are named as in the approval posts' verdicts: role and name
(``bot.handlers.decided.who_of``), in their own chats only.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackContext, ContextTypes

from db.entries import Entry, Kind
from db.people import public_role

from ..context import entry_or_none, read, reply, repo_of, t
from ..edits import edits_of
from ..i18n import lazy, tr
from ..menu import private_menu
from ..posts import mark_posts, unnamed
from ..sending import fit_message
from .decided import names_here, remembered_entries, who_of

__all__ = ["settle_request", "answer_stale", "mark_left", "request_of"]

PENDING = "pending"
CONFIRMED = lazy("✅ {who} confirmed it: voting on #{id} closed early.")
DECLINED = lazy("❌ {who} declined it: voting on #{id} goes on.")
TAKEN_BACK = lazy("↩️ {who} took the request back: voting on #{id} goes on.")
REPLACED = lazy("↩️ Replaced by a newer request to close #{id} early: nothing to confirm "
                "here.")
WITHDRAWN = lazy("Proposal #{id} was withdrawn: nothing to confirm.")
DROPPED = lazy("Voting on #{id} ended at its deadline: nothing to confirm.")
# to the volunteer who pressed a copy of a request no longer waiting
ALREADY = lazy("That request to close #{id} early is no longer waiting. {verdict} Nothing "
               "was changed.")


def request_of(proposal: Entry, n: int | None = None) -> dict[str, Any] | None:
    """Early close request number ``n`` of ``proposal`` (the latest when None)."""
    requests = proposal.data.get("early_close") or []
    if n is None:
        return requests[-1] if requests else None
    return next((r for r in requests if r.get("n") == n), None)


async def _verdict(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                   request: dict[str, Any], *, named: bool = True
                   ) -> tuple[str, dict[str, Any]] | None:
    """How ``request`` was decided, as a msgid and its parameters (None: still waiting);
    the volunteer who decided by role and name when ``named``, else by role alone."""
    outcome = request.get("outcome")
    params: dict[str, Any] = {"id": proposal.id}
    if outcome in ("confirmed", "declined"):
        person = await read(repo_of(context).person, request["decided_by"]) \
            if request.get("decided_by") else None
        params["who"] = (who_of(person, proposal.area) if named else
                         public_role(person, proposal.area)) if person else \
            str(request.get("decided_role") or "—")
        if outcome == "declined" and request.get("decided_by") == request.get("by"):
            return TAKEN_BACK, params  # by the one who asked
        return (CONFIRMED if outcome == "confirmed" else DECLINED), params
    found = {"replaced": REPLACED, "withdrawn": WITHDRAWN, "dropped": DROPPED}.get(
        str(outcome))
    return (found, params) if found is not None else None


async def settle_request(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                         n: int | None = None) -> int:
    """The copies of request ``n`` (the latest when None) say how it was decided, their
    buttons gone; nothing while it still waits. How many copies are to be edited.

    Call it before a newer request's copies are sent (they are remembered by the same
    proposal number)."""
    request = request_of(proposal, n)
    if request is None or proposal.kind != Kind.PROPOSAL:
        return 0
    found = await _verdict(context, proposal, request)
    if found is None:
        return 0
    msgid, params = found
    return await mark_posts(context, proposal.id, lambda lang, named, _private: tr(
        lang, msgid, **(params if named else unnamed(params))))


async def answer_stale(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal_id: int,
                       n: int) -> bool:
    """A press of request ``n``, which is no longer waiting: say how it was decided, and
    show it on the copy pressed, without buttons. False when there is no such decided
    request (the caller answers as before). Call it only once the presser is known to be
    a volunteer of the proposal's area."""
    proposal = await entry_or_none(context, proposal_id)
    if proposal is None:
        return False
    request = request_of(proposal, n)
    named = await names_here(update, context, proposal.area)  # else a group: by role alone
    found = await _verdict(context, proposal, request, named=named) \
        if request is not None else None
    if found is None:
        return False
    msgid, params = found
    await reply(update, t(context, ALREADY, id=proposal.id,
                          verdict=t(context, msgid, **params)),
                **await private_menu(update, context))  # 待审核's count, one fewer
    query = update.callback_query
    message = query.message if query else None
    text = getattr(message, "text", None) or ""
    if message is not None and text:  # this copy only: a newer request's are live
        verdict = t(context, msgid, **params)
        if verdict not in text:
            edits_of(context.application).submit(
                message.chat.id, message.message_id,
                fit_message(f"{text}\n\n{verdict}"), None)
    return True


async def mark_left(app: Any) -> int:
    """At start: the remembered copies of requests decided before the bot stopped,
    whose edits did not go, show how each was decided now. How many proposals."""
    context = CallbackContext(app)
    marked = 0
    async for entry in remembered_entries(context):
        request = request_of(entry) if entry.kind == Kind.PROPOSAL else None
        if request is None or request.get("outcome") == PENDING:
            continue  # the latest request's copies are live while it waits
        marked += bool(await settle_request(context, entry))
    return marked

