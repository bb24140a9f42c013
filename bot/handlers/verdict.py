"""What follows a volunteer's decision on an entry (``bot.handlers.queue``; after a
restart, ``queue_saved``): every copy of its post edited to show who decided and
how, its author told (why, for a rejection), and for a fee its household's
receipt (or the reversal of it), for a registration the household's residents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.money import format_fen

from ..context import read, reply, repo_of, t
from ..flows import short
from ..freetext import FLOW_BUTTONS, FLOW_DATA
from ..i18n import lazy, tr
from ..keyboards import button, go_data
from ..menu import private_menu
from ..moved_words import tell_moved_out
from ..notify import mark_decided, notify_author_once, notify_household
from ..post_notes import summarised
from ..resident import choose_household, said_markup
from .answers import PREFIX as ANSWER_PREFIX
from .decided import (
    APPROVED_BY,
    APPROVED_LINE,
    REJECTED_BY,
    REJECTED_BY_GROUP,
    REJECTED_BY_ROLE,
    remember_pressed,
    who_of,
)
from .field_note_held import after_approval
from .follow import TO_FOLLOWERS, follow_approved, follow_household, notify_followers
from .money_steps import replace_markup, schedule_of
from .registration import CLAIMED
from .verdict_said import (
    CONFIRMED_PHOTOS,
    CONFIRMED_SAID,
    CONFIRMED_SAID_PHOTOS,
    photos_gone,
    report_photos,
    said_while_waiting,
    voice_while_waiting,
)

__all__ = ["approved", "rejected", "approved_pressed", "offer_answer", "money_words",
           "APPROVED_FOR_AUTHOR",
           "REJECTED_FOR_AUTHOR", "REJECTED_MONEY", "FEE_BOOKED", "FEE_REVERSED",
           "ONE_MORE_RESIDENT"]

APPROVED_FOR_AUTHOR: dict[str, str] = {
    # with the household: after a change of household she read only 您的住户登记已确认
    Kind.REGISTRATION: lazy("Your household registration ({household}) was confirmed. You can "
                            "now report problems, vote and record the fees you paid."),
    Kind.ISSUE: lazy("Your report #{id} was approved and is now public. You will hear "
                     "from us as work goes on."),
    Kind.OPINION: lazy("Your opinion #{id} was approved and is now public."),
    Kind.FEE_INCOME: lazy("Your fee record #{id} ({fee} {period}, {amount}) was confirmed: it "
                          "is line {seq} of the public accounts."),
    Kind.EXPENSE: lazy("Your expense #{id} ({purpose}, {amount}) was approved: it is line {seq} "
                       "of the public accounts."),
    Kind.REVERSAL: lazy("Your reversal #{id} was approved: line {seq} of the public accounts "
                        "corrects line {original}."),
    Kind.CORRECTION: lazy("Your correction #{id} was approved; the website now shows the "
                          "corrected text, marked as corrected."),
    Kind.MEETING: lazy("Your minutes #{id} were approved by a second volunteer and are now "
                       "on the area's page."),
    Kind.QUESTION: lazy("Your question #{id} was checked and is now public. You will be told "
                        "when a volunteer answers it."),
}
# ... a correction she said by voice: what the volunteer typed from it, which the site shows
CORRECTION_FROM_VOICE = lazy("Your correction #{id} was approved: a volunteer listened to your "
                             "voice message and typed it. The website now shows, in place of "
                             "the words of #{corrects}, marked as corrected: {text}")
# A fee's reversal approved: its author is told to record the right fee now (not before:
# the line reversed counted as paid until now; ``bot.handlers.reverse``).
FEE_REVERSAL_APPROVED = lazy("Your reversal #{id} was approved: line {seq} of the public "
                             "accounts corrects line {original}. If the fee was collected and "
                             "only recorded wrong, record the right one now with the button "
                             "below: the public accounts will say it replaces line "
                             "{original}.")
# ... an expense's: what the button under it does (it read only 公开账目第 78 笔冲正第 77 笔,
# a button below saying nothing of why to press it), filled in from the line when it can be
# (``replacing.fill_expense``: the line has its invoice photo)
EXPENSE_REVERSAL_APPROVED = {
    True: lazy("Your reversal #{id} was approved: line {seq} of the public accounts corrects "
               "line {original}. If the money was paid and only recorded wrong, record the "
               "right one with the button below: it is filled in from line {original}, you "
               "type the right amount; the public accounts will say it replaces line "
               "{original}."),
    False: lazy("Your reversal #{id} was approved: line {seq} of the public accounts corrects "
                "line {original}. If the money was paid and only recorded wrong, record the "
                "right one with the button below: the public accounts will say it replaces "
                "line {original}."),
}
# ... a fee's, when the right one will be filled in from it (``replacing.fill_fee``: its
# fee still in the area's schedule)
FEE_REVERSAL_FILLED = lazy("Your reversal #{id} was approved: line {seq} of the public "
                           "accounts corrects line {original}. If the fee was collected and "
                           "only recorded wrong, record the right one now with the button "
                           "below: it is filled in from line {original}, you type the right "
                           "amount; the public accounts will say it replaces line {original}.")
# ... an opening balance's, booked with the right one in its place (``db.accounts``): no
# button (the expense's read 请点下面的按钮登记正确的一笔, for an opening balance)
OPENING_REVERSAL_APPROVED = lazy("Your reversal #{id} was approved: line {seq} of the public "
                                 "accounts reverses the opening balance of line {original}, "
                                 "and the right one is booked in its place as line {right}. "
                                 "Nothing more to record.")
REJECTED_FOR_AUTHOR = lazy("Your {kind} #{id} was not approved. Reason: {reason}")
# A money entry's author (a treasurer with a dozen of them) is told which one it was.
REJECTED_MONEY = {
    Kind.FEE_INCOME: lazy("Your fee record #{id} ({fee} {period}, {amount}) was not approved. "
                          "Reason: {reason}"),
    Kind.EXPENSE: lazy("Your expense #{id} ({purpose}, {amount}) was not approved. "
                       "Reason: {reason}"),
}
# ... a volunteer's own fee collected door to door or expense: which household, and what
# to do now (a treasurer told only "not approved" did not know whether to record it again).
REJECTED_RECORD = {
    Kind.FEE_INCOME: lazy("Your fee record #{id} ({fee} {period}, {payer}, {amount}) was not "
                          "approved. Reason: {reason}\nIt is not in the accounts. If the money "
                          "was collected, record it again with /income, as the reason says."),
    Kind.EXPENSE: lazy("Your expense #{id} ({purpose}, {amount}) was not approved. Reason: "
                       "{reason}\nIt is not in the accounts. If the money was spent, record it "
                       "again with /expense, as the reason says."),
}


# ... a resident's own report, opinion or fee report: what she can do now, with the button
# that does it (told only the reason, she did not know whether or how to send it again).
REJECTED_AGAIN = {
    Kind.ISSUE: (lazy("Your {kind} #{id} was not approved. Reason: {reason}\nIf the problem "
                      "is still there, you can report it again as the reason says: press the "
                      "button below."), "report"),
    Kind.OPINION: (lazy("Your {kind} #{id} was not approved. Reason: {reason}\nYou can write "
                        "it again as the reason says: press the button below."), "opinion"),
    # a public question (a phone number in it, say): she read the reason and no way back
    Kind.QUESTION: (lazy("Your {kind} #{id} was not approved. Reason: {reason}\nYou can write "
                         "it again as the reason says: press the button below."), "ask"),
    Kind.FEE_INCOME: (lazy("Your fee record #{id} ({fee} {period}, {amount}) was not approved. "
                           "Reason: {reason}\nIt is not in the accounts. If you did pay, record "
                           "it again as the reason says (a clearer photo of the receipt, say): "
                           "press the button below."), "pay"),
}


def _again_button(command: str, data: str = "") -> Callable[[str], InlineKeyboardMarkup]:
    """The button that starts ``command``'s flow again (``go:<command>``, or ``data``), in
    a language."""
    return lambda lang: InlineKeyboardMarkup([[button(tr(lang, FLOW_BUTTONS[command]), data or
                                                      FLOW_DATA.get(command, go_data(command)))]])


# ... and approved: which household's it was
APPROVED_COLLECTED = lazy("Your fee record #{id} ({fee} {period}, {payer}, {amount}) was "
                          "confirmed: it is line {seq} of the public accounts.")
# ... a fee or an expense recorded in place of a reversed line: that it now stands for it
# (its author read only 在公开账目中是第 N 笔, not whether it was linked to the line reversed)
APPROVED_REPLACING = {
    Kind.FEE_INCOME: lazy("Your fee record #{id} ({fee} {period}, {payer}, {amount}) was "
                          "confirmed: it is line {seq} of the public accounts, in place of "
                          "line {replaced}, which was reversed; the accounts link the two."),
    Kind.EXPENSE: lazy("Your expense #{id} ({purpose}, {amount}) was approved: it is line "
                       "{seq} of the public accounts, in place of line {replaced}, which was "
                       "reversed; the accounts link the two."),
}


def _payer(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """Whose fee a volunteer collected door to door (``collected``): the household, the
    unit or the area; "" for any other entry."""
    d = entry.data
    if entry.kind != Kind.FEE_INCOME or not d.get("collected"):
        return ""
    street = repo_of(context).street
    return str(street.household_label(d["household"])) if d.get("household") else \
        str(d.get("unit_label") or street.area(entry.area).name)


Told = tuple[str, dict[str, Any], Callable[[str], InlineKeyboardMarkup] | None]


def _rejected_msgid(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> Told:
    """What the author of rejected ``entry`` is told, its parameters beside
    ``money_words``, and its buttons: a volunteer's fee (``collected``) or expense with
    what to do now; a registration, choosing the household anew; a resident's report,
    opinion or fee report, the button that sends it again."""
    payer = _payer(context, entry)
    if entry.kind == Kind.EXPENSE or payer:
        return REJECTED_RECORD[entry.kind], {"payer": payer}, None
    if entry.kind == Kind.REGISTRATION:
        return REJECTED_FOR_AUTHOR, {}, choose_household
    if entry.kind in REJECTED_AGAIN and not entry.data.get("proxy"):
        msgid, command = REJECTED_AGAIN[entry.kind]
        # her question written in again, to send as it was or changed (bot.handlers.ask)
        again = f"ask:again:{entry.id}" if entry.kind == Kind.QUESTION else ""
        return msgid, {}, _again_button(command, again)
    return REJECTED_MONEY.get(entry.kind, REJECTED_FOR_AUTHOR), {}, None


def money_words(entry: Entry) -> dict[str, Any]:
    """What names a fee or an expense to its author: fee, period, amount, purpose."""
    d = entry.data
    if entry.kind not in (Kind.FEE_INCOME, Kind.EXPENSE):
        return {}
    return {"fee": labels.FEE_TYPE.get(d.get("fee_type") or "") or "",
            "period": d.get("period") or "", "amount": format_fen(int(d["amount_fen"])),
            "purpose": " ".join(str(d.get("purpose") or "").split())[:80]}
# To the residents of a household whose fee a volunteer booked: their receipt.
FEE_BOOKED = lazy("Your household's {fee} {period} of {amount} is in the public accounts "
                  "(line {seq}).")
# ... the right one in place of a line reversed (they were told of the reversal): which
FEE_BOOKED_REPLACING = lazy("Your household's {fee} {period} of {amount} is in the public "
                            "accounts (line {seq}), in place of line {replaced}, which was "
                            "reversed.")
# ... and when that line is reversed.
FEE_REVERSED = lazy("Line {original} of the public accounts, your household's {fee} {period} "
                    "of {amount}, was reversed by line {seq}. Reason: {reason}")
# To a reversal's author, when another volunteer recorded the right line in its place
# (``money_steps.offer_replacing``) and it was approved: the button she was sent at the
# reversal's approval is no longer needed (pressed, it would say so).
RIGHT_LINE_RECORDED = lazy("The right line in place of line {original}, which you reversed, "
                           "was recorded by another volunteer and approved: line {seq} of "
                           "the public accounts replaces it. The button “Record the right "
                           "one (replacing line {original})” you were sent is no longer "
                           "needed.")


# To the residents of a household a volunteer confirmed one more resident of.
ONE_MORE_RESIDENT = lazy("A volunteer confirmed one more resident of your household "
                         "{household}. If this is wrong, please tell a volunteer.")


def _home(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """The household a registration is for, as she picked it ("" for another entry)."""
    household = entry.data.get("household") if entry.kind == Kind.REGISTRATION else None
    return str(repo_of(context).street.household_label(household)) if household else ""


def decided_key(entry_id: int) -> str:
    """The ``db.reminders`` key of those told that entry ``entry_id`` was approved or
    rejected (its author, the neighbours following a report): each once, recorded just
    before the message leaves (``bot.notify.send_once``), so a decision handled again
    after a kill (``bot.handlers.queue_saved``) or delivered again tells nobody twice.
    An entry leaves the queue once (``decided.decision_of``)."""
    return f"decided:{entry_id}"


def home_key(entry_id: int) -> str:
    """As ``decided_key``, for the household told of entry ``entry_id`` (a fee booked or
    reversed, one more resident confirmed)."""
    return f"decided:{entry_id}:home"


async def approved(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   person: dict[str, Any], entry: Entry, *, shared: bool = False) -> None:
    """What follows ``person``'s approval of ``entry``: its posts edited, its author
    told (and a household whose fee was booked, or whose residents got one more)."""
    repo = repo_of(context)
    await remember_pressed(update, context, entry.id)  # the presser may: it is approved
    seq = entry.data.get("ledger_seq")
    if seq:
        await mark_decided(context, entry.id, APPROVED_LINE,
                           who=who_of(person, entry.area), seq=seq)
    else:
        await mark_decided(context, entry.id, APPROVED_BY, summarised(entry.data),
                           who=who_of(person, entry.area))
    fee = entry if entry.kind == Kind.FEE_INCOME else \
        await read(repo.entry, entry.data["reverses"]) if entry.kind == Kind.REVERSAL else None
    msgid = APPROVED_FOR_AUTHOR.get(entry.kind)
    if entry.kind == Kind.CORRECTION and entry.data.get("voice"):  # typed from her voice
        msgid = CORRECTION_FROM_VOICE
    if entry.kind == Kind.REVERSAL and fee is not None:  # what its button is for
        msgid = (FEE_REVERSAL_FILLED if _in_schedule(repo, fee) else FEE_REVERSAL_APPROVED) \
            if fee.kind == Kind.FEE_INCOME else OPENING_REVERSAL_APPROVED \
            if fee.kind == Kind.OPENING_BALANCE else \
            EXPENSE_REVERSAL_APPROVED[bool(fee.data.get("receipt"))]
    said, photos = await said_while_waiting(context, entry)
    offered = bool(said or photos)
    told = decided_key(entry.id)  # each once: a press handled again after a kill too
    if offered and entry.author != person["id"]:  # sent while waiting: offered now
        await notify_author_once(context, entry, told, CONFIRMED_SAID_PHOTOS if said and photos else
                            CONFIRMED_SAID if said else CONFIRMED_PHOTOS,
                            markup=said_markup if said else report_photos,
                            said=short(said, 200), count=photos,
                            household=_home(context, entry))
    replaced = entry.data.get("replaces") if entry.kind in (Kind.EXPENSE, Kind.FEE_INCOME) \
        else None
    if not offered and msgid and entry.author != person["id"]:
        payer = _payer(context, entry)
        # a reversal approved: the right line is recorded with a button, replacing it
        markup = replace_markup(entry.area, fee.kind, int(entry.data["line"])) \
            if entry.kind == Kind.REVERSAL and fee is not None and \
            fee.kind != Kind.OPENING_BALANCE else None  # the right opening: booked with it
        msgid = APPROVED_REPLACING[entry.kind] if replaced else \
            APPROVED_COLLECTED if payer else msgid
        await notify_author_once(context, entry, told, msgid, seq=seq, markup=markup,
                            corrects=entry.data.get("corrects"),
                            text=short(entry.data.get("text"), 1500),
                            original=entry.data.get("line"), payer=payer, replaced=replaced,
                            right=int(seq or 0) + 1,  # an opening balance's, booked next
                            household=_home(context, entry), **money_words(entry))
    if not photos and entry.author != person["id"]:
        await photos_gone(context, entry)  # after what says it is confirmed
    if entry.author != person["id"]:
        await voice_while_waiting(context, entry)  # a voice message sent while it waited
    if replaced and seq:
        await _tell_reverser(context, person, entry, int(replaced), int(seq))
    if entry.kind == Kind.ISSUE:  # neighbours who follow it (bot.handlers.follow)
        await notify_followers(context, entry, TO_FOLLOWERS["approve"], exclude=person["id"],
                               key=told)
        await follow_approved(context, entry)  # 代办 while her registration waited: hers now
    household = fee.data.get("household") if fee is not None else None
    if fee is not None and household and fee.kind == Kind.FEE_INCOME:
        words = {"fee": labels.FEE_TYPE.get(fee.data.get("fee_type", "")) or "",
                 "period": fee.data.get("period", ""),
                 "amount": format_fen(int(fee.data["amount_fen"]))}
        if fee is entry:
            await notify_household(context, household,
                                   FEE_BOOKED_REPLACING if replaced else FEE_BOOKED,
                                   exclude=entry.author, key=home_key(entry.id), seq=seq,
                                   replaced=replaced, **words)
        else:  # the receipt they had is taken back: they hear why
            await notify_household(context, household, FEE_REVERSED, key=home_key(entry.id),
                                   seq=seq,
                                   original=fee.data.get("ledger_seq"),
                                   reason=entry.data.get("reason", ""), **words)
    household = entry.data.get("household")
    if entry.kind == Kind.REGISTRATION and "moved_out" in entry.data:  # the flat changed hands
        await tell_moved_out(context, entry)  # its former residents told (bot.moved_words)
    elif entry.kind == Kind.REGISTRATION and shared and household:
        await notify_household(context, household, ONE_MORE_RESIDENT, exclude=entry.author,
                               key=home_key(entry.id),
                               household=repo.street.household_label(household))
    if entry.kind == Kind.REGISTRATION and household:
        await follow_household(context, entry)  # reports recorded at her door before
        # Someone else asked for the same household before this one was confirmed:
        # nobody could be told then. The post of that request says they were.
        # She is told once, by the first such request's key (``claimed:<id>``, as its
        # residents were told of it: ``registration.tell_claimed``), recorded just
        # before it leaves: the approval finished again after a kill sends it no more.
        waiting = await read(repo.entries, area=entry.area, kind=Kind.REGISTRATION,
                             status=Status.PENDING)
        other = next((e for e in waiting if e.data.get("household") == household
                      and e.author != entry.author), None)
        if other is not None:
            await notify_author_once(context, entry, f"claimed:{other.id}", CLAIMED,
                                     household=repo.street.household_label(household))


# A ✅ pressed under a post: the post is edited to show the verdict, and no message
# followed, so the menu under the typing field kept 待审核（3） after the last of them was
# approved (a reply keyboard changes only with a message that carries it). Her last one
# decided, one message says so and brings the menu (待审核, no count); no message for each
# press before it (the post edited says it), nor in the volunteers' group (no menu there).
ALL_DONE = lazy("#{id} approved. Nothing else waits for your approval now.")


async def approved_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           person: dict[str, Any], entry: Entry | None) -> None:
    """After a ✅ press that approved ``entry`` (None: it did not, said already): when
    nothing else waits for ``person``, says so in her private chat with her menu made
    right again."""
    if entry is None:
        return
    if await after_approval(update, context, entry):  # her note on site, kept: asked now
        return
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:
        return
    if not await read(repo_of(context).waiting_count, person["id"]):
        # made only when it is sent: a menu made notes the count her phone shows (bot.menu)
        await reply(update, t(context, ALL_DONE, id=entry.id),
                    **await private_menu(update, context))
    await offer_answer(update, context, entry)


async def offer_answer(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       entry: Entry) -> None:
    """Under a question just approved, in a private chat (✅ pressed or /approve N typed
    alike): ✍️ 答复 #N, as /answer's button."""
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:
        return
    if entry.kind == Kind.QUESTION and entry.status == Status.APPROVED:
        await reply(update, t(context, ANSWER_NOW, id=entry.id), reply_markup=
                    InlineKeyboardMarkup([[button(t(context, "✍️ Answer #{id}", id=entry.id),
                                                  f"{ANSWER_PREFIX}:q:{entry.id}")]]))


# A question approved was public and its asker told 志愿者答复后会通知您, but the post
# said nothing of answering: the volunteer had to know /answer. Its button asks for the
# answer as /answer's does (bot.handlers.answers).
ANSWER_NOW = lazy("Question #{id} is public; its asker waits for an answer. Answer it now "
                  "with the button below, or later with /answer.")


def _in_schedule(repo: Any, fee: Entry) -> bool:
    """Whether the fee's type is still in its area's schedule (the right one in its place
    is then filled in from it)."""
    return bool(fee.data.get("period")) and any(
        f[0] == fee.data.get("fee_type") for f in schedule_of(repo, fee.area))


async def _tell_reverser(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                         entry: Entry, replaced: int, seq: int) -> None:
    """The author of the reversal of line ``replaced`` told that ``entry`` (line ``seq``)
    now replaces it, unless she recorded or approved it herself; once (recorded just
    before it leaves: the approval finished again after a kill sends it no more)."""
    reversals = await read(repo_of(context).entries, area=entry.area, kind=Kind.REVERSAL,
                           status=Status.APPROVED)
    reversal = next((r for r in reversed(reversals) if r.data.get("line") == replaced), None)
    if reversal is not None and reversal.author not in (entry.author, person["id"]):
        await notify_author_once(context, reversal, f"right-line:{entry.id}",
                                 RIGHT_LINE_RECORDED, seq=seq, original=replaced)


async def rejected(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   person: dict[str, Any], entry: Entry, reason: str) -> None:
    """What follows ``person``'s rejection of ``entry``: its posts edited, its author
    told why, and the volunteer told what reached the author."""
    await remember_pressed(update, context, entry.id)
    await mark_decided(context, entry.id, REJECTED_BY, plain=REJECTED_BY_ROLE,
                       grouped=REJECTED_BY_GROUP,
                       who=who_of(person, entry.area),
                       reason=reason)
    if entry.author == person["id"]:
        await reply(update, t(context, "#{id} rejected.", id=entry.id),
                    **await private_menu(update, context))
        return
    msgid, more, again = _rejected_msgid(context, entry)
    told = decided_key(entry.id)  # once: a press handled again after a kill does not
    if entry.author in await read(repo_of(context).reminded, told):  # tell her twice
        parts = 1
    else:
        parts = await notify_author_once(context, entry, told, msgid, markup=again,
                                         kind=labels.KIND[entry.kind], reason=reason,
                                         **money_words(entry), **more)
    if parts == 1:
        text = t(context, "#{id} rejected; the author was told why.", id=entry.id)
    elif parts:
        text = t(context, "#{id} rejected; the author was told why, in {n} messages (the "
                          "reason is long).", id=entry.id, n=parts)
    else:
        text = t(context, "#{id} rejected, but the author could not be told why (they may "
                          "have blocked the bot or left).", id=entry.id)
    await reply(update, text, **await private_menu(update, context))  # 待审核's count
