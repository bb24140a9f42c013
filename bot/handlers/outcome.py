"""How a vote ended, as a resident is told it: short and plain for an elderly
reader. First one line, passed or not; then the numbers (owners and floor area
that took part and agreed); for a proposal that did not pass, why, in one line;
then what happens next (a passed proposal becomes a project whose progress, and
spending when it has a budget, appear on the site and under 账目; one that did
not pass may be proposed again). The full legal explanation stays in the record
and on the site; the resident is given the address of the vote on the site, when
there is one, since "it will appear on the website" names no website.

The area's volunteers (``bot.handlers.closevote``) read the same lines of owners and
floor area, word for word, then the law's rule the vote was decided by (``basis``):
before, they read the record's paragraph (参与表决 2/3 户) and the residents 参加：3 位业主中有
2 位, the same count in other words, which they had to explain."""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db.entries import Entry
from db.matters import matter_of_proposal
from db.people import volunteer_areas
from db.tally import Tally, m2, pct

from ..context import read, repo_of, settings_of
from ..i18n import lazy, tr
from ..notify import PerLanguage

__all__ = ["PLAIN_RESULT", "plain_result", "plain_result_params", "result_url",
           "result_readers"]

# The message residents receive; its parts are written in each language below.
PLAIN_RESULT = lazy("{head}\n{body}")


def result_url(context: ContextTypes.DEFAULT_TYPE, proposal: Entry) -> str:
    """The vote on its area's votes page of the public site ("" without a site)."""
    base = settings_of(context).site_url or repo_of(context).street.site_url
    return (f"{base.rstrip('/')}/areas/{proposal.area}/votes/#proposal-{proposal.id}"
            if base else "")


async def result_readers(context: ContextTypes.DEFAULT_TYPE, area: str) -> list[dict[str, Any]]:
    """The residents of ``area`` told a vote's result in ``PLAIN_RESULT``: all but its
    volunteers, who live there too (a committee's members are owners) and get the full
    account (``closevote``); before, each of them was told the result twice."""
    return [p for p in await read(repo_of(context).people, resident_of=area)
            if p.get("telegram_id") and area not in volunteer_areas(p)]


def plain_result_params(proposal: Entry, result: Tally, url: str = "") -> dict[str, Any]:
    """``PLAIN_RESULT``'s parameters, in both languages (``url``: ``result_url``)."""
    zh, en = plain_result("zh", proposal, result, url), plain_result("en", proposal, result, url)
    return {"head": PerLanguage(zh=zh[0], en=en[0]), "body": PerLanguage(zh=zh[1], en=en[1])}


def plain_result(lang: str, proposal: Entry, result: Tally, url: str = "", *,
                 early: bool = True, basis: bool = False) -> tuple[str, str]:
    """The first line (passed or not) and the rest, in ``lang``; without the line on a
    vote closed early unless ``early`` (the volunteers' first line says it); with the
    rule it was decided by after the counts if ``basis``."""
    d = proposal.data
    election = bool(d.get("election"))
    title = str(d.get("title") or "")
    if election and result.passed:
        head = tr(lang, "✅ Elected: #{id} {title}", id=proposal.id, title=title)
    elif election:
        head = tr(lang, "❌ Nobody was elected: #{id} {title}", id=proposal.id, title=title)
    elif result.passed:
        head = tr(lang, "✅ Passed: #{id} {title}", id=proposal.id, title=title)
    else:
        head = tr(lang, "❌ Not passed: #{id} {title}", id=proposal.id, title=title)
    lines: list[str] = []
    closed = d.get("closed_early") or {}
    if closed and early:
        lines.append(tr(lang, "Voting closed early. Why: {reason} (asked by {asked}, "
                              "confirmed by {confirmed})", reason=closed.get("reason", ""),
                        asked=closed.get("requested_role", ""),
                        confirmed=closed.get("confirmed_role", "")))
    if election:  # who was elected, and with what backing
        lines.append(result.explanation_en if lang == "en" else result.explanation_zh)
    else:
        lines += _numbers(lang, proposal, result)
        if basis:
            lines.append(_basis(lang, proposal))
    if url:
        lines.append(tr(lang, "Every count, on the website: {url}", url=url))
    lines.append(_next(lang, proposal, result))
    return head, "\n".join(line for line in lines if line)


def _numbers(lang: str, proposal: Entry, result: Tally) -> list[str]:
    joint = matter_of_proposal(proposal.data).joint
    with_area = joint and bool(result.area_total)
    took = tr(lang, "Took part: {voted} of {total} owners ({pct}%)",
              voted=result.owners_voted, total=result.owners_total,
              pct=result.participation_pct)
    agreed = tr(lang, "Agreed: {agree} of {voted} ({pct}%). Disagreed: {disagree}. "
                      "Abstained: {abstain}.", agree=result.agree, voted=result.owners_voted,
                pct=pct(result.agree_share_owners), disagree=result.disagree,
                abstain=result.abstain)
    lines = [took]
    if with_area:
        lines.append(tr(lang, "Floor area that took part: {voted} of {total} m² ({pct}%)",
                        voted=m2(result.area_voted), total=m2(result.area_total),
                        pct=pct(result.participation_area)))
    if not result.owners_voted:  # not "0 of 0 (0.0%)": shares of nothing
        lines.append(tr(lang, "Nobody voted."))
    else:
        lines.append(agreed)
    if with_area and result.owners_voted:
        lines.append(tr(lang, "Floor area that agreed: {pct}% of the area that took part",
                        pct=pct(result.agree_share_area)))
    if with_area and result.households_without_area:  # why the area may look low
        lines.append(tr(lang, "Households without a recorded floor area: {n}; they count "
                              "as 0 m².", n=result.households_without_area))
    if not result.passed:
        lines.append(_why(lang, proposal, result))
    return lines


def _basis(lang: str, proposal: Entry) -> str:
    """The rule the vote was decided by: the law's item and what it needs."""
    m = matter_of_proposal(proposal.data)
    if lang == "en":
        return tr(lang, "Basis: {cite}. To pass, {needs}.", cite=m.cite_en(), needs=m.needs_en())
    return tr(lang, "Basis: {cite}. To pass, {needs}.", cite=m.cite_zh(), needs=m.needs_zh())


def _why(lang: str, proposal: Entry, result: Tally) -> str:
    m = matter_of_proposal(proposal.data)
    if not m.joint:
        return tr(lang, "Why not: it needed more than half of those who voted to agree.")
    # At a threshold's edge (30 of 40 owners agree: 75.0%, but 72.2% of the area) a
    # reason for both read as wrong; the one that fell short is named, with its share.
    short = result.quorum_short
    with_area = bool(result.area_total)
    if not with_area:  # not "同意的不够" under 100% agreeing: no area can reach two thirds
        return tr(lang, "Why not: no floor area is recorded for any flat of this area, and "
                        "owners holding two thirds of the floor area must take part, so it "
                        "cannot pass. The flats' areas must be entered first.")
    if short is not None and short[0] and short[1]:
        return tr(lang, "Why not: two thirds had to take part, by number and by floor area; "
                        "only {pct}% of the owners, holding {area}% of the area, did.",
                  pct=result.participation_pct, area=pct(result.participation_area))
    if short is not None and short[0]:
        return tr(lang, "Why not: two thirds of the owners had to take part; only {pct}% did.",
                  pct=result.participation_pct)
    if short is not None and short[1]:
        return tr(lang, "Why not: owners holding two thirds of the floor area had to take "
                        "part; only {pct}% of the area did.",
                  pct=pct(result.participation_area))
    heads, area = result.agree_share_owners, result.agree_share_area
    ok_heads, ok_area = result.agreed
    if ok_heads and not ok_area:
        return tr(lang, "Why not: {need} had to agree by number and by floor area; by floor "
                        "area only {pct}% agreed.", need=tr(lang, _NEED[m.special]), pct=pct(area))
    if ok_area and not ok_heads:
        return tr(lang, "Why not: {need} had to agree by number and by floor area; by number "
                        "only {pct}% agreed.", need=tr(lang, _NEED[m.special]), pct=pct(heads))
    return tr(lang, "Why not: {need} had to agree by number and by floor area; only {pct}% "
                    "by number and {area}% by floor area agreed.",
              need=tr(lang, _NEED[m.special]), pct=pct(heads), area=pct(area))


_NEED = {True: lazy("three quarters or more of those taking part"),
         False: lazy("more than half of those taking part")}


def _next(lang: str, proposal: Entry, result: Tally) -> str:
    d = proposal.data
    if d.get("election"):
        if result.passed:
            return tr(lang, "What happens next: the elected take up their role once an "
                            "admin confirms it.")
        return tr(lang, "What happens next: the volunteers may hold the election again.")
    if not result.passed:
        # (not "the committee": a party branch or the community may run the area)
        return tr(lang, "What happens next: the volunteers may propose it again, changed or "
                        "as it is.")
    if int(d.get("budget_fen") or 0) > 0:
        return tr(lang, "What happens next: it becomes a project. Its progress and every "
                        "payment for it will appear on the website and under \"Accounts\" "
                        "in the menu.")
    return tr(lang, "What happens next: it becomes a project. Its progress will appear on "
                    "the website.")
