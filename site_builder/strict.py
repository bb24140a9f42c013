"""MkDocs' warnings counted during a build as ``mkdocs build --strict`` counts them
(``strict_warnings``), and the build failed the same way (``abort_on_warnings``),
naming the first warnings, in whichever process of the build they were logged
(``Warnings.since`` / ``add``)."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from typing import Any

__all__ = ["FIRST_WARNINGS", "Warnings", "strict_warnings", "abort_on_warnings", "in_chinese",
           "load_config_strictly"]

FIRST_WARNINGS = 3  # the warnings a failed build names (the first ones; each cut)


class Warnings(logging.Handler):
    """Counts the warnings as MkDocs' own ``CountHandler`` does for ``--strict``, and
    keeps the first ones' texts, so that a failed build says what failed (in the
    log and in the admins' alert), not only how many."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts: dict[int, int] = {}
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelno] = self.counts.get(record.levelno, 0) + 1
        if len(self.first) < FIRST_WARNINGS:
            self.first.append(" ".join(record.getMessage().split())[:300])

    def state(self) -> tuple[dict[int, int], int]:
        return dict(self.counts), len(self.first)

    def since(self, state: tuple[dict[int, int], int]) -> tuple[dict[int, int], list[str]]:
        """The warnings counted since ``state``."""
        counts, first = state
        return ({k: v - counts.get(k, 0) for k, v in self.counts.items()
                 if v > counts.get(k, 0)}, self.first[first:])

    def add(self, more: tuple[dict[int, int], list[str]]) -> None:
        """Count warnings counted elsewhere (``since`` in the other process)."""
        counts, first = more
        for k, v in counts.items():
            self.counts[k] = self.counts.get(k, 0) + v
        self.first += first[:FIRST_WARNINGS - len(self.first)]

    def get_counts(self) -> list[tuple[str, int]]:
        return [(logging.getLevelName(k), v) for k, v in sorted(self.counts.items(), reverse=True)]


@contextlib.contextmanager
def strict_warnings(strict: bool) -> Iterator[Any]:
    """Count MkDocs warnings, as ``mkdocs build --strict`` does."""
    counter = Warnings()
    logger = logging.getLogger("mkdocs")
    if strict:
        logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)


def abort_on_warnings(counter: Any) -> None:
    """Fail as ``mkdocs build --strict`` does when warnings were logged."""
    from mkdocs.exceptions import Abort

    if counts := counter.get_counts():
        msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
        first = counter.first
        told = "；".join(in_chinese(w) for w in first)
        raise Abort(f"MkDocs 报了 {sum(v for _, v in counts)} 个问题，严格模式下网站不生成"
                    + (f"：{told}" if told else "") + " / "
                    f"Aborted with {msg} in strict mode!"
                    + (f" The first: {' | '.join(first)}" if first else ""))


# MkDocs' warnings an operator meets after editing a page of the project by hand
# (``mkdocs/structure/pages.py``), as the operator is to read them: the page's file in
# the project folder (the pages are in its content/), and what to mend.
_CHINESE = (
    (re.compile(r"Doc file '(?P<page>[^']*)' contains a link '(?P<link>[^']*)', but the "
                r"target(?: '[^']*')? is not found among documentation files\."),
     "网站项目的 content/{page} 里的链接 {link} 指向的页面不存在：请改正或删掉这个链接"),
    (re.compile(r"Doc file '(?P<page>[^']*)' contains an unrecognized relative link "
                r"'(?P<link>[^']*)'"),
     "网站项目的 content/{page} 里的链接 {link} 认不出指向哪个文件：请写出文件名（如 about.md）"),
    (re.compile(r"Doc file '(?P<page>[^']*)' contains a link '(?P<link>[^']*)', but "
                r"(?:there is no such anchor on this page|the doc '[^']*' does not contain "
                r"an anchor '[^']*')"),
     "网站项目的 content/{page} 里的链接 {link} 指向的标题（# 后面的部分）不存在：请改正这个链接"),
    (re.compile(r"Config value '(?P<key>[^']*)': "),
     "网站项目的 mkdocs.yml 里的 {key} 不对：请对照 steward site init 生成的 mkdocs.yml 改正"),
    (re.compile(r"A reference to '(?P<page>[^']*)' is included in the 'nav' configuration, "
                r"which is not found"),
     "网站项目的 mkdocs.yml 的 nav 里写了 {page}，但 content/ 里没有这个页面"),
)


def load_config_strictly(config_file: Any, **kwargs: Any) -> Any:
    """MkDocs' configuration read from ``config_file``, a mistake in it (mkdocs.yml
    edited by hand) failing as a build's warnings do, naming the key in Chinese first:
    MkDocs itself says only how many there were (and each on a log line of its own,
    which the bot's build worker does not log), a YAML mistake in English alone."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        with strict_warnings(True) as loading:
            return load_config(config_file=str(config_file), **kwargs)
    except ConfigurationError as exc:
        raise Abort(f"网站项目的 mkdocs.yml 读不了（YAML 写错了？后面的英文说是哪一行） / "
                    f"{exc}") from exc
    except Abort:
        abort_on_warnings(loading)
        raise


def in_chinese(warning: str) -> str:
    """A MkDocs warning as the operator is to read it in Chinese: what to mend and
    where, for those met after a page of the project was edited by hand; else the
    warning itself (it follows in English anyway)."""
    for pattern, zh in _CHINESE:
        if m := pattern.search(warning):
            return zh.format(**m.groupdict())
    return f"“{warning}”"
