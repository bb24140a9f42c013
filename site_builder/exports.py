"""Machine-readable files of the site: ledger CSV/JSON per area, a summary,
Open311 GeoReport v2 shaped issues, and the Atom feed of published changes.

Each is built with the serializer of its format (``json``, ``csv`` in
``db.backup``, ``xml.etree``), which does that format's escaping; the text
in them was already redacted (``db.redact``): ledger lines before they were
chained, everything else at collection. Every CSV cell goes through
``db.redact.csv_cell``.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from db.backup import ledger_csv, ledger_json, readable_json
from db.entries import ISSUE_CATEGORIES

__all__ = ["downloads", "atom_feed", "page_url"]

FEED_SIZE = 50
OPEN311_STATUS = {"approved": "open", "in_progress": "open", "reopened": "open",
                  "resolved": "closed", "closed": "closed"}


def page_url(site_url: str, area: str, page: str, anchor: str = "") -> str:
    """The address of an area page (directory URLs), absolute when the site URL is known."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    path = f"areas/{area}/" if page == "index" else f"areas/{area}/{page}/"
    return base + path + (f"#{anchor}" if anchor else "")


def _atom_time(at: str) -> str:
    """An RFC 3339 time for Atom: a day alone (ledger lines are public to the day)
    becomes its midnight in China."""
    return f"{at}T00:00:00+08:00" if len(at) == 10 else at


def _json(doc: Any) -> bytes:
    return readable_json(doc).encode()


def downloads(data: dict[str, Any], areas: set[str] | None = None) -> dict[str, bytes]:
    """``downloads/...`` files, keyed by path under the docs folder (the ledgers of
    ``areas`` only, when given; the street's files always)."""
    site_url = data["street"]["site_url"]
    base = site_url.rstrip("/") + "/" if site_url else ""
    files: dict[str, bytes] = {}
    summary = {}
    requests = []
    for area in data["areas"]:
        raw, chain = area["raw_lines"], area["chain"]
        if areas is None or area["id"] in areas:
            files[f"downloads/{area['id']}/ledger.csv"] = ledger_csv(raw).encode("utf-8")
            files[f"downloads/{area['id']}/ledger.json"] = ledger_json(
                area["id"], raw, chain["head"]).encode("utf-8")
        summary[area["id"]] = {"name": area["name"], "mode": area["mode"],
                               "households": area["households"],
                               "balance_fen": area["balance_fen"], "lines": chain["seq"],
                               "head": chain["head"], "chain_ok": chain["ok"]}
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
                "address": " ".join(x for x in (area["name"], issue["place"]) if x),
                "address_id": area["id"], "zipcode": None, "lat": None, "long": None,
                "media_url": (base + f"media/{issue['photos'][0]}") if issue["photos"] else None,
            })
    files["downloads/areas.json"] = _json(summary)
    services = [{"service_code": code, "service_name": label, "description": label,
                 "metadata": False, "type": "realtime", "keywords": "", "group": "报事"}
                for code, label in ISSUE_CATEGORIES.items()]
    files["downloads/open311/services.json"] = _json(services)
    files["downloads/open311/requests.json"] = _json(requests)
    return files


def atom_feed(data: dict[str, Any]) -> bytes:
    """An Atom 1.0 feed of the latest published changes of the whole street."""
    street = data["street"]
    site_url = street["site_url"]
    ns = "http://www.w3.org/2005/Atom"
    ET.register_namespace("", ns)
    feed = ET.Element(f"{{{ns}}}feed")
    ET.SubElement(feed, f"{{{ns}}}title").text = f"{street['city']}{street['name']} 公开账本动态"
    ET.SubElement(feed, f"{{{ns}}}id").text = f"tag:steward.invalid,2025:{street['id']}"
    ET.SubElement(feed, f"{{{ns}}}updated").text = _atom_time(data["as_of"]) or \
        "2025-01-01T00:00:00+08:00"
    ET.SubElement(feed, f"{{{ns}}}link", rel="alternate", href=site_url or "./")
    author = ET.SubElement(feed, f"{{{ns}}}author")
    ET.SubElement(author, f"{{{ns}}}name").text = street["name"]
    for ev in data["events"][:FEED_SIZE]:
        entry = ET.SubElement(feed, f"{{{ns}}}entry")
        ET.SubElement(entry, f"{{{ns}}}title").text = f"{ev['area_name']}：{ev['title']}"
        ET.SubElement(entry, f"{{{ns}}}id").text = (
            f"tag:steward.invalid,2025:{street['id']}/{ev['area']}/{ev['key']}")
        ET.SubElement(entry, f"{{{ns}}}updated").text = _atom_time(ev["at"])
        ET.SubElement(entry, f"{{{ns}}}link", rel="alternate",
                      href=page_url(site_url, ev["area"], ev["page"], ev["anchor"]))
        if ev["text"]:
            ET.SubElement(entry, f"{{{ns}}}summary").text = ev["text"][:500]
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8",
                                                                  xml_declaration=False) + b"\n"
