"""/paper on a vote it cannot record on, said as /paper's own answer: a vote of another
area (“只有本小区的志愿者可以这样操作…请检查编号有没有写错（发送 /pending 可以查看您区域待审核
的内容）”, a pointer to the approval queue), or a vote that has ended (“这个提议的投票已经结
束。”, which vote, and how it ended, not said). Now each names the vote, and says where
the open votes are: /paper alone lists them."""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db.elections import is_election
from db.entries import Entry, Status
from db.people import is_volunteer_of

from ..context import lang_of, status_word, t
from ..i18n import lazy, listing
from ..staff import area_name, staff_areas

__all__ = ["not_open_here", "ELSEWHERE", "ENDED", "ELECTION_ENDED"]

ELSEWHERE = lazy("#{id} is a vote of {area}, not one of your areas ({areas}): nothing was "
                 "recorded. Send /paper to see the votes open in your areas.")
ENDED = lazy("Voting on #{id} {title} has ended ({status}): paper signatures can no longer "
             "be recorded. Send /paper to see the votes open now.")
ELECTION_ENDED = lazy("The election #{id} {title} has ended: paper ballots can no longer be "
                      "recorded. Send /paper to see the votes open now.")


async def not_open_here(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                        proposal: Entry) -> str | None:
    """Why ``person`` cannot record paper signatures on ``proposal`` (a proposal), or
    None when she can."""
    if not is_volunteer_of(person, proposal.area):
        areas = [await area_name(context, a) for a in await staff_areas(context, person)]
        return t(context, ELSEWHERE, id=proposal.id,
                 area=await area_name(context, proposal.area),
                 areas=listing(lang_of(context), areas) or "—")
    if proposal.status != Status.OPEN and is_election(proposal.data):  # no 通过 / 未通过
        return t(context, ELECTION_ENDED, id=proposal.id,
                 title=str(proposal.data.get("title") or ""))
    if proposal.status != Status.OPEN:
        return t(context, ENDED, id=proposal.id, title=str(proposal.data.get("title") or ""),
                 status=status_word(context, proposal.kind, proposal.status))
    return None

