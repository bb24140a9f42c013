"""A plain, upright JPEG (what Telegram makes of a photo) is kept with its
compressed pixels byte for byte and nothing else; anything the segment filter is
not sure of is decoded and re-encoded instead; broken pictures are refused."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw

from db.errors import DomainError
from db.jpeg_segments import JFIF, picture_only
from db.media import MediaStore


def photo_jpeg(size=(640, 480), *, progressive=False, exif_orientation=None, mode="RGB",
               comment=b"", icc=b"") -> bytes:
    img = Image.new("RGB", size, (30, 90, 160))
    ImageDraw.Draw(img).ellipse((10, 10, size[0] - 10, size[1] - 10), fill=(240, 200, 20))
    if mode != "RGB":
        img = img.convert(mode)
    kwargs: dict = {"quality": 80, "progressive": progressive}
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        exif[0x010E] = "GPS 37.14N home of 1-1-101"
        kwargs["exif"] = exif
    if comment:
        kwargs["comment"] = comment
    if icc:
        kwargs["icc_profile"] = icc
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kwargs)
    return buf.getvalue()


def scan_data(jpeg: bytes) -> bytes:
    """From the first SOS to the end of the image."""
    return jpeg[jpeg.index(b"\xff\xda"):jpeg.rindex(b"\xff\xd9")]


def pixels(jpeg: bytes) -> bytes:
    with Image.open(io.BytesIO(jpeg)) as img:
        return img.convert("RGB").tobytes()


@pytest.mark.parametrize("progressive", [False, True])
def test_an_upright_photo_keeps_its_compressed_pixels_and_loses_its_metadata(
        tmp_path, progressive):
    raw = photo_jpeg(progressive=progressive, exif_orientation=1, comment=b"COMMENTSECRET",
                     icc=b"\0" * 128 + b"ICCSECRET")
    media = MediaStore(tmp_path)
    stored = media.path(media.save_photo(raw)).read_bytes()
    assert scan_data(raw) in stored  # not encoded again: the very same compressed pixels
    assert pixels(stored) == pixels(raw)
    for secret in (b"GPS 37.14N", b"COMMENTSECRET", b"ICCSECRET", b"Exif"):
        assert secret in raw and secret not in stored
    assert stored.startswith(b"\xff\xd8" + JFIF) and stored.endswith(b"\xff\xd9")  # JFIF kept
    with Image.open(media.thumb_path(media.save_photo(raw))) as thumb:
        assert max(thumb.size) == 320


def test_bytes_after_the_end_of_the_picture_are_dropped(tmp_path):
    raw = photo_jpeg() + b"TRAILINGSECRET"
    media = MediaStore(tmp_path)
    stored = media.path(media.save_photo(raw)).read_bytes()
    assert b"TRAILINGSECRET" not in stored and stored.endswith(b"\xff\xd9")


@pytest.mark.parametrize("make", [
    lambda: photo_jpeg(exif_orientation=6),  # must be turned: decoded and re-encoded
    lambda: photo_jpeg(mode="CMYK"),  # Adobe segment and CMYK: re-encoded as RGB
    lambda: photo_jpeg((2400, 1200)),  # larger than what is kept
], ids=["turned", "cmyk", "large"])
def test_photos_that_need_their_pixels_changed_are_re_encoded(tmp_path, make):
    raw = make()
    media = MediaStore(tmp_path)
    stored = media.path(media.save_photo(raw)).read_bytes()
    assert scan_data(raw) not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert img.mode == "RGB" and max(img.size) <= 1600
        assert not img.getexif()


def test_a_turned_photo_is_stored_upright(tmp_path):
    raw = photo_jpeg((640, 480), exif_orientation=6)
    media = MediaStore(tmp_path)
    with Image.open(media.path(media.save_photo(raw))) as img:
        assert img.size == (480, 640)


def test_a_photo_cut_short_is_refused(tmp_path):
    raw = photo_jpeg()
    with pytest.raises(DomainError) as caught:
        MediaStore(tmp_path).save_photo(raw[: len(raw) // 2])
    assert caught.value.code == "bad_photo"


@pytest.mark.parametrize("content", [
    b"", b"\xff\xd8", b"\xff\xd8\xff\xe0\x00\x40JFIF",  # a segment running past the end
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xd9",  # no frame at all
    b"\xff\xd8\xff\x99\x00\x04ab\xff\xd9",  # a marker that is not a JPEG's
])
def test_what_is_not_a_plain_jpeg_is_not_taken_apart(content):
    assert picture_only(content) is None


def test_two_frames_are_not_taken_apart():
    raw = photo_jpeg((64, 48))
    frame = raw.index(b"\xff\xc0")
    length = int.from_bytes(raw[frame + 2:frame + 4], "big")
    doubled = raw[:frame] + raw[frame:frame + 2 + length] + raw[frame:]
    assert picture_only(raw) is not None and picture_only(doubled) is None


def test_damaged_photos_are_stored_whole_or_refused_never_half(tmp_path):
    """Random damage (bytes changed, cut, doubled): each either is refused with a
    domain error or gives a stored JPEG that decodes, with its thumbnail."""
    rng = random.Random(23)
    raw = photo_jpeg((320, 240), exif_orientation=1)
    media = MediaStore(tmp_path)
    stored = refused = 0
    for _ in range(150):
        body = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(body))
            action = rng.random()
            if action < 0.6:
                body[at] = rng.randrange(256)
            elif action < 0.8:
                del body[at:at + rng.randint(1, 40)]
            else:
                body[at:at] = body[at:at + rng.randint(1, 40)]
        try:
            ref = media.save_photo(bytes(body))
        except DomainError:
            refused += 1
            continue
        stored += 1
        with Image.open(media.path(ref)) as img:
            img.load()
        with Image.open(media.thumb_path(ref)) as thumb:
            thumb.load()
    assert stored and refused


def _without_segment(jpeg: bytes, marker: bytes) -> bytes:
    at = jpeg.index(marker)
    length = int.from_bytes(jpeg[at + 2:at + 4], "big")
    return jpeg[:at] + jpeg[at + 2 + length:]


def test_a_picture_in_rgb_without_jfif_keeps_its_colours(tmp_path):
    """Components 'R', 'G', 'B' and no JFIF header: a decoder takes the picture as RGB
    from the ids; a JFIF header added would make it read the same bytes as YCbCr."""
    img = Image.new("RGB", (64, 48), (200, 30, 40))
    buf = io.BytesIO()
    img.save(buf, "JPEG", keep_rgb=True)  # RGB ids, with an Adobe segment
    raw = _without_segment(buf.getvalue(), b"\xff\xee")
    assert b"JFIF" not in raw and b"Adobe" not in raw
    kept = picture_only(raw)
    assert kept is not None and b"JFIF" not in kept
    assert pixels(kept) == pixels(raw)
    stored = MediaStore(tmp_path)
    with Image.open(stored.path(stored.save_photo(raw))) as saved:
        red, green, blue = saved.convert("RGB").getpixel((10, 10))
    assert red > 150 and green < 90 and blue < 90


@pytest.mark.parametrize("change", [
    lambda frame: b"\xff\xc9" + frame[2:],  # arithmetic coding: no browser draws it
    lambda frame: b"\xff\xc3" + frame[2:],  # lossless
    lambda frame: frame[:4] + b"\x0c" + frame[5:],  # 12-bit samples
], ids=["arithmetic", "lossless", "12-bit"])
def test_frames_browsers_do_not_draw_are_not_kept_as_they_are(change):
    raw = photo_jpeg((64, 48))
    at = raw.index(b"\xff\xc0")
    length = int.from_bytes(raw[at + 2:at + 4], "big")
    frame = raw[at:at + 2 + length]
    assert picture_only(raw) is not None
    assert picture_only(raw[:at] + change(frame) + raw[at + 2 + length:]) is None
