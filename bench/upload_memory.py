"""The bot's memory while hostile images arrive, measured in a real bot process.

    python -m bench.upload_memory

A child process opens the demo street (``examples/xinyi-street.yaml``), builds
the bot's Application as production does (over the offline Bot API), lets a
confirmed resident start a report, and then sends one image as a file, as an
attacker would. It reports its resident set before the upload and its peak
(``VmHWM``, reset just before the upload through ``/proc/self/clear_refs``)
while the bot handled it, with the bot's answer. The images:

* the 9999 x 9999 PNG of 291 KB that took the bot from 86 MB to 1.26 GB
  (refused from its header now);
* a PNG at the 16-megapixel limit of images decoded whole (the most a PNG
  may cost: decoded in full, then shrunk);
* a JPEG just under the 40-megapixel limit (decoded at a reduced scale);
* a 12-megapixel phone photo sent as a JPEG file.

Every number is this machine's, from this run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 200

SCRIPT = r"""
import asyncio, io, json, sys
from pathlib import Path
from bot.app import build_application
from bot.offline import OfflineBot
from db.config import load_street
from db.privacy import CONSENT_VERSION
from db.repository import Repository

data, image_file, mime = sys.argv[1], sys.argv[2], sys.argv[3]

def status(key):
    return int([l for l in open("/proc/self/status") if l.startswith(key)][0].split()[1]) // 1024

async def main():
    repo = Repository.init(data, load_street(sys.argv[4]))
    area = repo.street.areas[0]
    home = repo.street.area_households(area.id)[0].id
    volunteer = repo.people(volunteer_of=area.id)[0]
    resident = repo.ensure_person(7000001)["id"]
    repo.approve(repo.register(resident, home, consent=CONSENT_VERSION).id, volunteer["id"])
    body = Path(image_file).read_bytes()
    async with OfflineBot(repo) as bot:
        bot.app.bot_data["build_site"] = lambda *a: None
        await bot.send(7000001, "/start")
        await bot.send(7000001, "/report")
        await bot.press(7000001, "rep:cat:other")
        await bot.send(7000001, "test")
        before = status("VmRSS:")
        open("/proc/self/clear_refs", "w").write("5")  # VmHWM from here on
        calls = await bot.send_document(7000001, body, mime_type=mime)
        peak = status("VmHWM:")
    repo.close()
    print(json.dumps({"before_mb": before, "peak_mb": peak, "reply": calls[-1].text}))

asyncio.run(main())
"""


def images() -> list[tuple[str, str, bytes]]:
    """(what, mime type, bytes) of each image sent."""
    import io

    from PIL import Image

    from bot.offline import blank_png

    phone, big = io.BytesIO(), io.BytesIO()
    Image.new("RGB", (4000, 3000), (120, 100, 80)).save(phone, "JPEG", quality=85)
    Image.new("RGB", (7000, 5700), (120, 100, 80)).save(big, "JPEG", quality=85)
    return [
        ("9999 × 9999 PNG of 291 KB", "image/png", blank_png(9999, 9999)),
        ("4000 × 4000 PNG (16 megapixels: the costliest image accepted)", "image/png",
         blank_png(4000, 4000)),
        ("7000 × 5700 JPEG (39.9 megapixels: the largest accepted)", "image/jpeg",
         big.getvalue()),
        ("4000 × 3000 JPEG (a 12-megapixel phone photo)", "image/jpeg",
         phone.getvalue()),
    ]


def measure(body: bytes, mime: str) -> dict[str, object]:
    """Send one image to a fresh bot process; its memory before and at the peak."""
    with tempfile.TemporaryDirectory(prefix="steward-upload-") as tmp:
        image = Path(tmp) / "image"
        image.write_bytes(body)
        out = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(Path(tmp) / "data"), str(image), mime,
             str(ROOT / "examples" / "xinyi-street.yaml")],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return json.loads(out.stdout.strip().splitlines()[-1])


def run() -> list[tuple[str, int, int, str]]:
    """(image, MB before, peak MB, the bot's answer) for each image."""
    rows = []
    for what, mime, body in images():
        got = measure(body, mime)
        rows.append((what, int(got["before_mb"]), int(got["peak_mb"]), str(got["reply"])))
    return rows


def main() -> int:
    print("| image | bot RSS before | peak while handled | bot's answer |")
    print("|---|---:|---:|---|")
    for what, before, peak, answer in run():
        print(f"| {what} | {before} MB | {peak} MB | {answer[:60]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
