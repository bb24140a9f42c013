"""Photos and voice notes kept next to the store, named by their content.

A photo is an untrusted upload, and decoding one is the costliest thing the
bot does, so:

* its dimensions are read from its header first, and an image of more than
  ``MAX_PIXELS`` (40 megapixels) is refused before a pixel is decoded (a
  291 KB PNG of 9999 x 9999 would need 300 MB to decode); a PNG, WebP, GIF or
  BMP, decoded whole (only a JPEG can be decoded at a reduced scale), may have
  ``MAX_PIXELS_WHOLE`` (16 megapixels: a screenshot is at most 8; the bot
  peaked at 283 MB for a 39.9-megapixel PNG, 4.5 times its idle memory);
* only JPEG, PNG, WebP, GIF and BMP are opened (no format that runs a helper
  program, such as EPS);
* a JPEG is decoded at a reduced scale (``draft``) when it is larger than
  what is kept, and every image is shrunk to ``MAX_SIDE`` at once;
* one image is decoded at a time (``_DECODE``), whatever the number of
  uploads arriving together;
* what is kept carries no metadata at all: EXIF (GPS, maker notes), XMP,
  IPTC, ICC profiles, JPEG comments, PNG text chunks. A plain JPEG no larger
  than what is kept and already upright (what Telegram makes of a photo) keeps
  its compressed pixels byte for byte, with every other segment dropped
  (``db.jpeg_segments``): no second lossy encoding, and a seventh of the CPU;
  its thumbnail is decoded at a reduced scale, which also proves the whole
  picture decodes. Anything else is re-encoded as a new JPEG from its pixels
  alone, orientation applied first.

A reference is ``<sha256 hex>.<ext>``; entries store references, never paths,
so a forged reference cannot point outside the media folder.

Files are written atomically and fsynced *before* the entry that refers to
them is committed, so an acknowledged entry never points at a missing file.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import threading
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from . import fsio
from .errors import DomainError
from .jpeg_segments import picture_only
from .storage import atomic_write_bytes, fsync_dir

__all__ = ["MediaStore", "MAX_PHOTO_BYTES", "MAX_AUDIO_BYTES", "MAX_PIXELS", "MAX_PIXELS_WHOLE",
           "is_ref", "without_media",
           "clean_image"]

MAX_PHOTO_BYTES = 20 * 1024 * 1024  # Telegram's bot download limit
MAX_AUDIO_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000  # larger images are refused before they are decoded
MAX_PIXELS_WHOLE = 16_000_000  # the same for formats decoded at full size (not JPEG)
MAX_SIDE = 1600
THUMB_SIDE = 320
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")
AUDIO_EXTENSIONS = ("ogg", "oga", "mp3", "m4a")
_REF = re.compile(r"^[0-9a-f]{64}\.(jpg|ogg|oga|mp3|m4a)$")

# Pillow's own bomb check, far above ours: ours (with the image's size in the
# message) comes first; Pillow's stays as a last lock for anything else.
Image.MAX_IMAGE_PIXELS = 25 * MAX_PIXELS
_DECODE = threading.Lock()  # one image decoded at a time
# One media file written at a time: two people sending the same picture at once
# make the same file, and its one temporary name (``atomic_write_bytes``) is not
# to be shared (the second rename found nothing: "could not write").
_WRITE = threading.Lock()


def is_ref(ref: object) -> bool:
    return isinstance(ref, str) and bool(_REF.match(ref))


def without_media(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its photos and voice notes named no more: a field holding a
    reference is None, one holding a list of them an empty list (the files then go
    with ``db.media_sweep``, unless something else names them)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if is_ref(value):
            value = None
        elif isinstance(value, list) and value and all(is_ref(v) for v in value):
            value = []
        out[key] = value
    return out


class MediaStore:
    """``<data>/media/<ref>`` and ``<data>/media/thumbs/<ref>``."""

    def __init__(self, data_dir: str | Path) -> None:
        self.root = Path(data_dir) / "media"
        self.thumbs = self.root / "thumbs"

    def save_photo(self, content: bytes) -> str:
        """Store a photo without any metadata; returns its reference."""
        if not content:
            raise DomainError("empty photo", code="bad_photo")
        if len(content) > MAX_PHOTO_BYTES:
            raise DomainError("photo too large", code="photo_too_large")
        with _DECODE:
            kept = _as_it_is(content)
            if kept is None:
                clean = clean_image(content)
        if kept is not None:
            body, clean = kept
        else:
            body = _jpeg(clean, quality=85)
        ref = hashlib.sha256(body).hexdigest() + ".jpg"
        self._write(self.root / ref, body)
        thumb = self.thumbs / ref
        if not thumb.exists():
            # In place (the photo is written already), averaging whole blocks of pixels
            # first (reducing_gap=1): a quarter of the time of Lanczos from twice the
            # size, the same picture at this size (a phone photo: 1.1 ms instead of 4.6).
            clean.thumbnail((THUMB_SIDE, THUMB_SIDE), reducing_gap=1.0)
            self._write(thumb, _jpeg(clean, quality=75))
        return ref

    @staticmethod
    def _write(target: Path, body: bytes) -> None:
        """Write a media file unless it is there (its name is its content's hash);
        one that is there is touched: stored again, it is about to be named by a
        draft, and ``db.media_sweep`` deletes no file touched within its grace."""
        with _WRITE:
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(target, body)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.utime(target)

    # -- deleting what nothing names (``db.media_sweep``) --------------------

    def stale(self, before: float) -> set[str]:
        """The names of the photos and voice notes last written before ``before``
        (seconds since the epoch), and of the thumbnails left without their photo."""
        found: set[str] = set()
        for folder, orphans_only in ((self.root, False), (self.thumbs, True)):
            try:
                entries = list(os.scandir(folder))
            except FileNotFoundError:
                continue
            for entry in entries:
                if not is_ref(entry.name):
                    continue  # not a media file (a temporary one being written)
                if orphans_only and (self.root / entry.name).exists():
                    continue
                with contextlib.suppress(FileNotFoundError):
                    if entry.stat().st_mtime < before:
                        found.add(entry.name)
        return found

    def remove_stale(self, name: str, before: float) -> tuple[int, int] | None:
        """Delete the file ``name`` and its thumbnail if the file (or, without it, the
        thumbnail) was still last written before ``before``, under the write lock: a
        photo stored again meanwhile is kept. (files, bytes) deleted, None if kept."""
        photo, thumb = self.path(name), self.thumbs / name
        with _WRITE:
            try:
                st = (photo if photo.exists() else thumb).stat()
            except FileNotFoundError:
                return None  # vanished meanwhile
            if st.st_mtime >= before:
                return None
            files = size = 0
            for path in (thumb, photo):  # the thumbnail first: see db.media_sweep
                try:
                    bytes_ = path.stat().st_size
                    fsio.ops.unlink(path)
                except FileNotFoundError:
                    continue
                size += bytes_
                files += path is photo
            return files, size

    def sync(self) -> None:
        """Make the deletions survive a power cut."""
        for folder in (self.root, self.thumbs):
            if folder.exists():
                fsync_dir(folder)

    def save_audio(self, content: bytes, ext: str = "ogg") -> str:
        """Store a voice note as it came; returns its reference."""
        ext = ext.lower().lstrip(".")
        if ext not in AUDIO_EXTENSIONS:
            raise DomainError("unsupported audio", code="bad_audio")
        if not content:
            raise DomainError("empty audio", code="bad_audio")
        if len(content) > MAX_AUDIO_BYTES:
            raise DomainError("audio too large", code="audio_too_large")
        ref = hashlib.sha256(content).hexdigest() + "." + ext
        self._write(self.root / ref, content)
        return ref

    def path(self, ref: str) -> Path:
        if not is_ref(ref):
            raise DomainError("bad media reference", code="bad_media_ref")
        return self.root / ref

    def thumb_path(self, ref: str) -> Path:
        """The thumbnail of a photo (the photo itself for old files without one)."""
        path = self.thumbs / self.path(ref).name
        return path if path.exists() else self.root / ref

    def exists(self, ref: str) -> bool:
        return is_ref(ref) and (self.root / ref).exists()


def _as_it_is(content: bytes) -> tuple[bytes, Image.Image] | None:
    """A plain JPEG's picture without its other segments, and the picture decoded
    at a reduced scale for its thumbnail; None when the photo is to be re-encoded
    instead (``clean_image``): not a plain JPEG (``picture_only``), larger than
    ``MAX_SIDE``, turned by an EXIF orientation, in colours other than RGB or
    grey, or not decoding. Hold ``_DECODE``."""
    body = picture_only(content)
    if body is None:
        return None
    try:
        with Image.open(io.BytesIO(content), formats=("JPEG",)) as original:
            size, mode = original.size, original.mode
            if (max(size) > MAX_SIDE or mode not in ("RGB", "L")
                    or original.getexif().get(0x0112, 1) != 1):
                return None
        with Image.open(io.BytesIO(body), formats=("JPEG",)) as img:
            if img.size != size or img.mode != mode:
                return None
            img.draft(mode, (THUMB_SIDE, THUMB_SIDE))  # every block decoded, at 1/2..1/8
            img.load()
            return body, img.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            Image.DecompressionBombError):
        return None


def clean_image(content: bytes) -> Image.Image:
    """The picture in ``content``, upright, at most ``MAX_SIDE`` pixels a side, as a
    new RGB image that carries nothing but its pixels. Refuses (``DomainError``)
    what is not an image of an allowed format, and any image of more than
    ``MAX_PIXELS``, before decoding it. Hold ``_DECODE`` (``MediaStore`` does)."""
    try:
        with Image.open(io.BytesIO(content), formats=FORMATS) as img:
            width, height = img.size  # from the header: nothing is decoded yet
            limit = MAX_PIXELS if img.format == "JPEG" else MAX_PIXELS_WHOLE
            if width * height > limit:
                raise DomainError("image too large", code="photo_too_many_pixels",
                                  width=width, height=height,
                                  max_megapixels=limit // 1_000_000)
            if img.format == "JPEG" and max(width, height) > MAX_SIDE:
                # Decode at 1/2 .. 1/8 scale, keeping the long side >= MAX_SIDE.
                scale = MAX_SIDE / max(width, height)
                img.draft("RGB", (int(width * scale), int(height * scale)))
            img.load()
            orientation = img.getexif().get(0x0112, 1)
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            small = _flatten(img)
    except Image.DecompressionBombError:
        raise DomainError("image too large", code="photo_too_many_pixels", width="?",
                          height="?", **_LIMIT) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise DomainError("not an image", code="bad_photo") from None
    method = _TRANSPOSE.get(orientation)
    if method is not None:
        small = small.transpose(method)
    # A new image from the pixels alone: Pillow would carry a JPEG comment (and
    # anything else in ``info``) over to the copy it saves.
    return Image.frombytes("RGB", small.size, small.tobytes())


_LIMIT = {"max_megapixels": MAX_PIXELS // 1_000_000}  # as the messages say it
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


def _flatten(img: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (a screenshot's background)."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if img.mode.startswith("I;16") or img.mode in ("I", "F"):
        img = img.point(lambda v: v / 256).convert("L")  # 16-bit and float greys
    return img.convert("RGB")


def _jpeg(img: Image.Image, *, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
