"""Parts of 我的 (``bot.handlers.mine``) beside the list of what the person sent: the
fees her household paid, the open reports she said "me too" to, and, for a volunteer,
the paper signatures she recorded door to door for households, summed up per vote; and
the latest step a volunteer took on each of her reports (``latest_steps``).

A grid worker who collected signatures read ten lines of 投票 (for others) under 我的
and nothing of her own (found with steward chat as the demo's grid worker 900301)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.money import format_fen
from db.people import resident_area
from db.proxy import household_reports
from db.public_words import public_words
from db.withheld import WITHDRAWN_NOTE as UNPUBLISHED_NOTE

from ..context import lang_of, read, repo_of, status_word, t, word
from ..flows import short
from ..i18n import lazy, listing

__all__ = ["fees_paid", "backed_lines", "split_recorded", "recorded_lines", "household_lines",
           "latest_steps"]

MAX_FEES = 6  # the household's latest fees shown
MAX_BACKED = 5  # open reports said "me too" to, shown
MAX_VOTES = 5  # votes whose paper signatures are summed up
ORDER = {"agree": 0, "disagree": 1, "abstain": 2}
MAX_NOTES = 50  # the newest progress notes of an area looked at for 我的


def split_recorded(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(the person's own entries, the paper signatures and ballots she recorded for
    households), each in the order given."""
    own: list[Entry] = []
    signed: list[Entry] = []
    for e in entries:
        (signed if e.kind == Kind.VOTE and e.data.get("paper") else own).append(e)
    return own, signed


async def recorded_lines(context: ContextTypes.DEFAULT_TYPE, signed: list[Entry]) -> list[str]:
    """"Paper signatures you recorded for households:" then a line per vote, newest
    first: "#532 修自行车棚：12 户（同意 8、反对 3、弃权 1）" and, while it is open, /paper 532."""
    if not signed:
        return []
    by_vote: dict[int, list[Entry]] = {}
    for e in reversed(signed):
        by_vote.setdefault(int(e.data["proposal"]), []).append(e)
    lines = [t(context, "Paper signatures you recorded for households:")]
    for pid, votes in list(by_vote.items())[:MAX_VOTES]:
        try:
            proposal = await read(repo_of(context).entry, pid)
            title = short(proposal.data.get("title"), 30)
            is_open = proposal.status == Status.OPEN
        except DomainError:  # a proposal not at hand: its number alone
            title, is_open = "", False
        homes = len({v.data.get("household") for v in votes})
        if any("backs" in v.data for v in votes):  # an election's ballots: no 同意 to count
            line = t(context, "#{id} {title}: paper ballots of {n} households", id=pid,
                     title=title, n=homes)
        else:
            counts = Counter(str(v.data.get("choice")) for v in votes)
            parts = t(context, ", ").join(
                f"{word(context, labels.CHOICE, c)} {counts[c]}"
                for c in sorted(counts, key=lambda c: ORDER.get(c, len(ORDER))))
            line = t(context, "#{id} {title}: {n} households ({choices})", id=pid,
                     title=title, n=homes, choices=parts)
        if is_open:
            line += t(context, " — /paper {id} lists who has not voted yet", id=pid)
        lines.append(line)
    if len(by_vote) > MAX_VOTES:
        lines.append(t(context, "…and {count} earlier votes: /mydata sends you all of them.",
                       count=len(by_vote) - MAX_VOTES))
    return lines


EARLIER_FEES = lazy("The fees recorded for this flat before your household lived there are its "
                    "former residents' and are not shown here.")
PAID_NOW = lazy("This flat's {fees} for the present period is paid already.")
BEFORE_FEES = lazy("The fees recorded for this flat before your household registered are not "
                   "shown here (who lived here then is not known).")


async def fees_paid(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> list[str]:
    """"Your household has paid: 卫生费 2025 ¥120（第 12 笔）", from the accounts (what a
    volunteer collected door to door, too); empty when nothing is booked. Only since her
    household began (``db.home_records``): a newcomer to a flat that changed hands read
    the former owner's payments there; now a line says those are not shown, and which
    fee of the flat for the present period is paid (not by whom, nor how much)."""
    if not person.get("household") or resident_area(person) is None:
        return []
    home = await read(repo_of(context).home_fees, person["household"], person["id"])
    paid = home["fees"]
    out = []
    if paid:
        shown = [t(context, "{fee} {period} {amount} (line {seq})",
                   fee=word(context, labels.FEE_TYPE, p["fee_type"]), period=p["period"],
                   amount=format_fen(p["amount_fen"]), seq=p["seq"])
                 for p in paid[-MAX_FEES:]]
        out.append(t(context, "Your household has paid: {fees}",
                     fees=t(context, "; ").join(shown)))
    if home["earlier"]:
        said = t(context, EARLIER_FEES if home.get("former") else BEFORE_FEES)
        if home["paid_now"]:
            said += t(context, PAID_NOW, fees=listing(lang_of(context), (
                word(context, labels.FEE_TYPE, f) for f in home["paid_now"])))
        out.append(said)
    return out


async def backed_lines(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> list[str]:
    """The open reports of the resident's area she pressed "me too" on, as the report
    flow offered them (#147（已受理，2 户反映）：…): 我的 said she had sent nothing still
    open right after she joined one (found trying the bot as a resident)."""
    area = resident_area(person)
    if area is None:
        return []
    backed = [e for e in await read(repo_of(context).open_issues, area)
              if person["id"] in e.data.get("me_too", [])][-MAX_BACKED:]
    if not backed:
        return []
    # others' reports, as the site shows them (not the words of someone forgotten)
    public = await read(public_words, repo_of(context), backed)
    return [t(context, "Reports you said \"Me too\" to, still open:"), *(
        t(context, "#{id} ({status}, {count} households): {text}", id=e.id,
          status=status_word(context, e.kind, e.status),
          count=len(e.data.get("me_too", [])) + 1,
          text=short(public[e.id], 120)) for e in reversed(backed))]




async def household_lines(context: ContextTypes.DEFAULT_TYPE,
                          person: dict[str, Any]) -> list[str]:
    """The reports a volunteer recorded for her household (代办) or that she follows, newest
    first, with where each stands: a retired resident who reported the stairway light to
    her grid worker at the door, then registered, read 您提交的内容：住户登记 alone under
    我的, and nowhere whether the light was fixed."""
    repo = repo_of(context)
    found = await read(household_reports, repo, person, MAX_BACKED)
    if not found:
        return []
    public = await read(public_words, repo, found)
    return [t(context, "Reports recorded for your household, or that you follow:"), *(
        t(context, "#{id} ({status}): {text}", id=e.id,
          status=status_word(context, e.kind, e.status), text=short(public[e.id], 120))
        for e in reversed(found))]


async def latest_steps(context: ContextTypes.DEFAULT_TYPE,
                        entries: list[Entry]) -> dict[int, tuple[str, str, str]]:
    """Issue id -> (when, who, note) of the latest public note a volunteer put on each
    problem report: a step (已联系电工, 已修好) or a further progress note. 我的 said only
    处理中, not what was done (found in the elderly residents' trial)."""
    issues = [e for e in entries if e.kind == Kind.ISSUE and e.status != Status.PENDING]
    found: dict[int, tuple[str, str, str]] = {}
    for e in issues:
        steps = [(str(h.get("at") or ""), str(h.get("role") or ""), str(h["note"]))
                 for h in e.history if h.get("note") and h.get("by") != e.author
                 and h["note"] != UNPUBLISHED_NOTE]  # her /unpublish's: said in her words
        if steps:
            found[e.id] = max(steps)
    repo = repo_of(context)
    for area in sorted({e.area for e in issues}):
        # A note on a report is made after it: none older than the oldest report here
        # is read (older years' partitions are not in memory: 15 ms a /mine on the bench)
        notes = await read(repo.entries, area=area, kind=Kind.PROGRESS_NOTE,
                           status=[Status.PUBLISHED], limit=MAX_NOTES,
                           after=min(e.id for e in issues if e.area == area))
        for n in notes:
            issue = n.data.get("issue")
            if isinstance(issue, int) and n.data.get("text") and \
                    any(e.id == issue for e in issues):
                step = (n.created, str(n.author_role or ""), str(n.data["text"]))
                found[issue] = max(found.get(issue, step), step)
    return found
