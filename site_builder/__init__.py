"""The public site builder: store -> Jinja2 -> Markdown -> MkDocs.

``build_site(repo, project_dir)`` is the one entry point (see ``build.py``
for its stages); the CLI's ``steward build`` and the bot's publisher call it.
It is imported on first use, so that a light module of the package (the
project folder's ``project``) costs the bot nothing at start.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_site", "BuildReport"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
