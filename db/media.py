"""Photos and voice notes kept next to the store, named by their content.

A photo is decoded with Pillow and re-encoded as JPEG: that drops EXIF (phone
photos carry GPS coordinates of people's homes), fixes orientation, bounds
the size, and refuses anything that is not really an image. A reference is
``<sha256 hex>.<ext>``; entries store references, never paths, so a forged
reference cannot point outside the media folder.

Files are written atomically and fsynced *before* the entry that refers to
them is committed, so an acknowledged entry never points at a missing file.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError
from .storage import atomic_write_bytes

__all__ = ["MediaStore", "MAX_PHOTO_BYTES", "MAX_AUDIO_BYTES", "is_ref"]

MAX_PHOTO_BYTES = 20 * 1024 * 1024  # Telegram's bot download limit
MAX_AUDIO_BYTES = 20 * 1024 * 1024
MAX_SIDE = 1600
THUMB_SIDE = 320
AUDIO_EXTENSIONS = ("ogg", "oga", "mp3", "m4a")
_REF = re.compile(r"^[0-9a-f]{64}\.(jpg|ogg|oga|mp3|m4a)$")

Image.MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs


def is_ref(ref: object) -> bool:
    return isinstance(ref, str) and bool(_REF.match(ref))


class MediaStore:
    """``<data>/media/<ref>`` and ``<data>/media/thumbs/<ref>``."""

    def __init__(self, data_dir: str | Path) -> None:
        self.root = Path(data_dir) / "media"
        self.thumbs = self.root / "thumbs"

    def save_photo(self, content: bytes) -> str:
        """Store a photo without its metadata; returns its reference."""
        if not content:
            raise DomainError("empty photo", code="bad_photo")
        if len(content) > MAX_PHOTO_BYTES:
            raise DomainError("photo too large", code="photo_too_large")
        try:
            with Image.open(io.BytesIO(content)) as img:
                img.load()
                clean = ImageOps.exif_transpose(img).convert("RGB")
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            raise DomainError("not an image", code="bad_photo") from None
        clean.thumbnail((MAX_SIDE, MAX_SIDE))
        body = _jpeg(clean, quality=85)
        ref = hashlib.sha256(body).hexdigest() + ".jpg"
        target = self.root / ref
        if not target.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, body)
        thumb = self.thumbs / ref
        if not thumb.exists():
            small = clean.copy()
            small.thumbnail((THUMB_SIDE, THUMB_SIDE))
            self.thumbs.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(thumb, _jpeg(small, quality=75))
        return ref

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
        target = self.root / ref
        if not target.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, content)
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


def _jpeg(img: Image.Image, *, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()
