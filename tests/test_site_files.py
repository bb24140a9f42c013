"""Writing the site's files: ``holds`` tells whether a file holds given pieces."""

from __future__ import annotations

from site_builder.files import holds, replace_file


def test_holds_compares_the_file_with_its_pieces_one_after_another(tmp_path):
    path = tmp_path / "requests.json"
    replace_file(path, (b"[\n ", b'{"a": 1}', b"\n]\n"))
    assert path.read_bytes() == b'[\n {"a": 1}\n]\n'
    assert holds(path, (b"[\n ", b'{"a": 1}', b"\n]\n"))
    assert holds(path, (b'[\n {"a": 1}\n]\n',))
    assert holds(path, (b"", b'[\n {"a": 1}\n]\n', b""))
    assert not holds(path, (b"[\n ", b'{"a": 2}', b"\n]\n"))
    assert not holds(path, (b"[\n ", b'{"a": 1}'))  # the file goes on
    assert not holds(path, (b"[\n ", b'{"a": 1}', b"\n]\n", b" "))  # the file ends first
    assert not holds(tmp_path / "gone.json", (b"",))


def test_holds_stops_making_pieces_at_the_first_difference(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"abcdef")
    made: list[bytes] = []

    def pieces():
        for piece in (b"ab", b"xx", b"ef"):
            made.append(piece)
            yield piece

    assert not holds(path, pieces())
    assert made == [b"ab", b"xx"]


def test_scan_files_lists_files_with_inodes_and_folders_and_drop_empty_folders_removes_empty_ones(
        tmp_path):
    import os

    from site_builder.files import drop_empty_folders, scan_files

    root = tmp_path / "site"
    (root / "a" / "b").mkdir(parents=True)
    (root / "c").mkdir()
    (root / "a" / "b" / "index.html").write_text("x")
    (root / "top.txt").write_text("y")
    outside = tmp_path / "outside.txt"
    outside.write_text("kept")
    os.symlink(outside, root / "c" / "link")
    files, folders = scan_files(root)
    assert folders == {str(root), str(root / "a"), str(root / "a" / "b"), str(root / "c")}
    assert files == {str(root / "a" / "b" / "index.html"): (root / "a/b/index.html").stat().st_ino,
                     str(root / "top.txt"): (root / "top.txt").stat().st_ino,
                     str(root / "c" / "link"): (root / "c" / "link").lstat().st_ino}
    for path in files:
        os.unlink(path)
    assert [p for p in root.rglob("*") if not p.is_dir()] == [] and outside.read_text() == "kept"
    (root / "a" / "page.html").write_text("z")
    drop_empty_folders(root)
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == ["a", "a/page.html"]


def test_drop_empty_folders_told_which_may_be_empty_removes_those_and_the_parents_they_empty(
        tmp_path):
    """A whole build tells which folders may hold nothing (those listed bare, those a
    file was deleted from): only they, and the folders above them left empty, go."""
    from site_builder.files import drop_empty_folders, scan_files

    root = tmp_path / "site"
    for rel in ("a/b/c", "a/d", "e", "f/g", "h"):
        (root / rel).mkdir(parents=True)
    (root / "a" / "d" / "page.html").write_text("x")
    (root / "f" / "g" / "old.html").write_text("y")
    bare: list[str] = []
    scan_files(root, bare)
    assert sorted(bare) == sorted(str(root / rel) for rel in ("a/b/c", "e", "h"))
    (root / "f" / "g" / "old.html").unlink()
    drop_empty_folders(root, only=[str(root / "a" / "b" / "c"), str(root / "e"),
                                   str(root / "f" / "g"), str(root / "a" / "d"), str(root)])
    left = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    assert left == ["a", "a/d", "a/d/page.html", "h"]  # h: not named, not looked at
    assert root.is_dir()


def test_listed_inodes_hold_only_when_the_listing_gives_the_files_own_numbers(tmp_path):
    from site_builder.files import listed_inodes_hold, scan_files

    for name in "abc":
        (tmp_path / name).write_text(name)
    files, _ = scan_files(tmp_path)
    assert listed_inodes_hold(files)
    some = next(iter(files))
    assert not listed_inodes_hold({**files, some: files[some] + 1})  # another file's number
    assert not listed_inodes_hold({some: 0})  # a file system that lists none
    assert not listed_inodes_hold({str(tmp_path / "gone"): files[some]})
