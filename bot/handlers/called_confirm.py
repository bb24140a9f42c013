"""照发 / 隐去“老杨”再发 / 取消 under the summary of a flow whose words go to every
resident and the site for good, when they call someone by surname (门卫老杨, 李师傅:
``db.chinese_names.neighbours_called``) or name one in full (由王建国负责: ``db.full_names``):
an announcement (/announce), a proposal (/propose: its title and description), a
withdrawal's reason (/withdraw).

Before, their summaries only warned (“老杨”像是在称呼某个人…要改，请点“⬅️ 上一步”), and
the one way to send them without the name was to write them again. Now, as for a stage
note or a report's step (``bot.handlers.called_ask``, whose words and masking these are),
the summary also shows the words with the name masked ([姓名已隐藏]) and its confirming
button becomes 照发 (``<prefix>:ok:1``, as before) beside 隐去“老杨”再发
(``<prefix>:ok:2``) and 取消 (``<prefix>:ok:0``). These flows hold their words in a
sealed draft already (``bot.flows``): nothing is stored before a press, a press under
another draft or after the flow ended is refused, and a press stored just before the bot
stopped is finished at the next start by the flow's finisher, which reads the words as
the button sent them (``as_pressed``). 隐去 pressed where nothing was called (a forged
button) is refused (``choice``)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.ext import ContextTypes

from ..context import t
from ..describe import quoted
from ..flows import SEAL
from ..full_name_note import named_in
from ..i18n import lazy
from .called_ask import HIDDEN, SEND, SEND_HIDDEN, hidden_note

__all__ = ["HIDE", "CALLED", "called", "choices", "called_lines", "choice", "as_pressed",
           "sent_by"]

HIDE = "2"  # <prefix>:ok:2, 隐去“老杨”再发
CALLED = lazy("⚠️ {words} reads like a person called by name: once sent and published it "
              "cannot be hidden. To send it with the name masked, press Send with {words} "
              "hidden below; to change it, press ⬅️ Back to the step it was written at.")


def called(texts: Sequence[object]) -> list[str]:
    """The words of ``texts`` that read like a person called by surname (门卫老杨) or
    named in full (由王建国负责: ``bot.full_name_note.named_in``)."""
    return named_in("\n".join(str(x or "") for x in texts))


def choices(context: ContextTypes.DEFAULT_TYPE, prefix: str, texts: Sequence[object],
            send: str) -> list[tuple[str, str]]:
    """The summary's buttons: ``send`` and Cancel; when ``texts`` call someone, 照发 /
    隐去“老杨”再发 / 取消 (``bot.flows.keyboard`` choices, to seal with ``<prefix>:ok``)."""
    words = called(texts)
    cancel = (t(context, "Cancel"), f"{prefix}:ok:0")
    if not words:
        return [(send, f"{prefix}:ok:1"), cancel]
    return [(t(context, SEND), f"{prefix}:ok:1"),
            (t(context, SEND_HIDDEN, words=quoted(words)), f"{prefix}:ok:{HIDE}"), cancel]


def called_lines(context: ContextTypes.DEFAULT_TYPE, texts: Sequence[object]) -> str:
    """Two new lines saying that ``texts`` call someone and how they read with the name
    masked (each of them on a line of its own); "" when they call no one."""
    words = called(texts)
    if not words:
        return ""
    masked = "\n".join(hidden_note(str(x or ""), words) for x in texts)
    return "\n\n" + t(context, CALLED, words=quoted(words)) + "\n\n" + t(
        context, HIDDEN, words=quoted(words), text=masked)


def sent_by(update: Update, prefix: str) -> str | None:
    """"1" (照发, or the flow's one confirming button) or ``HIDE`` (隐去) when ``update``
    is the press of ``<prefix>:ok:1`` or ``<prefix>:ok:2`` (its seal aside); else None."""
    query = update.callback_query
    data = (query.data or "").split(SEAL, 1)[0] if query is not None else ""
    return data.rsplit(":", 1)[1] if data in (f"{prefix}:ok:1", f"{prefix}:ok:{HIDE}") \
        else None


def choice(update: Update, prefix: str, texts: Sequence[object]) -> str | None:
    """The summary's button pressed: "0" (Cancel), "1" (send as written) or ``HIDE``;
    None for any other (隐去 where nothing is called: not offered, so forged)."""
    query = update.callback_query
    data = (query.data or "").split(SEAL, 1)[0] if query is not None else ""
    if data == f"{prefix}:ok:0":
        return "0"
    pressed = sent_by(update, prefix)
    return None if pressed == HIDE and not called(texts) else pressed


def as_pressed(update: Update, prefix: str, texts: Sequence[str]) -> list[str]:
    """``texts`` as the pressed button sends them: each with the names they call masked
    for 隐去 (``<prefix>:ok:2``), as written for any other."""
    if sent_by(update, prefix) != HIDE:
        return list(texts)
    words = called(texts)
    return [hidden_note(x, words) for x in texts]
