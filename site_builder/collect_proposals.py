"""An area's proposals and elections, for the site (``site_builder.collect``): the
votes the public sees (turnout while open, never how anyone voted), their
outcome, the opinions on them, and the stages and spending of the projects
they started.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from db import labels, results
from db.electorate import Electorate
from db.entries import PUBLIC_STATUSES, Entry, Kind, Status
from db.matters import matter_of_proposal
from db.played import site_today
from db.tally import Tally, m2, m2_up

from .collect_base import CollectorBase, last_at, photo_refs, status_zh, zh
from .proposals import close_request, closed_early, election, withdrawn

__all__ = ["OVERDUE_ZH", "ProposalCollector", "open_votes", "overdue_votes"]

# A vote still open after its deadline day: the bot closes it at its next run (``db``),
# but until then (the bot down, its job not yet run) the site must not say voting is on.
OVERDUE_ZH = "已过截止日，等待计票"

# Proposals the public sees (defined once, in db.entries).
PUBLIC_PROPOSAL = PUBLIC_STATUSES[Kind.PROPOSAL]


class ProposalCollector(CollectorBase):
    """An area's public proposals (part of ``collect._Collector``)."""

    def proposals(self, area_id: str, entries: list[Entry],
                  lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        votes_by_proposal: dict[int, list[Entry]] = defaultdict(list)
        opinions: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for e in entries:
            if e.kind == Kind.VOTE and e.status == Status.COUNTED:
                votes_by_proposal[int(e.data.get("proposal") or 0)].append(e)
            elif e.kind == Kind.OPINION and e.status == Status.APPROVED and e.data.get("proposal"):
                try:
                    key = int(e.data["proposal"])
                except (TypeError, ValueError):
                    continue
                opinions[key].append({"at": e.created, "text": self.text_of(e),
                                      "corrected": self.corrected.get(e.id)})
        by_project: dict[str, list[dict[str, Any]]] = defaultdict(list)  # lines of each project
        for x in lines:
            if x.get("project"):
                by_project[str(x["project"])].append(x)
        out = []
        # the day the site is drawn as of, as the notices and the waits count it
        today = site_today(self.repo).isoformat()
        for e in entries:
            if e.kind != Kind.PROPOSAL or e.status not in PUBLIC_PROPOSAL:
                continue
            d = e.data
            matter = matter_of_proposal(d)
            # While a vote is open the public sees who took part, never how: no count
            # or area per choice reaches the templates, the downloads or the feed.
            count = self.repo.tally(e.id) if e.status == Status.OPEN else None
            turnout = results.participation(count, matter) if count is not None else None
            outcome = (results.outcome(d["result"])
                       if e.status in (Status.PASSED, Status.FAILED) and d.get("result")
                       else None)
            linked = by_project.get(str(e.id), [])
            stages: list[dict[str, Any]] = [{"at": s.get("at") or "", "stage": s.get("stage") or "",
                       "stage_zh": zh(labels.STAGE, s.get("stage")),
                       "note": self.words(s.get("note")), "role": s.get("role") or "",
                       "photos": self.keep(photo_refs(s.get("photos"))),
                       "progress": bool(s.get("progress"))}  # a photo halfway, stage kept
                      for s in d.get("stages") or []]
            self.stamps.extend(h["at"] for h in e.history)
            self.stamps.extend(str(s["at"]) for s in stages if s["at"])
            chosen = election(e, self.redact)
            deadline = str(d.get("deadline") or "")[:10]
            overdue = e.status == Status.OPEN and bool(deadline) and deadline < today
            out.append({
                "election": chosen, "kind_zh": "选举" if chosen else "提议",
                "id": e.id, "title": self.words(d.get("title")),
                "description": self.words(d.get("description")),
                "budget_fen": int(d.get("budget_fen") or 0), "rule": matter.rule,
                "rule_zh": zh(labels.RULE, matter.rule, None),
                "matter": matter.code, "matter_zh": matter.cite_zh(),
                "needs_zh": matter.needs_zh(), "joint": matter.joint,
                "special": matter.special, "deadline": deadline, "overdue": overdue,
                "status": str(e.status), "status_zh": OVERDUE_ZH if overdue
                else chosen["status_zh"] if chosen else status_zh(e.kind, e.status),
                "created": e.created, "closed_at": last_at(e, str(e.status))
                if e.status != Status.OPEN else None,
                "participation": turnout, "outcome": outcome,
                "numbers": in_numbers(count) if count is not None else None,
                "posted_role": e.author_role,
                "closed_by": e.history[-1].get("role", "") if outcome else "",
                "closed_early": closed_early(d, self.words),
                "close_request": close_request(e, self.words),
                "withdrawn": withdrawn(e, self.words) if e.status == Status.WITHDRAWN else None,
                "paper_votes": self._paper_flats(e.id, votes_by_proposal[e.id]),
                "voters": results.voters(d.get("electorate"), self._unit_label),
                "opinions": opinions.get(e.id, []),
                "project": e.status == Status.PASSED and chosen is None,
                "stage": d.get("stage") or "",
                "stage_zh": zh(labels.STAGE, d.get("stage") or "planned"),
                "stages": stages, "expenses": linked,
                "spent_fen": -sum(x["amount_fen"] for x in linked),
            })
        return out

    def _paper_flats(self, proposal_id: int, votes: list[Entry]) -> int:
        """The flats the counted paper signatures stand for (an owner of several flats
        signs for all of them), in the unit of 涉及 n/m 户 beside it."""
        papers = [v for v in votes if v.data.get("paper")]
        if not papers:
            return 0
        voters = self.repo.voters(proposal_id)
        return sum(_flats_of(voters, v) for v in papers)

    def _unit_label(self, household: str) -> str:
        """A household's building unit as the site names it (never its room)."""
        try:
            return str(self.repo.street.household_label(household, public=True))
        except KeyError:
            return "其他"


def in_numbers(count: Tally) -> dict[str, Any]:
    """What an open vote needs in its area's own numbers (its electorate, frozen when it
    opened), as /propose says them (``Tally.quorum_needs``): for the vote's paper notice."""
    needs = count.quorum_needs
    return {"owners_total": count.owners_total, "households": count.households_total,
            "area_total": m2(count.area_total), "without_area": count.households_without_area,
            "owners": needs[0] if needs else 0, "area": m2_up(needs[1]) if needs else ""}


def _flats_of(voters: Electorate, vote: Entry) -> int:
    """The flats a vote stands for: its owner's (1 for a household outside the electorate,
    which no vote is). By the owner it was stored for: a flat sold while the vote was open
    is its own owner's since (``db.electorate.sell``), the seller's signature for it counts
    for the flats she kept."""
    who = vote.data.get("voter")
    if who not in voters.flats:
        who = voters.voter_of.get(str(vote.data.get("household") or ""))
    return int(voters.flats.get(who, 1)) if who is not None else 1


def open_votes(proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An area's votes under way, for the street's home page and the area's overview
    (``build.slim_area`` empties ``proposals`` and keeps these): what each decides,
    its deadline, and who took part so far against the quorum, never how."""
    return [{"id": p["id"], "title": p["title"], "kind_zh": p["kind_zh"],
             "election": bool(p["election"]), "deadline": p["deadline"],
             "matter_zh": p["matter_zh"], "joint": p["joint"],
             "participation": p["participation"]}
            for p in proposals
            if p["status"] == "open" and p["participation"] and not p.get("overdue")]


def overdue_votes(proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An area's votes past their deadline day that the bot has not closed yet: not
    open any more (no one can vote), not counted yet (``OVERDUE_ZH``)."""
    return [{"id": p["id"], "title": p["title"], "kind_zh": p["kind_zh"],
             "deadline": p["deadline"]}
            for p in proposals if p.get("overdue")]
