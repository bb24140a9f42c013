"""What a volunteer left unfinished in an area when /revoke (or /seat) ended her role
there (``db.handover``): the admin reads it under 已完成, and the area's volunteers who
remain are told which reports she was handling, so that they do not wait for someone
who is gone. Before, nothing noted them: a report she had accepted stayed 处理中 with
nobody on it, and her unfinished /expense was found by no one."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry
from db.handover import Left, work_left
from db.money import format_fen

from ..commands import Audience, commands_of
from ..context import lang_of, read, reply, repo_of, status_word, t, word
from ..drafts import DRAFT
from ..flows import short
from ..i18n import lazy
from ..kept_records import KEPT
from ..notify import notify_once
from ..voice_words import entry_words

__all__ = ["tell_left"]

SHOWN = 10  # reports and entries listed in each message

LEFT = lazy("{user} left this unfinished in {area}:")
REPORTS_LEFT = lazy("Reports they were handling (the other volunteers of the area were told "
                    "of them):")
WAITING_LEFT = lazy("What they recorded, still waiting for another volunteer's approval (it "
                    "stays in the queue):")
DRAFTS_LEFT = lazy("Started and not sent, which can no longer be sent: {commands}.")
TOLD_OTHERS = lazy("{user} is no longer a volunteer of {area}. The reports they were "
                   "handling now wait for one of you:\n{reports}\nPress \"Handle reports\" "
                   "in the menu to see all the open reports.")
MORE = lazy("…and {n} more.")


def _report_line(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    return f"#{entry.id} {short(entry_words(lang_of(context), entry.data, brief=True), 20)}" \
           f" — {status_word(context, entry.kind, entry.status)}"


def _waiting_line(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    amount = entry.data.get("amount_fen")
    return " ".join(filter(None, [f"#{entry.id}", word(context, labels.KIND, entry.kind),
                                  format_fen(amount) if isinstance(amount, int) else ""]))


def _listed(context: ContextTypes.DEFAULT_TYPE, lines: list[str]) -> list[str]:
    return lines[:SHOWN] + ([t(context, MORE, n=len(lines) - SHOWN)]
                            if len(lines) > SHOWN else [])


def _drafts(context: ContextTypes.DEFAULT_TYPE, tid: int, area: str) -> list[str]:
    """The volunteers' commands whose draft for ``area`` she has (being filled, or kept
    aside with 继续填写), as /expense."""
    flows = {c.flow.name: c.name for c in commands_of(context.application)
             if c.flow is not None and c.audience == Audience.VOLUNTEER}
    data: dict[str, Any] = dict(context.application.user_data.get(tid) or {})
    found = [name for flow, name in flows.items()
             if isinstance(data.get(DRAFT + flow), dict) and
             data[DRAFT + flow].get("area") == area]
    kept = data.get(KEPT)
    if not isinstance(kept, dict):
        kept = {}
    found += [name for flow, name in flows.items() if isinstance(kept.get(flow), dict) and
              (kept[flow].get("draft") or {}).get("area") == area and name not in found]
    return [f"/{name}" for name in sorted(found)]


async def tell_left(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    subject: dict[str, Any], area: str, user: str, area_name: str,
                    key: str) -> None:
    """Tells the admin what ``subject`` (``user``, as the admin knows them) left
    unfinished in ``area``, and the area's remaining volunteers (once: ``key``) the
    reports they were handling; nothing when nothing was left."""
    repo = repo_of(context)
    left: Left = await read(work_left, repo, subject["id"], area)
    drafts = _drafts(context, int(subject["telegram_id"]), area) \
        if subject.get("telegram_id") else []
    if not left and not drafts:
        return
    lines = [t(context, LEFT, user=user, area=area_name)]
    if left.reports:
        lines += [t(context, REPORTS_LEFT),
                  *_listed(context, [_report_line(context, e) for e in left.reports])]
    if left.waiting:
        lines += [t(context, WAITING_LEFT),
                  *_listed(context, [_waiting_line(context, e) for e in left.waiting])]
    if drafts:
        lines.append(t(context, DRAFTS_LEFT, commands="、".join(drafts)))
    await reply(update, "\n".join(lines))
    if left.reports:
        others = [p for p in await read(repo.people, volunteer_of=area)
                  if p["id"] != subject["id"]]
        reports = "\n".join(_listed(context, [
            f"#{e.id} {short(entry_words(lang_of(context), e.data, brief=True), 20)}"
            for e in left.reports]))
        await notify_once(context, others, key, TOLD_OTHERS, user=user, area=area_name,
                          reports=reports)
