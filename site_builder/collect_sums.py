"""Sums over what ``site_builder.collect`` collected (plain data, no store): the spending
linked to each issue, the issues' years and counts by category, an area's figures of a year
(income, spending, each fee period's collection), the last ledger line, the street's own
facts. Split from ``site_builder.collect``, which re-exports the names it had.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from db.duplicate_words import named_reports
from db.places import Street

__all__ = ["YEAR_FEE", "issue_summary", "issue_years", "last_line", "link_duplicates",
           "link_spending",
           "street_info", "year_figures"]


def link_spending(lines: list[dict[str, Any]], issues: list[dict[str, Any]],
                   issue_page: dict[int, str]) -> None:
    """Each ledger line that paid for a report links to the report's page (``issue_page``:
    this year's reports on ``issues``, earlier ones on ``issues-<year>``), and each
    report lists the lines paid for it and what they come to, net of reversals (a
    reversal names the report of the line it reverses)."""
    paid: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for line in lines:
        issue = line.get("issue")
        line["issue_page"] = issue_page.get(issue) if isinstance(issue, int) else None
        if isinstance(issue, int) and line["issue_page"]:
            paid[issue].append(line)
    for i in issues:
        i["spending"] = [{"seq": x["seq"], "page": x["page"]} for x in paid.get(i["id"], [])]
        i["spent_fen"] = -sum(int(x["amount_fen"]) for x in paid.get(i["id"], []))


def issue_years(issues: list[dict[str, Any]]) -> dict[str, Any]:
    """Each issue's year (when it was reported) and page: the latest year on
    ``issues``, each earlier one on ``issues-<year>``."""
    years = {str(i["created"])[:4] for i in issues if str(i["created"])[:4].isdigit()}
    current = max(years, default="")
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i in issues:
        year = str(i["created"])[:4]
        year = year if year.isdigit() else current
        i["year"] = year
        i["page"] = "issues" if year == current else f"issues-{year}"
        counts[year][0 if i["open"] else 1] += 1
    return {"issues_year": current,
            "issue_years": [{"year": y, "page": "issues" if y == current else f"issues-{y}",
                             "count": sum(counts[y]), "open": counts[y][0]}
                            for y in sorted(counts, reverse=True)]}


def link_duplicates(issues: list[dict[str, Any]]) -> None:
    """A report closed as a duplicate links the report it repeats (``duplicate_of``:
    its id and page) when its record or its closing note names another public report
    of the area (#12, ＃12, 同12: ``db.duplicate_words``); otherwise None, and the page
    says only 重复报事."""
    pages = {i["id"]: i["page"] for i in issues}
    for i in issues:
        i["duplicate_of"] = None
        for n in named_reports(i.get("duplicate_hint") or ""):
            if n != i["id"] and n in pages:
                i["duplicate_of"] = {"id": n, "page": pages[n]}
                break


def issue_summary(issues: list[dict[str, Any]]) -> list[tuple[str, str, int, int, int,
                                                               list[float]]]:
    """An area's issues by category, in the order their categories first come:
    (code, label of the first, total, open, done, days each resolved one took), for
    the street's statistics (``_Collector.stats``)."""
    rows: dict[str, list[Any]] = {}
    for issue in issues:
        row = rows.setdefault(issue["category"], [issue["category_zh"], 0, 0, 0, []])
        row[1] += 1
        row[2 if issue["open"] else 3] += 1
        if issue["status"] == "resolved" and issue["age_days"] is not None:
            row[4].append(issue["age_days"])
    return [(code, label, total, open_, done, days)
            for code, (label, total, open_, done, days) in rows.items()]


# What ``year_figures`` reads of a fee period (``forgetting.slim_area`` keeps no more).
YEAR_FEE = ("period", "per", "fee_type", "paid", "amount_fen", "rate_pct", "households",
            "by_unit", "payer_word", "fee_type_zh")


def year_figures(area: dict[str, Any], year: str) -> dict[str, Any]:
    """One area's figures for the street's home page: the year's income and
    spending, and the collection rate of its main fee's latest period that year
    (the fee type most households paid that year). A new year with no fee period of
    its own yet (1 January) takes the year before's: the cell names its period."""
    money = next((y for y in area["years"] if y["year"] == year), None)
    periods = [p for p in area["fees"] if str(p["period"]).startswith(year)] if year else []
    if year.isdigit() and not periods:
        last = str(int(year) - 1)
        periods = [p for p in area["fees"] if str(p["period"]).startswith(last)]
    # the rate of a fee paid per household says the most; then one paid per unit
    periods = [p for p in periods if p["per"] == "household"] or \
        [p for p in periods if p["per"] == "unit"]
    fee = None
    if periods:
        paid: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
        for p in periods:
            households, fen = paid[p["fee_type"]]
            paid[p["fee_type"]] = (households + p["paid"], fen + p["amount_fen"])
        main = max(sorted(paid), key=lambda f: paid[f])
        fee = max((p for p in periods if p["fee_type"] == main), key=lambda p: p["period"])
    # what the area had when the year began (last year's balance, a paper book's): the
    # balance is it + the year's income − its expense, which the year's two alone are not
    start = (money["balance_fen"] - money["income_fen"] + money["expense_fen"]) if money \
        else area["balance_fen"]
    return {"year": year, "income_fen": money["income_fen"] if money else 0,
            "expense_fen": money["expense_fen"] if money else 0, "start_fen": start,
            # a reversal this year of an earlier year's line (the figure may be negative)
            **({"earlier": money["earlier"]} if money and money.get("earlier") else {}),
            "fee": None if fee is None else {"rate_pct": fee["rate_pct"], "paid": fee["paid"],
                                             "households": fee["households"],
                                             "by_unit": fee["by_unit"],
                                             "payer_word": fee["payer_word"],
                                             "fee_type_zh": fee["fee_type_zh"],
                                             "period": fee["period"]}}


def last_line(lines: list[dict[str, Any]]) -> dict[str, Any] | None:
    """An area's latest ledger line, for the street's home page: which area's accounts
    changed lately (``forgetting.slim_area`` empties ``lines`` and keeps this)."""
    if not lines:
        return None
    x = max(lines, key=lambda line: line["seq"])
    return {"seq": x["seq"], "at": x["published_at"], "page": x["page"],
            "kind_zh": x["kind_zh"], "amount_fen": x["amount_fen"]}


def street_info(street: Street) -> dict[str, Any]:
    """The street's names and addresses, as every page has them (``data["street"]``)."""
    return {"id": street.id, "name": street.name, "city": street.city,
            "site_url": street.site_url, "bot_username": getattr(street, "bot_username", "")}
