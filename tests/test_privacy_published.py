"""A privacy auditor's sweep of everything the public can get from the demo year's
site (``conftest.demo_year``): every page, the 404 page, the search index, every
download (CSV, JSON, the verification script), the feed, the sitemap and its
``.gz``, the paper notices (their text and metadata, read with poppler's
``pdftotext`` and ``pdfinfo``) and every image (its metadata, and its bytes).

What it looks for comes from the demo's own data folder, not from a list written
here: the name, Telegram id, username and phone of everyone the store knows, the
street file's private owner keys, the households people registered (as ids and as
"1单元 101" or "1-1-101"), the photos only volunteers may see, and the words of
every entry that is not public (pending, rejected, withdrawn, and a text as first
published before its correction). A kind of file the sweep cannot read fails it,
so that a new download is swept too."""

from __future__ import annotations

import gzip
import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from db.entries import Kind, Status, is_public
from db.repository import Repository

TEXT_SUFFIXES = (".html", ".json", ".csv", ".xml", ".svg", ".txt", ".js", ".css", ".map",
                 ".py")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# A digit run that is part of a longer run of letters and digits (a hash, a file name)
# is no phone number; the edges are the redactor's (db.redact).
_EDGE_L = r"(?<![0-9A-Za-z])"
_EDGE_R = r"(?![0-9A-Za-z])"
PHONE = re.compile(_EDGE_L + r"(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}-\d{7,8})" + _EDGE_R)
ID_NUMBER = re.compile(_EDGE_L + r"\d{17}[\dXx]" + _EDGE_R)
# Text fields of entries whose words are a person's own (db.entries)
WORDS = ("text", "reason", "answer", "decisions", "topics", "description")


def _pdf(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return text + "\n" + info


def public_texts(site: Path) -> Iterator[tuple[Path, str]]:
    """Every public file as the text a reader (or a program) gets from it; an image as
    its bytes (latin-1), where an id or a name in its metadata would show."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            yield path, html.unescape(path.read_text("utf-8", errors="replace"))
        elif suffix == ".gz":
            yield path, html.unescape(gzip.decompress(path.read_bytes()).decode("utf-8"))
        elif suffix == ".pdf":
            yield path, _pdf(path)
        elif suffix in IMAGE_SUFFIXES:
            yield path, path.read_bytes().decode("latin-1")
        else:
            pytest.fail(f"a public file the privacy sweep cannot read: {path}")


@pytest.fixture(scope="module")
def sweep(demo_year) -> dict[str, Any]:
    site, data = demo_year["site"], demo_year["data"]
    repo = Repository.open(data, readonly=True)
    try:
        people = repo.people()
        entries = repo.entries()
        street = repo.street
        households = {h.id: h for a in street.areas for h in street.area_households(a.id)}
    finally:
        repo.close()
    files = dict(public_texts(site))
    assert len(files) > 250 and any(p.suffix == ".pdf" for p in files)
    return {"site": site, "people": people, "entries": entries, "households": households,
            "street": street, "files": files}


def _found(files: dict[Path, str], needles: dict[str, str]) -> list[tuple[str, str, str]]:
    """(what, needle, file) for each needle found in a file."""
    out = []
    for path, text in files.items():
        for needle, what in needles.items():
            if needle in text:
                out.append((what, needle, str(path)))
    return out


def test_no_public_file_holds_anyones_name_username_or_phone(sweep):
    needles: dict[str, str] = {}
    for p in sweep["people"]:
        for field in ("name", "username", "phone"):
            value = str(p.get(field) or "").strip()
            if len(value) >= 2:
                needles[value] = field
    assert len([w for w in needles.values() if w == "name"]) > 20  # the demo's people
    assert _found(sweep["files"], needles) == []


def test_no_public_file_holds_anyones_telegram_id(sweep):
    ids = {str(p["telegram_id"]) for p in sweep["people"] if p.get("telegram_id")}
    assert len(ids) > 25
    pattern = re.compile(r"(?<!\d)(?:" + "|".join(sorted(ids)) + r")(?!\d)")
    found = [(m.group(), str(path)) for path, text in sweep["files"].items()
             if path.suffix.lower() not in IMAGE_SUFFIXES
             for m in pattern.finditer(text) if not _in_a_hash(text, m.start(), m.end())]
    assert found == []


def _in_a_hash(text: str, start: int, end: int) -> bool:
    """The digits at ``text[start:end]`` are part of a hexadecimal hash (a ledger line's,
    a head's, a file's: 16 hex digits or more, letters among them): 7000021 stood in
    a line's hash between two letters one day, and the test failed on that day only."""
    hexdigits = "0123456789abcdefABCDEF"
    while start > 0 and text[start - 1] in hexdigits:
        start -= 1
    while end < len(text) and text[end] in hexdigits:
        end += 1
    run = text[start:end]
    return len(run) >= 16 and not run.isdigit()


def test_a_telegram_id_inside_a_hash_is_no_leak_but_beside_words_it_is():
    head = "链头 3fa900201bc7e55d0a1 …"
    at = head.index("900201")
    assert _in_a_hash(head, at, at + 6)
    assert not _in_a_hash("用户900201提交", 2, 8)
    assert not _in_a_hash("id 900201", 3, 9)


def test_no_public_file_ties_a_registered_household_to_its_room(sweep):
    """The site says building and unit; a room a person registered (as its id, "1单元
    101", "1单元101室" or "1-1-101") or an owner key of the street file is never on it."""
    homes = {p["household"] for p in sweep["people"] if p.get("household")}
    assert len(homes) > 15
    needles: dict[str, str] = {}
    for home in homes:
        _compound, building, unit, room = home.split("/")
        needles[home] = "household"
        for form in (f"{unit}单元 {room}", f"{unit}单元{room}", f"{building}-{unit}-{room}"):
            needles[form] = f"room of {home}"
    owners = {h.owner for h in sweep["households"].values() if h.owner}
    assert owners
    needles.update({o: "owner key" for o in owners})
    # The volunteers' guide explains the street file with examples of its own: an
    # example that was the demo's own flat and owner key told the public who owns two.
    assert _found(sweep["files"], needles) == []


def test_no_public_text_holds_a_phone_or_id_number(sweep):
    found = []
    for path, text in sweep["files"].items():
        if path.suffix.lower() in IMAGE_SUFFIXES + (".js", ".css", ".map"):
            continue
        found += [(m.group(), str(path)) for m in PHONE.finditer(text)]
        found += [(m.group(), str(path)) for m in ID_NUMBER.finditer(text)]
    assert found == []


def test_published_images_and_notices_carry_no_metadata(sweep):
    images = [p for p in sweep["files"] if p.suffix.lower() in IMAGE_SUFFIXES]
    assert len(images) > 40
    for path in images:
        with Image.open(path) as img:
            assert not img.getexif(), path
            extra = set(img.info) - {"dpi", "jfif", "jfif_version", "jfif_unit",
                                     "jfif_density", "progressive", "progression",
                                     "adobe", "adobe_transform", "gamma", "aspect"}
            assert not extra, (path, extra)  # no XMP, ICC profile, comment or text chunk
        raw = path.read_bytes()
        for marker in (b"Exif\x00", b"http://ns.adobe.com/xap", b"GPS"):
            assert marker not in raw, (path, marker)
    for path, text in sweep["files"].items():
        if path.suffix == ".pdf":
            author = re.search(r"^Author:\s*(.*)$", text, re.M)
            assert author is None or "新义街道" in author.group(1) or not author.group(1), path


def test_photos_only_volunteers_see_are_not_published(sweep):
    """Fee receipts, invoices not cleared for the public, attendance sheets, and the
    photos of reports that are not public stay in the data folder."""
    private: dict[str, str] = {}
    for e in sweep["entries"]:
        d = e.data
        if e.kind == Kind.FEE_INCOME or (e.kind == Kind.EXPENSE
                                         and not d.get("receipt_public")):
            if d.get("receipt"):
                private[str(d["receipt"])] = f"receipt of #{e.id}"
        if e.kind == Kind.MEETING:
            for ref in [d.get("sheet"), *(d.get("sheet_more") or [])]:
                if ref:
                    private[str(ref)] = f"attendance sheet of #{e.id}"
        if not is_public(e.kind, e.status):
            for ref in d.get("photos") or []:
                private[str(ref)] = f"photo of #{e.id} ({e.status})"
    assert any("receipt" in w for w in private.values())
    assert any("sheet" in w for w in private.values())
    published = {p.name for p in (sweep["site"] / "media").rglob("*") if p.is_file()}
    assert published
    assert sorted(w for ref, w in private.items() if Path(ref).name in published) == []


def test_words_that_are_not_public_are_in_no_public_file(sweep):
    """A report still waiting, one rejected (a neighbour dispute), a withdrawn text, a
    text as first published before its approved correction, and the words of someone
    who deleted their data since are nowhere public."""
    corrected = {int(e.data["corrects"]) for e in sweep["entries"]
                 if e.kind == Kind.CORRECTION and e.status == Status.APPROVED}
    hidden: dict[str, str] = {}
    for e in sweep["entries"]:
        if e.kind in (Kind.VOTE, Kind.REGISTRATION, Kind.FEE_INCOME, Kind.EXPENSE,
                      Kind.REVERSAL):
            continue  # no words of their own; the ledger's lines are checked above
        if is_public(e.kind, e.status) and e.id not in corrected \
                and not e.data.get("withheld"):  # its author deleted their data
            continue
        if e.kind == Kind.PROPOSAL:
            continue  # a withdrawn or failed proposal stays on the site, as decided
        fields = ("text",) if e.id in corrected else WORDS
        for field in fields:
            words = " ".join(str(e.data.get(field) or "").split())
            if len(words) >= 6:
                hidden[words] = f"#{e.id} {e.kind} {e.status} {field}"
    assert any("rejected" in w for w in hidden.values())
    assert any("pending" in w for w in hidden.values())
    assert corrected
    # a word of a hidden text may be quoted in public by a later entry: the whole text
    # is what must not be there
    found = [(w, where) for path, text in sweep["files"].items()
             if path.suffix.lower() not in IMAGE_SUFFIXES
             for words, w in hidden.items() if words in " ".join(text.split())
             for where in [str(path)]]
    assert found == []


def test_the_demos_resident_who_withdrew_her_agreement_is_withheld_on_the_site(demo_year):
    from db.privacy import WITHHELD_ZH

    opinions = html.unescape((demo_year["site"] / "areas/chengjian/opinions/index.html")
                             .read_text("utf-8"))
    assert WITHHELD_ZH in opinions and "希望网格员每月公布一次收费情况" not in opinions
    assert "撤回公开同意" in demo_year["out"]
