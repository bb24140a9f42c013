"""Drive the real PTB Application offline (the code lives in ``bot/offline.py``,
shared with ``steward demo`` and ``steward chat``).

``RecordingRequest`` is a ``telegram.request.BaseRequest`` that answers every
Bot API call locally and records it; ``BotHarness`` builds the application
exactly as production does (``bot.app.build_application``) and feeds it
updates through ``Application.process_update``.
"""

from __future__ import annotations

from bot.offline import BOT_ID, Call, RecordingRequest, jpeg_bytes
from bot.offline import OfflineBot as BotHarness

__all__ = ["BOT_ID", "Call", "RecordingRequest", "BotHarness", "jpeg_bytes"]
