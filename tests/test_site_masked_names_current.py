"""The names the site masks are those the store knows at each build: a person who
registers in one area has their name masked in every area's published words from the
next build on, though no other area's data changed (``site_builder.area_cache``'s key
and the build worker's areas held between builds both follow the names masked)."""

from __future__ import annotations

from pathlib import Path

from conftest import confirmed_resident, pid
from test_site_helpers import EAST_201, WEST_101, collected_areas, make_project, search_docs

from db.entries import Kind
from db.privacy import CONSENT_VERSION
from db.redact import NAME_MASK
from db.repository import Repository
from site_builder import build_site
from site_builder.build import IncrementalBuilder

# nobody the store knows, until they register in east; a given name alone, which the
# site cannot tell as a name before (a full name nobody registered, 欧阳振华, it masks
# anyway: tests/test_privacy_strangers.py)
NEWCOMER = "振华"
THANKS = f"感谢{NEWCOMER}师傅修好了楼道灯"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _naming(root: Path, name: str) -> list[str]:
    """The files under ``root`` whose bytes hold ``name``."""
    return sorted(p for p, body in _tree(root).items() if name.encode("utf-8") in body)


def _searched(site: Path) -> list[str]:
    """The built site's search texts, without the spaces the index puts between words."""
    return [text.replace("\u200b", "") for _, _, text in search_docs(site)]


def _thanks_in_west(repo: Repository) -> None:
    """A west resident's opinion naming someone the store does not know, published."""
    author = confirmed_resident(repo, 6101, WEST_101, 103)
    opinion = repo.submit(author, Kind.OPINION, "west", {"text": THANKS})
    repo.approve(opinion.id, pid(repo, 103))


def _newcomer_registers_in_east(repo: Repository) -> int:
    person = repo.ensure_person(6102)
    repo.register(person["id"], EAST_201, consent=CONSENT_VERSION, name=NEWCOMER)
    return int(person["id"])


def test_a_name_registered_in_one_area_is_masked_on_another_areas_kept_pages(street,
                                                                           monkeypatch):
    """A whole build (a new process: the bot's start, ``steward build``) does not keep
    west's pages, made before the name was known, as they were."""
    repo, tmp = street
    project = make_project(tmp / "p")
    _thanks_in_west(repo)
    build_site(repo, project, run_mkdocs=False)
    assert _naming(project / "content", NEWCOMER)  # not a name anyone registered, yet
    _newcomer_registers_in_east(repo)
    calls = collected_areas(monkeypatch)
    build_site(repo, project, run_mkdocs=False)
    assert "west" in calls
    assert _naming(project / "content", NEWCOMER) == []
    assert f"感谢{NAME_MASK}师傅" in \
        (project / "content/areas/west/opinions.md").read_text("utf-8")
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh, run_mkdocs=False)
    assert _tree(fresh / "content") == _tree(project / "content")
    calls.clear()
    build_site(repo, project, run_mkdocs=False)  # the same names: nothing collected
    assert calls == []


def test_the_build_worker_masks_a_name_registered_in_another_area(street, monkeypatch):
    """The worker is told that east changed (the registration's partitions): west's
    pages, search index and feed mask the name too, and a later change to people that
    masks no other name collects no other area."""
    repo, tmp = street
    _thanks_in_west(repo)
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    try:
        builder.build()
        site = builder.site_dir
        assert _naming(site, NEWCOMER)
        assert any(NEWCOMER in text for text in _searched(site))
        newcomer = _newcomer_registers_in_east(repo)
        builder.build({"east"})
        assert _naming(builder.project_dir / "content", NEWCOMER) == []
        assert _naming(site, NEWCOMER) == []
        assert not any(NEWCOMER in text for text in _searched(site))
        assert any(f"感谢{NAME_MASK}师傅" in text for text in _searched(site))
        assert f"感谢{NAME_MASK}师傅" in \
            (site / "areas/west/opinions/index.html").read_text("utf-8")
        calls = collected_areas(monkeypatch)
        repo.set_language(newcomer, "en")  # people changed, the names masked did not
        builder.build({"east"})
        assert calls == ["east"]
    finally:
        builder.close()


def test_a_name_in_no_other_areas_words_collects_no_other_area_and_the_site_is_as_whole(
        street, monkeypatch):
    """A registration makes a name known to the whole street, but an area whose words do
    not hold it reads the same: the build worker does not collect it again (on a street
    of 50 areas, every registration made the next build collect all 50)."""
    repo, tmp = street
    _thanks_in_west(repo)
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    try:
        builder.build()
        calls = collected_areas(monkeypatch)
        person = repo.ensure_person(6103)
        repo.register(person["id"], EAST_201, consent=CONSENT_VERSION, name="司马光明")
        builder.build({"east"})
        assert calls == ["east"]
        _newcomer_registers_in_east(repo)  # a name west's words hold: west again
        builder.build({"east"})
        assert calls == ["east", "east", "west"]
        assert f"感谢{NAME_MASK}师傅" in \
            (builder.project_dir / "content/areas/west/opinions.md").read_text("utf-8")
        whole = make_project(tmp / "whole")
        build_site(repo, whole, run_mkdocs=False)
        assert _tree(whole / "content") == _tree(builder.project_dir / "content")
    finally:
        builder.close()


def test_a_new_given_name_collects_every_area_again(street, monkeypatch):
    """A name of two Chinese words makes each word a given name, masked but where it is
    part of a longer word of jieba's dictionary; which words those are depends on every
    given name, so any area may read otherwise: all are collected again."""
    repo, tmp = street
    _thanks_in_west(repo)
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    try:
        builder.build()
        calls = collected_areas(monkeypatch)
        person = repo.ensure_person(6104)
        repo.register(person["id"], EAST_201, consent=CONSENT_VERSION, name="光明 司马")
        builder.build({"east"})
        assert sorted(calls) == sorted(a.id for a in repo.street.areas)
    finally:
        builder.close()


def test_the_next_start_takes_the_areas_a_new_name_left_alike_from_the_cache(
        street, monkeypatch):
    """The build worker kept west for a name its words do not hold; its record on disk
    says so too: the bot's next start (a new process, a whole build) does not collect it
    again, as it did for every name registered since west was last collected."""
    repo, tmp = street
    _thanks_in_west(repo)
    project = make_project(tmp / "inc")
    builder = IncrementalBuilder(repo, project)
    try:
        builder.build()
        person = repo.ensure_person(6103)
        repo.register(person["id"], EAST_201, consent=CONSENT_VERSION, name="司马光明")
        builder.build({"east"})
    finally:
        builder.close()
    calls = collected_areas(monkeypatch)
    build_site(repo, project, run_mkdocs=False)  # the next start's whole build
    assert calls == []
    whole = make_project(tmp / "whole")
    build_site(repo, whole, run_mkdocs=False)
    assert _tree(whole / "content") == _tree(project / "content")
    _newcomer_registers_in_east(repo)  # a name west's words hold: collected, masked
    calls.clear()
    build_site(repo, project, run_mkdocs=False)
    assert sorted(calls) == ["east", "west"]
    assert f"感谢{NAME_MASK}师傅" in (project / "content/areas/west/opinions.md").read_text("utf-8")


def test_a_name_its_owner_corrected_stays_masked_in_what_was_written_before(street):
    """She registered as 欧阳振华, a neighbour thanked 欧阳振华师傅, then she corrected one
    character (欧阳振中): the name she corrected is still hers in the neighbour's words.
    The next build masks both, in the pages and the search index; /forget drops both."""
    repo, tmp = street
    _thanks_in_west(repo)
    newcomer = _newcomer_registers_in_east(repo)
    repo.approve(repo.entries(author=newcomer, kind=Kind.REGISTRATION)[0].id, pid(repo, 101),
                 shared=True)
    repo.correct_name(newcomer, "欧阳振中")
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"))
    try:
        builder.build()
        site = builder.site_dir
        assert _naming(builder.project_dir / "content", NEWCOMER) == []
        assert _naming(site, NEWCOMER) == []
        assert not any(NEWCOMER in text for text in _searched(site))
        assert f"感谢{NAME_MASK}师傅" in \
            (builder.project_dir / "content/areas/west/opinions.md").read_text("utf-8")
    finally:
        builder.close()
    assert repo.person(newcomer)["former_names"] == [NEWCOMER]
    repo.forget(newcomer)
    assert "former_names" not in repo.person(newcomer)
