"""A built site in Debian's chromium, driven by Playwright: the site served over a local
HTTP server, the browser, and a phone-sized page that records (and blocks) every
request to another host, every dialog a script opened and every script error. For the
tests of the site in a real browser (test_site_browser, test_site_verify_browser)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that leaves a page while a file of it is still coming closes the
    connection: not an error of the site, and no traceback in the test's output."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1 (each request read from disk): its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium (the tests fail, not skip, without it)."""
    from playwright import sync_api

    assert CHROMIUM is not None, "Debian's chromium is missing: apt-get install chromium"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def phone_page(browser: Any, base: str) -> Iterator[Any]:
    """A page 390 × 844 (a phone) that may fetch only from ``base``: what it asked of
    another host (``page.outside``, blocked), the dialogs scripts opened
    (``page.dialogs``, dismissed) and script errors (``page.errors``)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.outside, page.dialogs, page.errors = [], [], []

    def guard(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        yield page
    finally:
        context.close()
