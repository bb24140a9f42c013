"""The demo's drawn photos: Chinese words when a Chinese font is installed, a
drawing without words when none is, and a phone's GPS tags either way."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from bot import demo_photos
from bot.demo_photos import HEIGHT, WIDTH, draw_photo
from site_builder.notice_pdf import find_font


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (WIDTH, HEIGHT)
    return image


def _inked(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many pixels of ``box`` are near white (the words on the dark band)."""
    return sum(image.crop(box).convert("L").histogram()[201:])


@pytest.fixture
def no_font(monkeypatch):
    monkeypatch.setattr("site_builder.notice_pdf.find_font", lambda: None)
    demo_photos._font.cache_clear()
    yield
    demo_photos._font.cache_clear()


def test_a_photo_of_a_place_writes_its_subject_in_chinese_across_it():
    assert find_font() is not None, "no Chinese font: apt-get install fonts-wqy-microhei"
    data = draw_photo("松动的下水井盖", (70, 70, 70), number=3)
    band = (0, HEIGHT // 2 - 30, WIDTH, HEIGHT // 2 + 30)
    assert _inked(_image(data), band) > 500
    other = _image(draw_photo("新换的井盖", (70, 70, 70), number=3))
    assert ImageChops.difference(_image(data).convert("L"), other.convert("L")).getbbox()
    assert 0x8825 in _image(data).getexif()  # GPS, for the bot to remove


def _dark(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many pixels of ``box`` are dark (ink on the paper)."""
    return sum(image.crop(box).convert("L").histogram()[:100])


def test_a_photo_of_a_receipt_is_a_sheet_with_its_lines_written_on():
    assert find_font() is not None, "no Chinese font: apt-get install fonts-wqy-microhei"
    lines = (80, 110, 290, 230)  # below the title, where the lines are written
    blank = _image(draw_photo("发票", (250, 245, 230), paper=True))
    written = _image(draw_photo("发票", (250, 245, 230), paper=True,
                                lines=["化粪池清掏", "金额：3,500.00 元", "收款方：清运队"]))
    assert _dark(blank, lines) == 0
    assert _dark(written, lines) > 300


def test_without_a_chinese_font_the_photos_are_drawn_without_words(no_font):
    place = _image(draw_photo("松动的下水井盖", (70, 70, 70), number=3))
    band = (0, HEIGHT // 2 - 30, WIDTH, HEIGHT // 2 + 30)
    assert _inked(place, band) == 0
    sheet = _image(draw_photo("发票", (250, 245, 230), lines=["化粪池清掏"], paper=True))
    assert sheet.getpixel((WIDTH // 2, HEIGHT // 2))[0] > 200  # the paper, on a dark desk
    assert sheet.getpixel((10, 10))[0] < 120


@pytest.mark.parametrize("font", [True, False])
def test_two_receipts_for_the_same_fee_are_two_different_sheets(monkeypatch, font):
    """Two payments of the same fee and amount: one and the same receipt photo on two
    ledger lines would read as a receipt used twice (the media store keeps one file)."""
    if not font:
        monkeypatch.setattr("site_builder.notice_pdf.find_font", lambda: None)
    demo_photos._font.cache_clear()
    try:
        lines = ["卫生费 2025", "金额：120.00 元"]
        first = draw_photo("收据", (235, 235, 220), number=12, lines=lines, paper=True)
        second = draw_photo("收据", (235, 235, 220), number=13, lines=lines, paper=True)
        again = draw_photo("收据", (235, 235, 220), number=12, lines=lines, paper=True)
    finally:
        demo_photos._font.cache_clear()
    assert first != second and first == again
