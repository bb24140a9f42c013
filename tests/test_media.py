"""Photos lose their EXIF (GPS) and are refused when they are not images."""

from __future__ import annotations

import io

import pytest
from bot_harness import jpeg_bytes
from PIL import Image

from db.errors import DomainError
from db.media import MediaStore, is_ref


def test_saved_photo_has_no_exif_gps_and_a_thumbnail(tmp_path):
    media = MediaStore(tmp_path)
    raw = jpeg_bytes((2000, 1000), gps=True)
    assert Image.open(io.BytesIO(raw)).getexif().get(0x8825)
    ref = media.save_photo(raw)
    assert is_ref(ref) and ref.endswith(".jpg")
    with Image.open(media.path(ref)) as img:
        assert not img.getexif()
        assert max(img.size) == 1600
    with Image.open(media.thumb_path(ref)) as thumb:
        assert max(thumb.size) == 320


def test_same_photo_twice_gives_the_same_reference(tmp_path):
    media = MediaStore(tmp_path)
    raw = jpeg_bytes()
    assert media.save_photo(raw) == media.save_photo(raw)
    assert len(list((tmp_path / "media").glob("*.jpg"))) == 1


def test_the_same_file_sent_by_several_people_at_once_is_saved_for_each(tmp_path):
    import threading

    media = MediaStore(tmp_path)
    threads, rounds = 6, 20
    start = threading.Barrier(threads)
    errors: list[Exception] = []
    refs: list[str] = []

    def send() -> None:
        for n in range(rounds):
            start.wait()  # everyone sends round n's note at the same moment
            try:
                refs.append(media.save_audio(f"voice note {n}".encode() * 100, "ogg"))
            except Exception as exc:  # noqa: BLE001 - counted below
                errors.append(exc)

    workers = [threading.Thread(target=send) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    assert len(refs) == threads * rounds and len(set(refs)) == rounds
    assert all(media.exists(ref) for ref in refs)


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\xff\xd8\xff broken"])
def test_non_images_are_refused_with_a_domain_error(tmp_path, content):
    with pytest.raises(DomainError) as err:
        MediaStore(tmp_path).save_photo(content)
    assert err.value.code == "bad_photo"
    assert not (tmp_path / "media").exists() or not list((tmp_path / "media").glob("*.jpg"))


@pytest.mark.parametrize("ref", ["../meta.json", "abc.jpg", "/etc/passwd", "0" * 64 + ".exe"])
def test_forged_media_references_are_refused(tmp_path, ref):
    with pytest.raises(DomainError):
        MediaStore(tmp_path).path(ref)


def test_voice_notes_are_kept_as_they_came(tmp_path):
    media = MediaStore(tmp_path)
    ref = media.save_audio(b"OggS fake voice", "ogg")
    assert media.path(ref).read_bytes() == b"OggS fake voice"
    with pytest.raises(DomainError):
        media.save_audio(b"x", "exe")
