"""`steward serve`'s lines, one per request, as the operator reads them beside the
bot's log: in the street's clock (China, +08:00), whatever the machine's zone."""

from __future__ import annotations

import http.server
import re
import threading
import time
import urllib.request
from datetime import datetime, timedelta

from cli.site import site_handler
from db.core import CHINA_TZ


def test_serve_logs_each_request_in_the_streets_time(tmp_path, monkeypatch, capsys):
    """On a machine left on UTC it logged [05/Dec/2026 21:30:31] at 05:30 in the street,
    while every other line the operator reads says 2026-12-06 05:30:31+08:00."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>首页</p>", "utf-8")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), site_handler(site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        before = datetime.now(CHINA_TZ).replace(microsecond=0)
        urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/").read()
    finally:
        server.shutdown()
        server.server_close()
        monkeypatch.delenv("TZ")
        time.tzset()
    [line] = capsys.readouterr().err.splitlines()
    m = re.search(r"\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00)\] \"GET / HTTP/1.1\" 200", line)
    assert m, line
    assert timedelta(0) <= datetime.fromisoformat(m[1]) - before < timedelta(seconds=30), line
