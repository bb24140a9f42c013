"""Hostile and careless uploads: every stored image keeps no metadata at all, an
image over 40 megapixels is refused from its header (through the bot too, with a
clear message), images are decoded one at a time, and uploads count against the
rate limit. The memory the bot uses while the 9999 x 9999 PNG arrives is measured
by ``make bench`` (bench/upload_memory.py)."""

from __future__ import annotations

import io
import struct
import threading
import time

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident
from PIL import Image, PngImagePlugin

import db.media as media_module
from bot.offline import blank_png
from bot.settings import Settings
from db.entries import Kind
from db.errors import DomainError
from db.media import MAX_PIXELS, MAX_PIXELS_WHOLE, MediaStore

# an hour's limit met just now: a slot frees in an hour
LIMITED = "您这一小时内发送的内容较多（每张照片也算一次），请 60 分钟后再试。"

SECRETS = (b"GPS 37.14N", b"home of 1-1-101", b"MAKERSECRET", b"XMPSECRET", b"IPTCSECRET",
           b"ICCSECRET", b"PNGTEXTSECRET")


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 1
    exif[0x010E] = "GPS 37.14N home of 1-1-101"  # ImageDescription
    exif[0x8825] = {1: "N", 2: (37.0, 8.0, 0.0), 3: "E", 4: (111.0, 46.0, 0.0)}
    exif.get_ifd(0x8769)[0x927C] = b"MAKERSECRET"  # MakerNote
    return exif


def _icc() -> bytes:
    return b"\0" * 128 + b"ICCSECRET" * 4


def _with_iptc(jpeg: bytes) -> bytes:
    """``jpeg`` with a Photoshop APP13 (IPTC) segment after its SOI."""
    iptc = b"\x1c\x02\x78" + struct.pack(">H", 10) + b"IPTCSECRET"
    block = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    body = b"Photoshop 3.0\x00" + block
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def loaded_jpeg() -> bytes:
    img = Image.new("RGB", (120, 90), (200, 120, 40))
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=_exif(), icc_profile=_icc(),
             comment=b"GPS 37.14N home of 1-1-101",
             xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>XMPSECRET</x:xmpmeta>")
    return _with_iptc(buf.getvalue())


def loaded_png() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "PNGTEXTSECRET GPS 37.14N")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>XMPSECRET</x:xmpmeta>")
    info.add_text("Place", "home of 1-1-101", zip=True)
    buf = io.BytesIO()
    Image.new("RGBA", (120, 90), (10, 200, 30, 255)).save(
        buf, "PNG", pnginfo=info, exif=_exif(), icc_profile=_icc())
    return buf.getvalue()


def loaded_webp() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 90), (1, 2, 200)).save(
        buf, "WEBP", exif=_exif(), icc_profile=_icc(),
        xmp=b"<x:xmpmeta>XMPSECRET</x:xmpmeta>")
    return buf.getvalue()


def jpeg_segments(data: bytes) -> list[int]:
    """The markers of a JPEG's segments before its image data."""
    assert data[:2] == b"\xff\xd8"
    markers, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF
        marker = data[i + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: the image data follows
            return markers
        (length,) = struct.unpack(">H", data[i + 2:i + 4])
        i += 2 + length
    raise AssertionError("no image data")


@pytest.mark.parametrize("make", [loaded_jpeg, loaded_png, loaded_webp])
def test_a_stored_photo_and_its_thumbnail_keep_no_metadata_of_any_kind(tmp_path, make):
    original = make()
    assert any(s in original for s in SECRETS)  # the test image does carry them
    store = MediaStore(tmp_path)
    ref = store.save_photo(original)
    for path in (store.path(ref), store.thumb_path(ref)):
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret not in data, (path.name, secret)
        markers = jpeg_segments(data)
        # JFIF header, quantisation and Huffman tables, frame: nothing else.
        assert set(markers) <= {0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD, 0xDA}, markers
        with Image.open(path) as img:
            assert not img.getexif() and "comment" not in img.info
            assert "icc_profile" not in img.info and "xmp" not in img.info


def test_the_orientation_is_applied_before_the_metadata_is_dropped(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to show
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), (0, 0, 0)).save(buf, "JPEG", exif=exif)
    store = MediaStore(tmp_path)
    with Image.open(store.path(store.save_photo(buf.getvalue()))) as img:
        assert img.size == (40, 60)


def test_a_png_decoded_whole_has_a_lower_limit_than_a_jpeg_decoded_at_a_reduced_scale(tmp_path):
    store = MediaStore(tmp_path)
    with pytest.raises(DomainError) as err:
        store.save_photo(blank_png(4001, 4001))  # 16.008 megapixels
    assert 4001 * 4001 > MAX_PIXELS_WHOLE and err.value.params["max_megapixels"] == 16
    assert not (tmp_path / "media").exists()
    buf = io.BytesIO()
    Image.new("RGB", (4500, 4000), (90, 90, 90)).save(buf, "JPEG", quality=30)  # 18 MP
    with Image.open(store.path(store.save_photo(buf.getvalue()))) as img:
        assert img.size == (1600, 1422)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_and_kept_at_1600_pixels(tmp_path):
    buf = io.BytesIO()
    Image.new("RGB", (3200, 2400), (90, 90, 90)).save(buf, "JPEG", quality=50)
    store = MediaStore(tmp_path)
    with Image.open(store.path(store.save_photo(buf.getvalue()))) as img:
        assert img.size == (1600, 1200)


@pytest.mark.parametrize("size", [(9999, 9999), (8000, 5001), (40001, 1000)])
def test_an_image_over_40_megapixels_is_refused_from_its_header(tmp_path, size):
    assert size[0] * size[1] > MAX_PIXELS
    store = MediaStore(tmp_path)
    with pytest.raises(DomainError) as err:
        store.save_photo(blank_png(*size))
    assert err.value.code == "photo_too_many_pixels"
    assert (err.value.params["width"], err.value.params["height"]) == size
    assert not (tmp_path / "media").exists()  # nothing stored


def test_formats_that_are_not_plain_pictures_are_refused(tmp_path):
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n"
    store = MediaStore(tmp_path)
    for data in (eps, b"just text", b"\x89PNG\r\n\x1a\n" + b"\0" * 40):
        with pytest.raises(DomainError) as err:
            store.save_photo(data)
        assert err.value.code == "bad_photo"


def test_images_are_decoded_one_at_a_time(tmp_path, monkeypatch):
    active, most = [0], [0]
    real = media_module.clean_image

    def slow(content: bytes) -> Image.Image:
        active[0] += 1
        most[0] = max(most[0], active[0])
        time.sleep(0.05)
        try:
            return real(content)
        finally:
            active[0] -= 1

    monkeypatch.setattr(media_module, "clean_image", slow)
    store = MediaStore(tmp_path)
    photos = [loaded_jpeg(), loaded_png(), loaded_webp(), loaded_jpeg()]
    threads = [threading.Thread(target=store.save_photo, args=(p,)) for p in photos]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert most[0] == 1
    assert len(list((tmp_path / "media").glob("*.jpg"))) == 3  # two were the same image


# -- through the bot ---------------------------------------------------------------------

HOME = "c1/1/1/101"


async def test_the_9999_pixel_png_sent_as_a_file_is_refused_with_a_clear_message(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "路灯不亮了")
        calls = await bot.send_document(7001, blank_png(9999, 9999))
        assert "9999 × 9999" in calls[-1].text and "太大" in calls[-1].text
        assert "16 兆像素" in calls[-1].text  # a PNG is decoded whole: 16 at most
        calls = await bot.send_photo(7001)  # an ordinary photo still works
        assert "1" in calls[-1].text and "完成" in str(calls[-1].buttons())
    assert len(list((repo.store.root / "media").glob("*.jpg"))) == 1


async def test_uploads_count_against_the_rate_limit_before_anything_is_fetched(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        rate_limit_per_hour=3)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "路灯不亮了")
        for _ in range(3):
            await bot.send_photo(7001)
        fetched = len(bot.sent("getFile"))
        calls = await bot.send_photo(7001)
        # refused, and told the photos received before are kept, with the step's buttons
        assert calls[-1].text.startswith(LIMITED)
        assert "之前收到的 1 张照片都还在" in calls[-1].text  # the same picture thrice
        assert len(bot.sent("getFile")) == fetched  # the fourth was never downloaded


def _encoded(fmt: str, colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(buf, fmt)
    return buf.getvalue()


async def test_a_picture_sent_as_a_file_is_judged_by_its_bytes_not_the_type_the_phone_said(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "路灯不亮了")
        for n, (data, mime) in enumerate([(_encoded("JPEG", (30, 90, 200)), "image/jpg"),
                                          (_encoded("GIF", (200, 30, 30)), "image/gif"),
                                          (_encoded("BMP", (30, 200, 30)), "image/bmp")], start=1):
            calls = await bot.send_document(7001, data, mime_type=mime, file_name="a")
            assert f"第 {n} 张" in calls[-1].text, mime
        for data, mime in [(heic, "image/heic"), (b"not a picture", "image/jpeg"),
                           (b"", "image/png")]:
            calls = await bot.send_document(7001, data, mime_type=mime, file_name="a")
            assert calls[-1].text.startswith("无法识别这张照片，请以“照片”方式重新发送。"), mime
            assert "之前收到的 3 张照片都还在" in calls[-1].text, mime
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 3
    for ref in issue.data["photos"]:
        assert Image.open(MediaStore(repo.store.root).path(ref)).format == "JPEG"
