"""同意 / 反对 / 弃权 typed alone (not pressed) by a resident, outside a flow.

Before, it got the list of open proposals again (``bot.freetext`` took 同意 for
"vote"), so she typed 同意 again and saw the list again. Now, when she can vote on
exactly one open proposal, she sees that proposal (as /vote shows it) with one button
that casts the choice she typed (``vote:<proposal>:<choice>``, ``bot.handlers.vote``):
nothing is recorded until she presses it. With several, she is asked which one with a
button per proposal (``vt:<proposal>:<choice>``), which shows that proposal with its
button in the same way. A ballot of candidates is not voted with 同意, and a tenant
does not vote on a joint matter of the owners: those are left out. Every press is
checked again (a confirmed resident, a proposal of her area, still open), and the vote
button runs every check of a pressed vote (who may vote, one vote per owner).
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import labels
from db.elections import is_election
from db.entries import Entry, Kind, Status
from db.matters import matter_of_proposal
from db.people import Relation, joint_vote_refusal, relation_of, resident_area
from db.tally import Choice

from ..context import entry_or_none, lang_of, person_of, read, reply, repo_of, t, word
from ..flows import answer, refuse
from ..former_votes import home_vote_by_former
from ..i18n import lazy
from ..keyboards import button, parse_ints
from ..private_only import PRIVATE_BUTTON, is_private
from ..resident import require_resident
from ..words import normalise
from . import relation
from .vote import MAX_LISTED, own_flats, proposal_text, vote_keyboard

__all__ = ["HANDLERS", "TYPED", "offer", "typed_choice", "vote_open", "other_flat"]

PREFIX = "vt"
TYPED = {"同意": Choice.AGREE, "赞成": Choice.AGREE, "我同意": Choice.AGREE,
         "agree": Choice.AGREE, "iagree": Choice.AGREE,
         "反对": Choice.DISAGREE, "我反对": Choice.DISAGREE, "disagree": Choice.DISAGREE,
         "弃权": Choice.ABSTAIN, "我弃权": Choice.ABSTAIN, "abstain": Choice.ABSTAIN}
# The same choice said as people say it: 不同意, 我投反对, 我想改成反对, 改投同意吧, 支持.
# They got the menu's greeting ("请点下方菜单的按钮"), the proposal's notice just above
# (found trying the real ``steward run`` as an elderly resident). The whole message is
# the choice and these words around it, never a sentence that only holds it.
_SAID_CHOICE = re.compile(
    r"(?:我们|我家|我|俺)?(?:还是|就)?(?:想|要)?(?:把票)?(?:改投|改成|改为|改|投|选)?(?:成|为)?"
    r"(?:一票|一个)?(不同意|不赞成|不支持|同意|赞成|支持|反对|弃权)(?:票)?(?:吧|了|的|啊|呀)*")
_CHOICE_WORDS = {"同意": Choice.AGREE, "赞成": Choice.AGREE, "支持": Choice.AGREE,
                 "不同意": Choice.DISAGREE, "不赞成": Choice.DISAGREE,
                 "不支持": Choice.DISAGREE, "反对": Choice.DISAGREE, "弃权": Choice.ABSTAIN}


# A vote for another flat (302那套也投同意, 302也同意): an owner of two flats who voted from
# 301 went on to vote for 302 and was offered to file her words as an opinion (tried as an
# elderly owner of two flats on the demo). Said only to a resident with a vote to cast.
_OTHER_FLAT = re.compile(
    r"(?:我家|我|俺)?(?:的)?(\d{3,4})(?:室|号|房)?(?:那套|那户|那间|这套|的房子|房子|那边)?"
    r"(?:也|还)?(?:要|想)?(?:投|选)?(?:一票|一个)?"
    r"(不同意|不赞成|不支持|同意|赞成|支持|反对|弃权)(?:票)?(?:吧|了|的|啊|呀)*")
OTHER_FLAT = lazy("On the bot you vote for your own household only ({home}). For {room}, its "
                  "owner votes, or a volunteer records the paper signature at the door.")


def other_flat(text: str) -> tuple[str, Choice] | None:
    """The room and the vote of ``text`` said for a flat named by its room (302也同意);
    None when it is no such thing."""
    m = _OTHER_FLAT.fullmatch(normalise(text))
    return (m.group(1), _CHOICE_WORDS[m.group(2)]) if m is not None else None


def typed_choice(text: str) -> Choice | None:
    """The vote ``text`` says, typed alone (同意, 我不同意, 改投反对); None when it is no
    such choice."""
    said = normalise(text)
    if said in TYPED:
        return TYPED[said]
    m = _SAID_CHOICE.fullmatch(said)
    return _CHOICE_WORDS[m.group(1)] if m is not None else None


async def vote_open(context: ContextTypes.DEFAULT_TYPE, area: object) -> bool:
    """Whether a proposal of ``area`` is open for voting: a vote said alone (我同意) at a
    flow's summary is for it, not words of the report or opinion there."""
    return bool(await read(repo_of(context).entries, area=area, kind=Kind.PROPOSAL,
                           status=Status.OPEN))


# What she typed, said once: before, 我同意 got 您打的是“我同意”，也就是投“同意”。 and right
# below 您打的是“同意”，要投的是… (found trying the real ``steward run`` as an elderly
# resident); the proposal shown after a press of which one, it again.
SAID = lazy("You typed \"{choice}\".")
CONFIRM = lazy("This is the proposal it would be for. Nothing is recorded yet: to vote "
               "\"{choice}\" on it, press the button below. (To choose otherwise, type 投票 or "
               "press \"Vote\" in the menu.)")
WHICH = lazy("Several proposals are open for voting: which one is it for? Press it below: you "
             "will see it before your vote is recorded.")
# 我不同意 typed: "您打的是“反对”" said she typed what she did not; her words, then the vote
MEANT = lazy("You typed \"{typed}\": that is a \"{choice}\" vote.")
# her household's vote typed again: it was shown to confirm, 您家已投 at its end
SAME = lazy("Your household votes \"{choice}\" on proposal #{id} already: there is nothing to "
            "press. To change it, press another button below.")
CONFIRM_BUTTON = lazy("✅ Vote \"{choice}\" on #{id}")
GONE = lazy("Proposal #{id} is no longer open for voting. Type 投票 to see the open ones.")


def _votable(person: dict[str, Any], proposals: list[Entry]) -> list[Entry]:
    """The open proposals ``person`` may vote on with a typed choice: not a ballot of
    candidates, nor a joint matter of the owners for a tenant."""
    tenant = joint_vote_refusal(person) == "tenant_no_vote"
    return [p for p in proposals if not is_election(p.data)
            and not (tenant and matter_of_proposal(p.data).joint)]


async def offer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The typed choice's proposal with its vote button, or which proposal; whether the
    message was such a choice from a resident with a proposal to vote on (else /vote's
    list, as before)."""
    message = update.effective_message
    choice = typed_choice(message.text or "") if message is not None else None
    room = other_flat(message.text or "") if message is not None and choice is None else None
    if room is not None:
        choice = room[1]
    if choice is None:
        return False
    who = await person_of(update, context)
    area = resident_area(who)
    if area is None:  # /vote says why not (and what a volunteer may do)
        return False
    repo = repo_of(context)
    proposals = _votable(who, await read(repo.entries, area=area, kind=Kind.PROPOSAL,
                                         status=Status.OPEN))[-MAX_LISTED:]
    if not proposals:
        return False
    said = word(context, labels.CHOICE, choice.value)
    typed = " ".join(((message.text if message else "") or "").split())[:40]
    meant = t(context, SAID, choice=said) + "\n" \
        if normalise(typed) in (normalise(said), choice.value) else \
        t(context, MEANT, typed=typed, choice=said) + "\n"
    note = ""  # her one vote stands for the flat she named too (said once)
    if room is not None:  # 302也同意: one of her own flats (one vote for all), or not hers
        mine = await _room_said(context, who, proposals[0], room[0])
        if mine is None:
            await reply(update, t(context, OTHER_FLAT, room=room[0], home=repo.street.
                                  household_label(str(who.get("household")))))
            return True
        note = mine
    if len(proposals) == 1:
        home = None if relation.hides_home_vote(who, proposals[0]) or await home_vote_by_former(
            context, proposals[0].id, who.get("household"), who["id"]) else who.get("household")
        now = await read(repo.household_vote, proposals[0].id, home) if home else None
        if now == choice.value:  # 我要投同意 again: recorded already, said first
            await reply(update, (note + "\n" if note else "") +
                        t(context, SAME, id=proposals[0].id, choice=said),
                        reply_markup=vote_keyboard(proposals[0].id, lang_of(context)))
            return True
        # the card says it once she voted (您已投), else it is said first
        await _confirm(update, context, who, proposals[0], choice.value,
                       (note + "\n" if note and now is None else "") + meant)
        return True
    await reply(update, (note + "\n" if note else "") + meant + t(context, WHICH),
                reply_markup=InlineKeyboardMarkup([
        [button(f"#{p.id} {p.data.get('title', '')}"[:60], f"{PREFIX}:{p.id}:{choice.value}")]
        for p in proposals]))
    return True


async def _room_said(context: ContextTypes.DEFAULT_TYPE, who: dict[str, Any], proposal: Entry,
                     room: str) -> str | None:
    """What to say of a vote typed for ``room``: "" for her own home's room, that her one
    vote stands for it too when it is another flat of hers (she said she is the owner),
    None when it is no flat her vote stands for."""
    home = str(who.get("household") or "")
    street = repo_of(context).street
    if street.household_label(home).rsplit(" ", 1)[-1] == room:
        return ""
    flats = await read(repo_of(context).vote_households, proposal.id, home) if home else []
    if relation_of(who) != Relation.OWNER or not any(
            street.household_label(h).rsplit(" ", 1)[-1] == room for h in flats if h != home):
        return None
    return await own_flats(context, flats, home)


async def _confirm(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                   proposal: Entry, choice: str, meant: str = "") -> None:
    """``proposal`` as /vote shows it, under what was typed (``meant``: her words, or
    nothing after a press of which proposal), with the one button that casts ``choice`` (the
    vote button of /vote: every check of a press)."""
    said = word(context, labels.CHOICE, choice)
    text = await proposal_text(context, proposal, None if relation.hides_home_vote(
        person, proposal) or await home_vote_by_former(context, proposal.id, person.get(
            "household"), person["id"]) else person.get("household"),
        owner=person["id"] if relation_of(person) == Relation.OWNER else None)
    note = relation.owners_note(context, person, proposal)
    text = f"{text}\n{note}" if note else text
    await reply(update, meant + t(context, CONFIRM, choice=said) + "\n\n" + text,
                reply_markup=InlineKeyboardMarkup([[button(
                    t(context, CONFIRM_BUTTON, choice=said, id=proposal.id),
                    f"vote:{proposal.id}:{choice}")]]))


async def on_pick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the proposal pressed (``vt:<proposal>:<choice>``) with its vote button (not
    in a group: it says how her household voted)."""
    if not is_private(update):
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    await answer(update)
    query = update.callback_query
    fields = ((query.data or "") if query else "").split(":")
    ids = parse_ints(fields[1:2]) if len(fields) == 3 else None
    if not ids or fields[2] not in {c.value for c in Choice}:
        await refuse(update, context)
        return
    who = await require_resident(update, context)
    if who is None:
        return
    person, area = who
    proposal = await entry_or_none(context, ids[0])
    if proposal is None or proposal.kind != Kind.PROPOSAL or proposal.area != area \
            or not _votable(person, [proposal]):
        await refuse(update, context)
        return
    if proposal.status != Status.OPEN:
        await refuse(update, context, t(context, GONE, id=proposal.id))
        return
    await _confirm(update, context, person, proposal, fields[2])


HANDLERS = [CallbackQueryHandler(on_pick, pattern=f"^{PREFIX}:")]
COMMANDS: list[Any] = []
