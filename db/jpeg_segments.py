"""A plain JPEG's picture without anything else: its metadata segments dropped,
its compressed pixels kept byte for byte (no second lossy encoding).

A JPEG is a run of marker segments. What a decoder needs to draw the picture
is the frame header (SOFn), its tables (DQT, DHT, DAC, DRI) and the scans
(SOS and the entropy-coded data after it, restart markers included). Every
other segment is dropped: APP0–APP15 (JFIF and its thumbnail, EXIF with GPS
and maker notes, XMP, ICC profiles, Photoshop/IPTC, Adobe), COM (comments),
and whatever follows the end of the image. When the picture had a JFIF
header, a fresh one without a thumbnail is written in its place, and none when
it had none: a decoder reads a three-component picture as YCbCr when it sees
JFIF, and otherwise by its components' ids ('R', 'G', 'B' is RGB), so the
colours come out as they did.

``picture_only`` answers None for anything it is not sure of (a marker it
does not know, a segment running past the end, several frames, an Adobe
segment, whose colour transform the picture needs): the caller then decodes
and re-encodes the picture instead (``db.media``).
"""

from __future__ import annotations

import struct

__all__ = ["picture_only", "JFIF"]

# APP0 "JFIF", version 1.01, no units, 1:1 pixel aspect, no thumbnail.
JFIF = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"

# Baseline, extended and progressive Huffman-coded frames of 8-bit samples: what
# every browser draws. Arithmetic coding, lossless, hierarchical and 12-bit
# pictures are decoded and encoded again (browsers draw none of them).
_FRAMES = {0xC0, 0xC1, 0xC2}
_TABLES = {0xC4, 0xDB, 0xDD}  # DHT, DQT, DRI
_SOS, _EOI, _SOI = 0xDA, 0xD9, 0xD8
_ADOBE = 0xEE  # APP14: holds the colour transform of the picture
_APP0 = 0xE0  # JFIF (or JFXX, its thumbnail)


def picture_only(content: bytes) -> bytes | None:
    """``content`` (a JPEG) with only the segments that draw its picture, or None
    when it is not a JPEG this can take apart with confidence."""
    n = len(content)
    if n < 4 or content[0] != 0xFF or content[1] != _SOI:
        return None
    out = [b"\xff\xd8"]
    pos, frames, scans, jfif = 2, 0, 0, False
    while True:
        if pos + 2 > n or content[pos] != 0xFF:
            return None
        while pos + 1 < n and content[pos + 1] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos + 2 > n:
            return None
        marker = content[pos + 1]
        if marker == _EOI:
            break
        if pos + 4 > n:
            return None
        length = (content[pos + 2] << 8) | content[pos + 3]
        end = pos + 2 + length
        if length < 2 or end > n:
            return None
        if marker == _ADOBE:
            return None
        if marker == _APP0 and content[pos + 4:pos + 9] == b"JFIF\x00":
            jfif = True
        if marker in _FRAMES:
            if length < 8 or content[pos + 4] != 8:  # sample precision
                return None
            frames += 1
            out.append(content[pos:end])
        elif marker in _TABLES:
            out.append(content[pos:end])
        elif marker == _SOS:
            if not frames:
                return None
            scans += 1
            data_end = _scan_end(content, end)
            if data_end is None:
                return None
            out.append(content[pos:data_end])
            end = data_end
        elif not (0xE0 <= marker <= 0xEF or marker == 0xFE):
            return None  # a marker this does not know: not a plain picture
        pos = end
    if frames != 1 or not scans:
        return None
    out.append(b"\xff\xd9")
    if jfif:
        out.insert(1, JFIF)
    return b"".join(out)


def _scan_end(content: bytes, pos: int) -> int | None:
    """Where the entropy-coded data starting at ``pos`` ends: the next marker that
    is neither a stuffed 0xFF00 nor a restart marker (RST0–RST7)."""
    n = len(content)
    while True:
        pos = content.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= n:
            return None
        follower = content[pos + 1]
        if follower == 0x00 or 0xD0 <= follower <= 0xD7 or follower == 0xFF:
            pos += 1 if follower == 0xFF else 2
            continue
        return pos
