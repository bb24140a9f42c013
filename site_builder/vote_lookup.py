"""``steward notice AREA --vote N``: the paper notice (表决公告, ``vote_notice``) of one
open vote, collected as the site collects its area (its words masked as the votes page
shows them), or why there is none."""

from __future__ import annotations

from typing import Any

from db.entries import Kind
from db.errors import NotFound
from db.hidden_names import hide_all

from .collect import area_proposals
from .collect_sums import street_info
from .heads import collect_heads
from .notice_content import NoticeError, area_notices, area_of
from .vote_notice import printable, vote_content

__all__ = ["vote_notice_for"]


def vote_notice_for(repo: Any, area_id: str, proposal_id: int) -> dict[str, Any]:
    """The notice of open vote ``proposal_id`` of ``area_id``, collected as the site
    collects it; ``NoticeError`` (Chinese / English) for an unknown area or vote, one of
    another area, or one that is not open."""
    area = area_of(repo, area_id)
    try:
        entry = repo.entry(proposal_id)
    except NotFound:
        entry = None
    if entry is None or entry.kind != Kind.PROPOSAL:
        raise NoticeError(f"there is no vote #{proposal_id}",
                          f"没有第 {proposal_id} 号表决（提议或选举）。")
    if entry.area != area.id:
        raise NoticeError(f"vote #{proposal_id} belongs to {entry.area}, not {area.id}",
                          f"第 {proposal_id} 号表决属于 {entry.area}，不是{area.name}"
                          f"（{area.id}）的。")
    found = [p for p in area_proposals(repo, area.id) if p["id"] == entry.id]
    if not found or not printable(found[0]):
        state = found[0]["status_zh"] if found else "未公开"
        state_en = found[0]["status"] if found else "not published"
        if found and found[0].get("overdue"):
            state_en = "past its deadline, waiting to be counted"
        raise NoticeError(f"vote #{proposal_id} is not open (it is {state_en}); a notice is "
                          f"for a vote still open",
                          f"第 {proposal_id} 号表决不在进行中（现在：{state}），表决公告只为"
                          f"进行中的表决打印。")
    lines = repo.ledger(area.id)  # the latest monthly notice's head, as the site's
    notices = area_notices(repo, area.id, lines, hide_all(repo.entries(area=area.id)),
                           collect_heads(repo)) if lines else []
    return vote_content({"id": area.id, "name": area.name, "steward": area.steward,
                         "notices": notices[-1:]}, found[0], street_info(repo.street))
