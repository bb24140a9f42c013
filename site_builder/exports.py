"""Machine-readable files of the site: ledger CSV/JSON per area, a summary,
Open311 GeoReport v2 shaped issues, each area's minutes, public questions and
mode history (``civic.json``), and the Atom feed of published changes.

Each is built with the serializer of its format (``json``, ``csv`` in
``db.exports``, ``xml.etree``), which does that format's escaping; the text
in them was already redacted (``db.redact``): ledger lines before they were
chained, everything else at collection. Every CSV cell goes through
``db.redact.csv_cell``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from db.entries import ISSUE_CATEGORIES
from db.exports import readable_json
from db.lines import found_from
from db.redact import csv_cell

from .blocks import Blocks, machine_files, people_rows
from .heads import head_events

__all__ = ["downloads", "area_downloads", "street_downloads", "atom_feed", "page_url",
           "people_csv", "PEOPLE_COLUMNS", "pack_open311", "Streamed",
           "requests_json", "REQUESTS", "feed_order", "DAY_ONLY"]

FEED_SIZE = 50
# What the feed says of a ledger line's time (``feed_order``), on the pages and in Atom.
DAY_ONLY = "账目只公布日期，不公布几点几分"
OPEN311_STATUS = {"approved": "open", "in_progress": "open", "reopened": "open",
                  "resolved": "closed", "closed": "closed"}


def page_url(site_url: str, area: str, page: str, anchor: str = "") -> str:
    """The address of an area page (directory URLs), absolute when the site URL is known."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    path = f"areas/{area}/" if page == "index" else f"areas/{area}/{page}/"
    return base + path + (f"#{anchor}" if anchor else "")


def feed_order(event: dict[str, Any]) -> tuple[Any, ...]:
    """Where a change stands in the feed, newest first when sorted on this reversed.

    A ledger line is public to the day only (``db.redact.public_line``): it cannot be
    placed among the day's changes that have a time, and placing it by the text of
    its day would put it before the day's first or after its last by chance of
    spelling. So a day's changes with a time come first (newest first), then the
    day's lines, the latest line first; the pages and the feed say so (``DAY_ONLY``).
    Numbers in the key count as numbers: line 10 is after line 9, not before it."""
    at = event["at"]
    return (at[:10], len(at) > 10, at, event["area"],
            [int(part) if n % 2 else part
             for n, part in enumerate(re.split(r"(\d+)", event["key"]))])


def _atom_time(at: str) -> str:
    """An RFC 3339 time for Atom: a day alone (ledger lines are public to the day)
    becomes its midnight in China."""
    return f"{at}T00:00:00+08:00" if len(at) == 10 else at


# The ledger for people: what a resident opens in Excel or WPS.
PEOPLE_COLUMNS = ("序号", "日期", "类型", "类别", "金额（元）", "余额（元）", "用途", "所属期间",
                  "楼栋单元", "收款方", "冲正", "收据照片", "记录", "审核")


def _yuan(fen: int) -> str:
    """Fen as yuan with two decimals, no grouping, so a spreadsheet reads a number."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def _cell(text: Any) -> str:
    """Text a person typed, on one line, never read as a formula by a spreadsheet
    (``db.redact.csv_cell``, the one neutraliser of every CSV)."""
    return str(csv_cell(" ".join(str(text or "").split())))


def people_csv(area: dict[str, Any], site_url: str, blocks: Blocks | None = None) -> bytes:
    """An area's published ledger for people: UTF-8 with a byte-order mark (Excel
    and WPS then read the Chinese), Chinese headers, yuan with two decimals,
    the running balance, and the line numbers the site shows (``blocks``: rows of
    full blocks of lines kept between builds)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(PEOPLE_COLUMNS)

    def row(x: dict[str, Any], balance: int) -> list[Any]:
        said = [f"代替第 {x['replaces']} 笔"] if x.get("replaces") else []
        if x["reverses"]:
            said.append(f"冲正第 {x['reverses']} 笔")
        elif x["reversed_by"]:
            said.append(f"已被第 {x['reversed_by']} 笔冲正" + (
                f"，正确的一笔见第 {x['replaced_by']} 笔" if x.get("replaced_by") else ""))
        if x["kind"] == "lost" or found_from(x) is not None:  # ``db.lost_lines``: where
            said.append(str(x.get("note") or ""))  # the line first published is; found again
        elif x["kind"] == "opening":  # ``db.opening``: why the balance jumps on its row
            said += _opening_said(x)
        note = "；".join(said)
        return [
            x["seq"], x["date"][:10], x["kind_zh"], x["category_zh"], _yuan(x["amount_fen"]),
            _yuan(balance), _cell(x["purpose"]), _cell(x["period"]), _cell(x["household_ref"]),
            _cell(x["payee"]), note, f"{base}media/{x['receipt']}" if x["receipt"] else
            ("收据已核验" if x.get("receipt_checked") else
             "—" if x["kind"] == "lost" else "无收据"),  # as the site says it
            _cell(x["recorded_by"]), _cell(x["approved_by"])]

    rows = people_rows(blocks or Blocks(None, ""), str(area.get("id", "")), area["lines"], row,
                       base)
    return ("\ufeff" + out.getvalue() + rows).encode("utf-8")


def _opening_said(x: dict[str, Any]) -> list[str]:
    """What the residents' CSV says of an opening balance's line: what the money is and,
    booked after lines dated later (it is dated the day the paper book closed), that the
    balances of the rows above it leave it out: the site's balances by date count it
    from its date. And its note (the paper book it came from), as the site shows it."""
    said = [f"纸质账本到 {str(x.get('as_of') or x['date'])[:10]} 结存的钱，不算收入"]
    if int(x["seq"]) > 1:
        said.append(f"{x.get('published_at') or ''} 才记入账本，排在第 {x['seq']} 笔："
                    "上面各行的余额都不含这笔")
    if x.get("note"):
        said.append(_cell(x["note"]))
    return said


def _json(doc: Any) -> bytes:
    return readable_json(doc).encode()


def _item(value: Any) -> str:
    """One item of a list as ``readable_json`` writes it."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_MEETING_KEYS = ("id", "kind", "kind_zh", "date", "place", "roles", "residents", "topics",
                 "decisions", "issues", "proposals", "recorded_by", "approved_by",
                 "published_at")
_QUESTION_KEYS = ("id", "target", "ref", "about", "text", "asked_by", "since", "answered",
                  "answer", "answered_by", "answered_at", "waited_days")


def civic_json(area: dict[str, Any]) -> bytes:
    """An area's published minutes, public questions (with their answers), mode
    history and fees' amounts over time, as its pages show them: roles and pseudonyms,
    never names; a question's ``target`` and ``ref`` name the ledger line (``line``),
    vote (``proposal``) or minutes (``meeting``) it is about."""
    modes = [{"mode": m["mode"], "mode_zh": m["mode_zh"], "since": m["since"],
              "reason": m["reason"], "recorded_by": m["role"],
              "decided_by": m["decided"]["id"] if m["decided"] else None}
             for m in area["modes"]]
    # each fee's amounts over time, and who changed them when (db.fee_changes)
    fees = [{"fee_type": f["fee_type"], "fee_type_zh": f["fee_type_zh"], "said": f["said"],
             "changes": [{k: c[k] for k in ("from_period", "amount_fen", "before_fen", "day",
                                            "role", "note")} for c in f["changes"]]}
            for f in area.get("fee_schedule") or () if f["said"]]
    return _json({"area": area["id"], "name": area["name"], "modes": modes, "fees": fees,
                  "meetings": [{k: m[k] for k in _MEETING_KEYS} for m in area["meetings"]],
                  "questions": [{k: q[k] for k in _QUESTION_KEYS}
                                for q in area["questions"]]})


def open311_requests(area: dict[str, Any], base: str) -> list[dict[str, Any]]:
    """An area's issues as Open311 GeoReport v2 service requests."""
    requests = []
    for issue in area["issues"]:
        notes = [s["note"] for s in issue["steps"] if s["note"]]
        requests.append({
            "service_request_id": f"{area['id']}-{issue['id']}",
            "status": OPEN311_STATUS.get(issue["status"], "open"),
            "status_notes": notes[-1] if notes else issue["status_zh"],
            "service_name": issue["category_zh"], "service_code": issue["category"],
            "description": issue["text"], "agency_responsible": area["steward"],
            "service_notice": "", "requested_datetime": issue["created"],
            "updated_datetime": issue["updated"], "expected_datetime": None,
            "address": _address(area["name"], issue["place"]),
            "address_id": area["id"], "zipcode": None, "lat": None, "long": None,
            "media_url": (base + f"media/{issue['photos'][0]}") if issue["photos"] else None,
        })
    return requests


def _address(area_name: str, place: str | None) -> str:
    """The area, then the place in it, naming a compound once: a place label starts
    with its compound's name, which is the area's own name when it has one compound."""
    if place and place.startswith(area_name):
        return place
    return " ".join(x for x in (area_name, place) if x)


def downloads(data: dict[str, Any], areas: set[str] | None = None,
              blocks: Blocks | None = None) -> dict[str, bytes]:
    """``downloads/...`` files, keyed by path under the docs folder (the ledgers of
    ``areas`` only, when given; the street's files always; ``blocks``: the ledgers'
    blocks of lines kept between builds)."""
    files: dict[str, bytes] = {}
    for area in data["areas"]:
        if areas is None or area["id"] in areas:
            files.update(area_downloads(area, data["street"]["site_url"], blocks))
    files.update(street_downloads(data))
    return files


def area_downloads(area: dict[str, Any], site_url: str,
                   blocks: Blocks | None = None) -> dict[str, bytes]:
    """An area's own downloads; also makes its Open311 items (``area["open311"]``), which
    the street's ``requests.json`` joins (kept with the area between builds)."""
    blocks = blocks or Blocks(None, "")
    raw, chain, aid = area["raw_lines"], area["chain"], area["id"]
    machine_csv, machine_json = machine_files(blocks, aid, raw, chain["head"], chain["ok"],
                                              area.get("raw_masked"))
    base = site_url.rstrip("/") + "/" if site_url else ""
    area["open311"] = [_item(r) for r in open311_requests(area, base)]
    return {f"downloads/{aid}/ledger.csv": machine_csv.encode("utf-8"),
            f"downloads/{aid}/accounts-{aid}.csv": people_csv(area, site_url, blocks),
            f"downloads/{aid}/ledger.json": machine_json.encode("utf-8"),
            f"downloads/{aid}/civic.json": civic_json(area)}


def pack_open311(items: list[str]) -> bytes:
    """An area's Open311 items as ``street_downloads`` joins them, compressed: what the
    build worker holds of every issue an area ever had, between builds."""
    return zlib.compress(",\n ".join(items).encode("utf-8"), 1) if items else b""


class Streamed:
    """A file's bytes made a piece at a time, afresh each time it is iterated: the
    street's ``requests.json`` holds every issue ever reported (35 MB at 50 areas over
    ten years), so the builder compares it with the file on disk and writes it
    (``files.replace_file`` takes pieces) without ever holding it whole."""

    __slots__ = ("_pieces",)

    def __init__(self, pieces: Callable[[], Iterator[bytes]]) -> None:
        self._pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        return self._pieces()

    def __bytes__(self) -> bytes:
        return b"".join(self)


REQUESTS = "downloads/open311/requests.json"


def street_downloads(data: dict[str, Any], *, requests: bool = True) -> dict[str, bytes]:
    """The street's downloads: the areas' summary and the Open311 files (but
    ``requests.json`` when not ``requests``: ``requests_json`` makes it a piece at a
    time)."""
    site_url = data["street"]["site_url"]
    base = site_url.rstrip("/") + "/" if site_url else ""
    files: dict[str, bytes] = {}
    summary = {}
    for area in data["areas"]:
        chain = area["chain"]
        summary[area["id"]] = {"name": area["name"], "mode": area["mode"],
                               "households": area["households"],
                               "balance_fen": area["balance_fen"], "lines": chain["seq"],
                               "head": chain["head"], "chain_ok": chain["ok"]}
        if "open311" not in area:  # kept with the area between builds (``slim_area``)
            area["open311"] = [_item(r) for r in open311_requests(area, base)]
    files["downloads/areas.json"] = _json(summary)
    services = [{"service_code": code, "service_name": label, "description": label,
                 "metadata": False, "type": "realtime", "keywords": "", "group": "报事"}
                for code, label in ISSUE_CATEGORIES.items()]
    files["downloads/open311/services.json"] = _json(services)
    if requests:
        files[REQUESTS] = bytes(requests_json(data))
    return files


def requests_json(data: dict[str, Any]) -> Streamed:
    """The street's ``requests.json``, made a piece at a time whenever it is read, from
    each area's Open311 items (``street_downloads`` makes those first)."""
    areas = list(data["areas"])
    return Streamed(lambda: _requests_json(areas))


def _requests_json(areas: list[dict[str, Any]]) -> Iterator[bytes]:
    """``requests.json`` as ``readable_json`` lays a list out, from the items each area
    made once (``area["open311"]``: a list of texts, or packed by ``pack_open311``),
    one area's at a time."""
    started = False
    for area in areas:
        items = area["open311"]
        if not items:
            continue
        yield b",\n " if started else b"[\n "
        started = True
        if isinstance(items, bytes):  # packed (``pack_open311``)
            yield zlib.decompress(items)
        else:
            yield ",\n ".join(items).encode("utf-8")
    yield b"\n]\n" if started else b"[]\n"


def atom_feed(data: dict[str, Any]) -> bytes:
    """An Atom 1.0 feed of the latest published changes of the whole street."""
    street = data["street"]
    site_url = street["site_url"]
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = f"{street['city']}{street['name']} 公开账本动态"
    ET.SubElement(feed, f"{{{ns}}}id").text = f"tag:steward.invalid,2025:{street['id']}"
    events = sorted(data["events"] + head_events(data, FEED_SIZE),
                    key=feed_order, reverse=True)[:FEED_SIZE]
    # The feed changed when its newest entry did: a head is signed at a publish, after
    # the last change of the data (``as_of``), and a reader that trusts <updated> must
    # not skip it.
    stamps = [_atom_time(t) for t in [data["as_of"], *(ev["at"] for ev in events)] if t]
    ET.SubElement(feed, f"{{{ns}}}updated").text = max(
        stamps, key=datetime.fromisoformat, default="2025-01-01T00:00:00+08:00")
    ET.SubElement(feed, f"{{{ns}}}link", rel="alternate", href=site_url or "./")
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = street["name"]
    for ev in events:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = f"{ev['area_name']}：{ev['title']}"
        ET.SubElement(entry, f"{{{ns}}}id").text = (
            f"tag:steward.invalid,2025:{street['id']}/{ev['area']}/{ev['key']}")
        ET.SubElement(entry, f"{{{ns}}}updated").text = _atom_time(ev["at"])
        ET.SubElement(entry, f"{{{ns}}}link", rel="alternate",
                      href=page_url(site_url, ev["area"], ev["page"], ev["anchor"]))
        # A day alone stands at its midnight above: say that is no time of the day.
        # what, whom it was paid to, where: "纸笔 · 收款方：文具店"
        payee = ev.get("payee") and f"收款方：{ev['payee']}"
        said = " · ".join(w for w in (ev["text"], payee, ev.get("place")) if w)
        words = [said[:500]] if said else []
        if len(ev["at"]) == 10:
            words.append(f"（{DAY_ONLY}；这里的 00:00 不是记账的时间）")
        if words:
            ET.SubElement(entry, f"{{{ns}}}summary").text = "".join(words)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                  xml_declaration=False) + b"\n"
