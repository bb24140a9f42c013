"""/forget (PIPL art. 47): after a confirmation, a person's personal data is
deleted (published records keep the role only). Its two buttons (``fg:ok``,
``fg:cancel``) need no state: the confirmation is checked again against the person
when pressed. A deletion saved just before the bot stopped is finished at the next
press (``finish_forget``). The other rights: ``bot.handlers.privacy``.
"""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.entries import Status
from db.errors import DomainError, PermissionDenied
from db.forget_again import forget_marks
from db.people import is_admin, volunteer_areas
from db.privacy import FORGOTTEN_NOTE
from db.withheld import backup_days

from ..asked import asked, confirmed
from ..context import call, error_text, lang_of, person_of, read, reply, repo_of, t
from ..flows import answer, drop_drafts
from ..i18n import lazy, tr
from ..keyboards import button
from ..menu import menu_of
from ..notify import withdraw_posts
from ..privacy_notes import for_someone_else, tell_admins_forgotten
from ..private_only import PRIVATE_BUTTON, in_private, is_private
from ..state import checkpoint_after_step

__all__ = ["forget", "on_forget", "finish_forget", "FORGET", "done_text"]

FORGET = "fg"
# What /forget deletes, what it keeps and why (PIPL art. 47): her own words, photos and
# voice are deleted from the store, not only taken off the site (db.privacy); the
# record of the work and the accounts stay, and why.
FORGET_WHAT = lazy(
    "The words, photos and voice messages of everything you sent (reports, opinions, "
    "questions, corrections) are deleted: they come off the public website at its next "
    "update, and are deleted from Steward's records now, so the volunteers no longer see "
    "them either. What the record of the work needs stays, signed \"resident\": a report's "
    "number, category, building and progress, and the volunteers' answers. Your "
    "household's votes still count, and the fees you recorded stay in the accounts (by "
    "building and unit, never a name) with their receipt photos, seen by the volunteers "
    "only: the public accounts are never rewritten, and receipts are kept as accounting "
    "records. The notes you wrote with your fees are deleted. Messages the volunteers "
    "already received in Telegram stay in their chats, and a paper notice already posted "
    "stays up. The server's daily backups still hold what is deleted for up to {days} "
    "days, until each is overwritten; a restore from one deletes it again. If you write to "
    "the bot again, it keeps only your Telegram number, username "
    "and language, as for anyone new, and your name only once you register a household "
    "again. Delete your personal data?")


def done_text(lang: str | None, days: int, withdrawn: int | None, hidden: int | None) -> str:
    """What /forget's Yes tells her once done, as ``db.privacy.forget`` does it: what was
    deleted (her details, her own words everywhere in the store, her photos and voice
    at the media sweep), what of it was waiting (``withdrawn``) or on the website
    (``hidden``: comes off at its next update), what stays and why, and how long the
    backups keep it (``days``). Before, it spoke of the website alone, while the
    question said her words were deleted everywhere, and said nothing of the backups.
    ``withdrawn`` and ``hidden`` None: not known any more (``finish_forget``)."""
    parts = [tr(lang, "Done. Your personal data is deleted: your name, username, language, "
                      "Telegram number and household binding. The words of everything you "
                      "sent are deleted from Steward's records now, and its photos and voice "
                      "messages from the server within about two days.")]
    if withdrawn is None:
        parts.append(tr(lang, "What was waiting for review is withdrawn, and what was on the "
                              "public website comes off it at its next update."))
    else:
        if withdrawn:
            parts.append(tr(lang, "{n} submission(s) waiting for review were withdrawn.",
                            n=withdrawn))
        if hidden:
            parts.append(tr(lang, "{m} published text(s) come off the public website at its "
                                  "next update.", m=hidden))
    parts.append(tr(lang, "What stays, because the record of the work and the accounts cannot "
                          "be rewritten: your reports' number, category, building and "
                          "progress, signed \"resident\"; your household's votes; the fees you "
                          "recorded. Messages the volunteers already received stay in their "
                          "chats."))
    parts.append(tr(lang, "The server's daily backups still hold your data for up to {days} "
                          "days, until each is overwritten; a restore from one deletes it "
                          "again.", days=days))
    parts.append(tr(lang, "Thank you for taking part. If you write to the bot again, it treats "
                          "you as someone new: it keeps only your Telegram number, username "
                          "and language, and your name only once you register a household "
                          "again."))
    return "\n".join(parts)


NOTHING_KEPT = lazy("Nothing is kept about you now (your personal data was already deleted), "
                    "so nothing was done.")


# -- /forget ------------------------------------------------------------------------


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says what /forget deletes and what stays, and asks to confirm (an admin's /forget
    N: how to do it for resident N on the server)."""
    if await for_someone_else(update, context, "forget") or \
            not await in_private(update, context, "forget"):  # her data: not in a group
        return
    person = await person_of(update, context)
    if volunteer_areas(person) or is_admin(person):
        # refused by the domain (db.privacy): say so now, not after a "delete?" question
        # whose Yes then deletes nothing
        await reply(update, error_text(context, PermissionDenied("staff", code="staff_forget")))
        return
    waiting = await read(repo_of(context).count_entries, author=person["id"], status="pending")
    # with nothing waiting, not "your 0 submission(s) still waiting" (您还在等待审核的 0 条内容)
    head = t(context, "This deletes your personal data: your name, username and language, "
                      "your household binding, and your {n} submission(s) still waiting for "
                      "review.", n=waiting) if waiting else \
        t(context, "This deletes your personal data: your name, username and language, and "
                   "your household binding.")
    await reply(update, head + "\n" + t(context, FORGET_WHAT,
                                         days=backup_days(repo_of(context).settings)),
                reply_markup=InlineKeyboardMarkup([
                    [button(t(context, "Yes, delete my personal data"), f"{FORGET}:ok")],
                    [button(t(context, "Cancel"), f"{FORGET}:cancel")]]))
    asked(context, FORGET)  # 确定 typed under it: told nothing is deleted yet (bot.asked)


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Deletes the caller's personal data (``fg:ok``) or leaves it (``fg:cancel``); the
    admins are told her number, for a restore onto a new machine (``bot.privacy_notes``)."""
    if not is_private(update):  # her data: not in a group
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    if not await confirmed(update, context, FORGET):  # not after her no (bot.asked)
        return
    user = update.effective_user
    if user is not None and await read(repo_of(context).person_by_telegram, user.id) is None:
        # its Yes again once she is forgotten (nothing kept of her number): it made a new
        # record of it, deleted that and told every admin of a person #N who never was
        await reply(update, t(context, NOTHING_KEPT), reply_markup=await menu_of(update, context))
        return
    person = await person_of(update, context)
    # Those taken off the site before (/unpublish) are not counted again below.
    before = {e.id for e in await read(repo_of(context).entries, author=person["id"])
              if e.data.get("withheld")}
    try:
        withdrawn = await call(repo_of(context).forget, person["id"])
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return
    if person.get("telegram_id") is not None:  # nor the marks of her messages handled
        await call(forget_marks, repo_of(context), int(person["telegram_id"]))
    for entry in withdrawn:
        await withdraw_posts(context, entry.id)
    forgotten = await read(repo_of(context).person, person["id"]) or {}
    hidden = [e for e in await read(repo_of(context).entries, author=person["id"])
              if e.data.get("withheld") and e.id not in before]
    lang = lang_of(context)
    drop_drafts(context)
    context.user_data.clear()  # type: ignore[union-attr]
    said = done_text(lang, backup_days(repo_of(context).settings), len(withdrawn), len(hidden))
    await reply(update, said, reply_markup=await menu_of(update, context))
    await tell_admins_forgotten(context, person["id"], str(forgotten.get("forgotten") or ""))
    checkpoint_after_step()  # the data folder's files, not only its journal, without her


FORGOTTEN_SINCE = timedelta(days=1)  # how far back finish_forget looks


async def finish_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Her Yes to /forget (``fg:ok``) stored just before the bot stopped: the
    volunteers' posts of what it withdrew are replaced, and she is told her data is
    deleted (before, a post not yet replaced kept her room and words in a volunteer's
    chat for good, and she read "already saved … press Mine"); whether it was such a
    press. Her record is blank now and no longer hers by her Telegram id, so what it
    withdrew is found by its note among those so withdrawn in the last day (another's
    found too is as rightly cleared), and she is told without the counts; the admins are
    told the number of each person forgotten in the last day they were not told of."""
    query = update.callback_query
    if query is None or (query.data or "") != f"{FORGET}:ok":
        return False
    repo = repo_of(context)
    since = (repo.clock() - FORGOTTEN_SINCE).isoformat(timespec="seconds")
    for entry in await read(repo.entries, status=Status.REJECTED):
        last = entry.history[-1] if entry.history else {}
        if entry.data == {"withdrawn": True} and last.get("note") == FORGOTTEN_NOTE and \
                str(last.get("at") or "") >= since:
            await withdraw_posts(context, entry.id)
    lang = lang_of(context)
    drop_drafts(context)
    forgotten = [p for p in await read(repo.people)
                 if str(p.get("forgotten") or "") >= since]
    if context.user_data is not None:
        context.user_data.clear()
    # without the counts: her record no longer tells which were hers
    await reply(update, done_text(lang, backup_days(repo.settings), None, None),
                reply_markup=await menu_of(update, context))
    for person in forgotten:  # the admins not told yet (each told once: notify_once)
        await tell_admins_forgotten(context, person["id"], str(person["forgotten"]))
    checkpoint_after_step()  # the stop came before the checkpoint of her press's step
    return True
