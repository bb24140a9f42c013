"""The paper notice of an open vote (表决公告): one A4 sheet for the bulletin board
(宣传栏) while an owners' vote or an election is open.

Many elderly owners never open a web page, and the law expects every owner to be
told of a joint decision beforehand (物业管理条例第十四条: 15 days). The monthly
notice (公示单) gives an open vote one line; this sheet gives it a page: its title and
description as the site publishes them (masked by the site's own collection,
``collect_proposals``: never a resident's name, room or phone), what kind of matter
it is (Civil Code art. 278, in plain words) and what it needs in this area's own
numbers (``db.tally.Tally.quorum_needs``, the figures /propose shows), its dates, how
to vote online or on paper, a QR code to its place on the site's votes page, the
turnout so far and who posted it (a role title).

``vote_content`` makes its plain data from a collected area and proposal (the site's
build: ``render.render_area`` draws one for each open vote, linked from the votes
page); ``vote_lookup.vote_notice_for`` collects one area for ``steward notice AREA
--vote N``;
``vote_notice_pdf.render_vote_pdf`` draws it.
"""

from __future__ import annotations

from typing import Any

from .notice_content import area_url

__all__ = ["vote_notice_path", "vote_notices", "vote_url", "vote_content", "printable",
           "PLAIN", "LAYOUT"]

# Bump when ``vote_notice_pdf`` draws differently, so that kept PDFs are drawn again.
LAYOUT = "vote-5"

# What each matter is, in everyday words (the law's own wording is printed beside it).
PLAIN = {
    "rules_of_procedure": "制定或修改业主大会议事规则（业主大会怎样开会、怎样表决）",
    "management_statute": "制定或修改管理规约（全体业主共同遵守的小区公约）",
    "committee_election": "选举业主委员会，或更换业主委员会成员",
    "manager_hiring": "选聘或解聘物业服务企业（物业公司）或其他管理人",
    "use_maintenance_fund": "动用已经交存的维修资金，修房屋和公共设施",
    "raise_maintenance_fund": "筹集维修资金：各户出钱，用来修房屋和公共设施",
    "rebuild": "改建、重建房屋或公共设施",
    "common_parts": "改变公共部分的用途，或者用公共部分做经营（如出租场地、广告位）",
    "other_major": "其他关于共有部分和共同管理的重大事项",
    "everyday": "小区日常事务，不属于业主共同决定的事项",
}


def vote_notice_path(area: str, proposal_id: int) -> str:
    """Where the site keeps an open vote's notice, beside the monthly ones."""
    return f"downloads/{area}/vote-{int(proposal_id)}.pdf"


def vote_url(site_url: str, area: str, proposal_id: int) -> str:
    """What the notice's QR code holds: the vote's place on the area's votes page."""
    return f"{area_url(site_url, area)}votes/#proposal-{int(proposal_id)}" if site_url else ""


def printable(p: dict[str, Any]) -> bool:
    """Whether a collected proposal gets a notice: open, its deadline not yet past."""
    return p.get("status") == "open" and not p.get("overdue") and bool(p.get("numbers"))


def vote_content(area: dict[str, Any], p: dict[str, Any], street: dict[str, Any]
                 ) -> dict[str, Any]:
    """The plain data of an open vote's notice, from the site's collected area and
    proposal (``collect_proposals``: its words already masked as the site shows them)
    and the street's names (``collect_sums.street_info``)."""
    el = p.get("election")
    return {
        "vote_notice": True,  # drawn by ``vote_notice_pdf`` (``notice.draw``)
        "layout": LAYOUT,
        "area": area["id"], "area_name": area["name"],
        "street": f"{street.get('city', '')}{street.get('name', '')}",
        "steward": area.get("steward") or "",
        "id": p["id"], "kind_zh": p["kind_zh"], "title": p["title"],
        "description": p["description"], "budget_fen": p["budget_fen"],
        "election": {"seats": el["seats"],
                     "candidates": [f"{c['n']}. {c['title']}" for c in el["candidates"]]}
        if el else None,
        "matter_zh": p["matter_zh"], "plain": PLAIN.get(p["matter"], "业主共同决定的事项"),
        "needs_zh": p["needs_zh"], "joint": p["joint"], "special": p["special"],
        "numbers": p["numbers"], "opened": str(p["created"])[:10], "deadline": p["deadline"],
        "participation": p.get("participation"), "paper_votes": p.get("paper_votes", 0),
        "posted_role": p.get("posted_role") or "志愿者",
        "url": vote_url(str(street.get("site_url") or ""), area["id"], p["id"]),
        "bot": str(street.get("bot_username") or ""),
        "head": _head(area.get("notices") or []),
    }


def _head(notices: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The ledger's head as the latest monthly notice (公示单) prints it, to compare: its
    line, the first 16 digits of its hash, and whether the street office signed it."""
    head = notices[-1]["head"] if notices else None
    if not head or not head.get("seq"):
        return None
    return {"seq": head["seq"], "hash": str(head["hash"])[:16], "as_of": head.get("as_of", ""),
            "signed": head["signature"]["state"] in ("exact", "covered")}


def vote_notices(area: dict[str, Any], street: dict[str, Any]) -> list[dict[str, Any]]:
    """The notice of each open vote of a collected ``area`` (at collection: the monthly
    notices' drawing, ``notice.NoticeDrawing``, draws them), as ``{"path", "content"}``;
    each such proposal (and its row of ``open_votes``) is given its ``paper_notice``
    path, which the votes page and the overview's 打印张贴 link."""
    out = []
    listed = {v["id"]: v for v in area.get("open_votes") or []}  # the overview's 打印张贴
    for p in area.get("proposals") or []:
        if printable(p):
            p["paper_notice"] = path = vote_notice_path(area["id"], p["id"])
            if p["id"] in listed:
                listed[p["id"]]["paper_notice"] = path
            out.append({"path": path, "content": vote_content(area, p, street)})
    return out
