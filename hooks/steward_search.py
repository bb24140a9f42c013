"""MkDocs hook: make Chinese search work, and fail loudly when it cannot.

Material's search plugin segments Chinese with jieba only if jieba imports;
without it the build succeeds and search silently finds nothing. So this hook
refuses to build without jieba, loads our word list (化粪池, 物管会, 路灯 ...)
so that the words people search for are single tokens, and keeps jieba's
start-up chatter out of the build log.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError

WORDS = Path(__file__).resolve().parent / "zh_words.txt"


def on_config(config, **kwargs):  # type: ignore[no-untyped-def]
    try:
        import jieba
    except ImportError as exc:  # pragma: no cover - jieba is a pinned dependency
        raise PluginError("jieba is not installed: Chinese search would find nothing "
                          "(pip install jieba)") from exc
    jieba.setLogLevel(logging.WARNING)
    if not getattr(jieba, "_steward_words", False):
        jieba.load_userdict(str(WORDS))
        jieba._steward_words = True
    return config
