"""The approval queue: /approve N, /reject N reason, the Approve / Reject buttons
(Reject asks for the reason, which goes to the author); /pending lists it
(``queue_list``). What a decision then tells whom is ``verdict``; the volunteers'
group chat that gets an area's posts is linked in ``groups``.

Buttons carry ``q:a:<id>`` or ``q:r:<id>``; the data is parsed strictly and
the repository checks the presser's role in the entry's area, so a forged or
stale button changes nothing. Every copy of a post (private chats, the group)
is edited to show who acted.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler, MessageHandler

from db.entries import MAX_TEXT

from ..commands import Audience, Command, Flow
from ..context import entry_or_none, read, reply, repo_of, t
from ..flows import (
    ALREADY,
    TEXT_INPUT,
    answer,
    clean_text,
    current_draft,
    drop_draft,
    gone,
    new_draft,
    refuse,
    stale_button,
    states,
    typed,
)
from ..force_reply import asked
from ..i18n import lazy
from ..menu import private_menu
from ..moved_posts import pressed_elsewhere, typed_elsewhere
from ..notify import QUEUE_PREFIX
from ..presses import repeated
from ..staff import (
    asks_the_bot,
    entry_ids,
    number_and_text,
    require_staff,
    words,
)
from .ask_author import ASK_BUTTON, REJECT_FLOW, send_question
from .decided import decided_by_presser, remember_pressed, still_waiting
from .money_steps import PRIVATE_WHAT, REGISTERED_NAME, names_a_room
from .queue_decide import approve_entry, decidable, reject_entry
from .queue_list import pending
from .queue_page import HANDLERS as PAGE_HANDLERS
from .reject_reason import (
    ASKED,
    asked_again,
    left_for_another,
    reason_asked,
    shown_back,
    to_show_back,
)
from .verdict import approved, approved_pressed, offer_answer, rejected

__all__ = ["COMMANDS", "HANDLERS", "approve_entry", "reject_entry", "approved", "rejected",
           "remember_pressed",
           "decidable"]

FLOW = REJECT_FLOW  # the flow that asks for the reason of a rejection (bot.flows)
(REASON,) = states(FLOW, "reason")
SEPARATE_FLOW = "separate"  # ... and the reason a possible double fee is a separate payment
(SEPARATE_REASON,) = states(SEPARATE_FLOW, "reason")
BUTTON = re.compile(rf"^{QUEUE_PREFIX}:([arsb]):([0-9]{{1,9}})$")
ASK = {FLOW: lazy("Why is #{id} rejected? Write the reason in a sentence; the author will see "
                  "it, e.g. \"the photo is not clear, please take another\". To reject "
                  "nothing, send 取消 (cancel)."),
       SEPARATE_FLOW: lazy("Why is #{id} a separate payment? Reply with the reason (it is "
                           "published with the line), or reply 取消 (cancel).")}

SEPARATE_ASKED = lazy("\"{reason}\" reads like a question, so #{id} is not approved yet. The "
                      "reason is published with the line: write why this is a separate payment, "
                      "e.g. \"补交上半年欠费\". To use these words after all, send them again.")

# -- /approve, /reject ----------------------------------------------------------------


async def approve(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/approve N [M ...]: approves entries by number."""
    person = await require_staff(update, context)
    if person is None:
        return
    ids = entry_ids(words(update))  # 12 13, 12,13, 12，13, 12、13: each once
    if ids is None:
        await reply(update, t(context, "Usage: /approve <number>, e.g. /approve 12. Or press "
                                       "\"✅ Approve\" under the entry's message; /pending "
                                       "lists what waits."))
        return
    done, told = [], set[str]()
    for entry_id in ids:
        if await typed_elsewhere(update, context, entry_id, told):  # not this group's area
            continue
        if (entry := await approve_entry(update, context, person, entry_id)) is not None:
            done.append(entry)
    if not done:
        return
    menu = await private_menu(update, context)  # 待审核's count made right again
    if len(done) == 1:
        await reply(update, t(context, "#{id} approved.", id=done[0].id), **menu)
    else:  # one message for them all, not one per number
        await reply(update, t(context, "Approved ({n}): {ids}.", n=len(done),
                              ids=", ".join(f"#{e.id}" for e in done)), **menu)
    for entry in done:  # a question: ✍️ 答复 #N, as under ✅ (verdict.offer_answer)
        await offer_answer(update, context, entry)


async def reject(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/reject N reason: rejects by number; without a reason, asks for it."""
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    entry_id, reason = number_and_text(update)
    if entry_id is None:
        await reply(update, t(context, "Usage: /reject <number> <reason>, e.g. /reject 12 "
                                       "重复的报事. Or press \"❌ Reject\" under the entry's "
                                       "message."))
        return ConversationHandler.END
    if await typed_elsewhere(update, context, entry_id):  # no reason asked, nothing decided
        return ConversationHandler.END
    if not reason:
        return await _ask_reason(update, context, person, entry_id)
    if len(reason) <= MAX_TEXT and to_show_back(reason):  # /reject 534 好: shown back first
        if await decidable(update, context, person, entry_id) is None:
            return ConversationHandler.END
        await shown_back(update, context, new_draft(context, FLOW, id=entry_id), reason)
        return REASON
    await reject_entry(update, context, person, entry_id, reason)
    return ConversationHandler.END


async def separate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/separate N reason: approves a possible double fee as a separate payment;
    without a reason, asks for it."""
    person = await require_staff(update, context)
    if person is None:
        return ConversationHandler.END
    entry_id, reason = number_and_text(update)
    if entry_id is None:
        await reply(update, t(context, "Usage: /separate <number> <reason>, e.g. /separate 12 "
                                       "补交上半年欠费"))
        return ConversationHandler.END
    if await typed_elsewhere(update, context, entry_id):
        return ConversationHandler.END
    if not reason:
        return await _ask_reason(update, context, person, entry_id, SEPARATE_FLOW)
    said = await _reason_unfit(context, entry_id, reason)
    if said:  # typed in one line: asked again as after the button, the fee still waiting
        if await decidable(update, context, person, entry_id) is None:
            return ConversationHandler.END
        new_draft(context, SEPARATE_FLOW, id=entry_id)
        await reply(update, "\n".join([said, t(context, ASK[SEPARATE_FLOW], id=entry_id)]))
        return SEPARATE_REASON
    await _approve_separate(update, context, person, entry_id, reason)
    return ConversationHandler.END


REASON_PRIVATE = lazy("“{words}” is {what}, and the reason is published with the line, for "
                      "good: a person's name, phone, ID number or licence plate is not "
                      "published without their consent. #{id} is not approved yet.")


async def _reason_unfit(context: ContextTypes.DEFAULT_TYPE, entry_id: int, reason: str) -> str:
    """What keeps ``reason`` out of the line of the separate payment #``entry_id``: a
    person's name (registered or not), a phone, a plate (``db.ledger_names``, refused by
    the domain too) or a room of its area; "" when there is none."""
    repo = repo_of(context)
    name = await read(repo.named_person, reason)
    found = ("", name) if name is not None else await read(repo.private_in_line, reason)
    if found is not None:
        what = REGISTERED_NAME if not found[0] else PRIVATE_WHAT.get(found[0],
                                                                      PRIVATE_WHAT["name"])
        return t(context, REASON_PRIVATE, words=found[1], what=t(context, what), id=entry_id)
    entry = await entry_or_none(context, entry_id)
    return await names_a_room(context, entry.area, reason) if entry is not None else ""


async def _approve_separate(update: Update, context: ContextTypes.DEFAULT_TYPE,
                            person: dict[str, Any], entry_id: int, reason: str) -> None:
    entry = await approve_entry(update, context, person, entry_id, separate=reason)
    if entry is not None:
        await reply(update, t(context, "#{id} approved as a separate payment: line {seq}.",
                              id=entry.id, seq=entry.data.get("ledger_seq")),
                    **await private_menu(update, context))  # 待审核's count


async def separate_reason_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Approves the fee waiting for its reason as a separate payment."""
    d = current_draft(context, SEPARATE_FLOW)
    person = await require_staff(update, context)
    if person is None or not d:
        drop_draft(context, SEPARATE_FLOW)
        return ConversationHandler.END
    reason = clean_text(typed(update))
    if not reason:
        await reply(update, t(context, "Please give a reason."))
        return SEPARATE_REASON
    if not await still_waiting(update, context, int(d["id"])):  # decided meanwhile
        drop_draft(context, SEPARATE_FLOW)
        return ConversationHandler.END
    if asks_the_bot(reason) and d.get("question") != reason:  # it would be published
        d["question"] = reason
        await reply(update, t(context, SEPARATE_ASKED, reason=reason, id=d["id"]))
        return SEPARATE_REASON
    named = await _reason_unfit(context, int(d["id"]), reason)  # published with the line
    if named:
        await reply(update, "\n".join([named, t(context, ASK[SEPARATE_FLOW], id=d["id"])]))
        return SEPARATE_REASON
    drop_draft(context, SEPARATE_FLOW)
    await _approve_separate(update, context, person, int(d["id"]), reason)
    return ConversationHandler.END


async def _ask_reason(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any], entry_id: int, flow: str = FLOW) -> object:
    """Checks the caller may decide on the entry, then asks for the reason."""
    entry = await decidable(update, context, person, entry_id)
    if entry is None:
        return ConversationHandler.END
    new_draft(context, flow, id=entry_id)
    text, more = asked(update, reason_asked(update, context, entry, ASK[flow]) if flow == FLOW
                       else t(context, ASK[flow], id=entry_id))
    await reply(update, text, **more)
    return REASON if flow == FLOW else SEPARATE_REASON


async def reason_given(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Rejects the entry waiting for a reason with the text just sent."""
    d = current_draft(context, FLOW)
    person = await require_staff(update, context)
    if person is None or not d:
        drop_draft(context, FLOW)
        return ConversationHandler.END
    reason = clean_text(typed(update))
    if not reason:
        await reply(update, t(context, "Please give a reason."))
        return REASON
    if len(reason) > MAX_TEXT:
        await reply(update, t(context, "That reason is {count} characters long; at most {max} "
                                       "are kept. Please send a shorter one.",
                              count=len(reason), max=MAX_TEXT))
        return REASON
    if not await still_waiting(update, context, int(d["id"])):  # decided meanwhile
        drop_draft(context, FLOW)
        return ConversationHandler.END
    if await shown_back(update, context, d, reason):  # too short, or a question
        return REASON
    drop_draft(context, FLOW)
    await reject_entry(update, context, person, int(d["id"]), reason)
    return ConversationHandler.END


async def question_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Rejects the entry with the reason shown back (a question, or too short), as it is.
    Its ❓ button sends the question to the author instead: the entry waits (``ask_author``)."""
    await answer(update)
    d = current_draft(context, FLOW)
    person = await require_staff(update, context)
    if person is None or not d or not d.get("question"):
        drop_draft(context, FLOW)
        return await gone(update, context)
    drop_draft(context, FLOW)
    if (update.callback_query.data if update.callback_query else "") == ASK_BUTTON:
        await send_question(update, context, person, int(d["id"]), str(d["question"]))
    else:
        await reject_entry(update, context, person, int(d["id"]), str(d["question"]))
    return ConversationHandler.END


# -- buttons ------------------------------------------------------------------------


def _parse(update: Update) -> tuple[str, int] | None:
    query = update.callback_query
    match = BUTTON.match(query.data or "") if query else None
    return (match.group(1), int(match.group(2))) if match else None


async def approve_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Approves (if the presser may) and edits the post; the last one waiting for her
    brings her menu again (``approved_pressed``). Tapped twice: a note on the button."""
    parsed = _parse(update)
    if repeated(update, context):  # tapped twice: a note on the button, no message
        await answer(update, t(context, ALREADY))
        if parsed is not None and await decided_by_presser(update, context, parsed[1]):
            return
    else:
        await answer(update)
    if parsed is None:
        await refuse(update, context)
        return
    person = await require_staff(update, context)
    if person is None or await pressed_elsewhere(update, context, parsed[1]):
        return
    await left_for_another(update, context, parsed[1])  # a reason awaited: not any more
    entry = await approve_entry(update, context, person, parsed[1])
    await approved_pressed(update, context, person, entry)


async def reject_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks who pressed Reject for the reason.

    ❌ tapped twice: asked once, and a note on the button (the question came twice)."""
    parsed = _parse(update)
    if repeated(update, context):
        await answer(update, t(context, ALREADY))
        d = current_draft(context, FLOW)
        if parsed is not None and d and d.get("id") == parsed[1]:
            return REASON  # the question just asked stands
    else:
        await answer(update)
    if parsed is None:
        await refuse(update, context)
        return ConversationHandler.END
    person = await require_staff(update, context)
    if person is None or await pressed_elsewhere(update, context, parsed[1]):
        return ConversationHandler.END
    return await _ask_reason(update, context, person, parsed[1])


async def separate_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks who pressed Separate payment for the reason."""
    await answer(update)
    parsed = _parse(update)
    if parsed is None or parsed[0] != "s":
        await refuse(update, context)
        return ConversationHandler.END
    person = await require_staff(update, context)
    if person is None or await pressed_elsewhere(update, context, parsed[1]):
        return ConversationHandler.END
    return await _ask_reason(update, context, person, parsed[1], SEPARATE_FLOW)


async def shared_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Confirms a registration for a household that has residents (if the presser may)."""
    await answer(update)
    parsed = _parse(update)
    if parsed is None or parsed[0] != "b":
        await refuse(update, context)
        return
    person = await require_staff(update, context)
    if person is None or await pressed_elsewhere(update, context, parsed[1]):
        return
    await left_for_another(update, context, parsed[1])
    entry = await approve_entry(update, context, person, parsed[1], shared=True)
    if entry is not None:  # 待审核's count made right again
        await reply(update, t(context, "#{id} confirmed; the household's other residents "
                                       "were told.", id=entry.id),
                    **await private_menu(update, context))


async def forged_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refuses any other q: data; nothing changes."""
    await answer(update)
    await refuse(update, context)


COMMANDS = [
    Command("pending", "List what waits for approval", pending, audience=Audience.VOLUNTEER,
            order=20, supervisors=True),
    Command("approve", "Approve an entry: /approve N", approve, audience=Audience.VOLUNTEER,
            order=21),
    Command("reject", "Reject an entry: /reject N reason (the author sees the reason)",
            reject, audience=Audience.VOLUNTEER, order=22,
            extra={"title": lazy("Rejection (/reject)")},
            flow=Flow(FLOW, {REASON: [MessageHandler(TEXT_INPUT, reason_given),
                                      CallbackQueryHandler(question_confirmed,
                                                           pattern=f"^{ASKED}:(ok|ask)$"),
                                      *asked_again(FLOW, ASK[FLOW])]},
                      entry_points=[CallbackQueryHandler(reject_button,
                                                         pattern=f"^{QUEUE_PREFIX}:r:")])),
    Command("separate", "Approve a possible double fee as a separate payment: /separate N "
            "reason (published with the line)", separate, audience=Audience.VOLUNTEER, order=22,
            extra={"title": lazy("Separate payment (/separate)")},
            flow=Flow(SEPARATE_FLOW,
                      {SEPARATE_REASON: [MessageHandler(TEXT_INPUT, separate_reason_given),
                                         *asked_again(SEPARATE_FLOW, ASK[SEPARATE_FLOW])]},
                      entry_points=[CallbackQueryHandler(separate_button,
                                                         pattern=f"^{QUEUE_PREFIX}:s:")])),
]

HANDLERS = [
    CallbackQueryHandler(stale_button, pattern=f"^{ASKED}:"),
    CallbackQueryHandler(approve_button, pattern=f"^{QUEUE_PREFIX}:a:"),
    CallbackQueryHandler(shared_button, pattern=f"^{QUEUE_PREFIX}:b:"),
    *PAGE_HANDLERS,  # a page's 📷 and 下一页 (queue_page)
    CallbackQueryHandler(forged_button, pattern=f"^{QUEUE_PREFIX}:"),
]
