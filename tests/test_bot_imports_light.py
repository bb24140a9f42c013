"""The bot's process stays small (issue 23: at most 150 MB with a 50-area street): its
modules import none of the site builder's heavy libraries. A three-line helper of the
site's filters, imported into /notice's handler, brought Python-Markdown, markupsafe and
xml.etree into the bot (+1.7 MB; the bench measured its peak at 152 MB)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("markdown", "mkdocs", "material", "jieba", "jinja2", "reportlab", "site_builder.filters",
         "site_builder.render")


def test_the_bot_imports_none_of_the_sites_heavy_libraries():
    code = ("import sys; import bot.app, db.repository; "
            f"heavy = {HEAVY!r}; "
            "found = sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy); "
            "print(','.join(found))")
    out = subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout.strip()
    assert out == ""
