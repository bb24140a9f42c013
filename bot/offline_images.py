"""Images made up for the offline bot (tests, ``steward demo``, the bench): a small
JPEG with a phone's EXIF GPS tags (to check they are stripped), and a huge blank PNG (a
decoder bomb). Re-exported by ``bot.offline``."""

from __future__ import annotations

import io
from typing import Any

__all__ = ["jpeg_bytes", "jpeg_of", "blank_png"]


def jpeg_bytes(size: tuple[int, int] = (64, 48), *, gps: bool = True,
               colour: tuple[int, int, int] = (200, 120, 40), label: str = "") -> bytes:
    """A small JPEG, with EXIF GPS tags when ``gps`` (to check they are stripped).

    ``label`` draws a short ASCII text on it (the tests number their photos; the
    demo's are drawn in Chinese by ``bot.demo_photos``)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, colour)
    if label:
        ImageDraw.Draw(img).text((4, 4), label[:40], fill=(255, 255, 255))
    return jpeg_of(img, gps=gps)


def jpeg_of(img: Any, *, gps: bool = True) -> bytes:
    """``img`` (a Pillow image) as JPEG, with a phone's EXIF GPS tags when ``gps``."""
    from PIL import Image

    buf = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {1: "N", 2: (37.0, 8.0, 0.0), 3: "E", 4: (111.0, 46.0, 0.0)}
        img.save(buf, "JPEG", exif=exif)
    else:
        img.save(buf, "JPEG")
    return buf.getvalue()


def blank_png(width: int, height: int) -> bytes:
    """A black RGB PNG of any size, written row by row (a 9999 x 9999 one is 291 KB
    and never 300 MB in memory): what an attacker sends to exhaust a decoder."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body +
                struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    packer = zlib.compressobj(9)
    row = b"\0" * (1 + 3 * width)  # filter byte "none", then black pixels
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) +
            chunk(b"IEND", b""))
