"""Drive the real PTB Application offline (the code lives in ``bot/offline.py``,
shared with ``steward demo`` and ``steward chat``).

``RecordingRequest`` is a ``telegram.request.BaseRequest`` that answers every
Bot API call locally and records it; ``BotHarness`` builds the application
exactly as production does (``bot.app.build_application``) and feeds it
updates through ``Application.process_update``.
"""

from __future__ import annotations

from typing import Any

from bot.offline import BOT_ID, Call, OfflineBot, RecordingRequest, jpeg_bytes

__all__ = ["BOT_ID", "Call", "RecordingRequest", "BotHarness", "jpeg_bytes"]


def _no_build(repo: Any, project_dir: Any) -> None:
    """Tests do not build the site unless they say so: a real background build
    would write into the working directory's content/ and site/."""


class BotHarness(OfflineBot):
    """The offline bot with background site builds switched off; a test that wants
    them sets ``app.bot_data["build_site"]`` (or removes it for the real build)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.app.bot_data["build_site"] = _no_build
