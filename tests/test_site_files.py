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
