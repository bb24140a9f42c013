"""Scenes of the demo year (``bot.demo``) for volunteers in the field: a voice
report approved with the volunteer's written summary, a grid worker acting for
a household (代办) by building, unit and room buttons, the neighbour who
pressed "me too" hearing of a report's resolution, and a volunteer's first
questions. Each goes through the real
handlers, as the rest of the demo does; ``demo`` is the ``bot.demo.Demo``
playing the year.
"""

from __future__ import annotations

from typing import Any

from db import labels
from db.voice import public_text

__all__ = ["voice_report", "proxy_report", "told", "new_volunteer"]

VOICE_NOTE = b"OggS" + bytes(range(256)) * 16  # what the phone sends: an Ogg/Opus file


def told(calls: list[Any], chat_id: int) -> int:
    """How many messages of ``calls`` went to ``chat_id``."""
    return sum(1 for c in calls if c.chat_id == chat_id and c.method.startswith("send"))


async def voice_report(demo: Any, tid: int, category: str, seconds: int, approver: int,
                       summary: str) -> int:
    """A resident reports by a voice message; the volunteer hears it with the post and
    approves it with a short summary, which the site shows. Returns the report's id."""
    await demo.send(tid, demo.zh("Report"))
    await demo.press(tid, labels.ISSUE_CATEGORY[category].zh, exact=True)
    if demo.verbose:
        demo.log_line(f"    {tid}: (voice message, {seconds} s)")
    calls = demo._count(await demo.bot.send_voice(tid, VOICE_NOTE, duration=seconds))
    if any(d.startswith("rep:me:") for c in calls for _, d in c.buttons()):
        await demo.press(tid, demo.zh("Mine is different, continue"))
    await demo.press(tid, demo.zh("No photo, continue"))
    await demo.press(tid, demo.zh("Not about one building"))
    calls = await demo.press(tid, demo.zh("Submit"), exact=True)
    entry_id = int(demo.entry_id(calls, tid))
    heard = sum(1 for c in calls if c.chat_id == approver and c.method == "sendVoice")
    await demo.press_data(approver, f"q:v:{entry_id}")
    await demo.send(approver, summary)
    entry = demo.repo.entry(entry_id)
    demo.log(f"{demo.name(tid)} 用语音报事 #{entry_id}（{seconds} 秒）；{demo.role(approver)} "
             f"在审核消息里{'收到并' if heard else ''}听了语音，写摘要后通过，网站显示"
             f"“{public_text(entry.data)}”")
    return entry_id


async def proxy_report(demo: Any, vol: int, household: str, category: str, text: str,
                       approver: int) -> int:
    """A grid worker visits an elderly household and records its report (代办): the
    household by building, unit and room buttons; its residents are told; another
    volunteer approves it; the site marks it with the grid worker's role."""
    comp, building, unit, room = demo.place(household)
    await demo.send(vol, "/proxy")
    await demo.press(vol, f"{comp} {building}", exact=True)
    await demo.press(vol, unit, exact=True)
    await demo.press(vol, room, exact=True)
    await demo.press(vol, demo.zh("Report a problem"), exact=True)
    await demo.press(vol, labels.ISSUE_CATEGORY[category].zh, exact=True)
    await demo.send(vol, text)
    await demo.send_photo(vol, demo.photo("顶楼漏水", (90, 110, 140)))
    await demo.press(vol, demo.zh("Done"), exact=True)
    calls = await demo.press(vol, demo.zh("Submit"), exact=True)
    entry_id = int(demo.entry_id(calls, vol))
    residents = demo.repo.residents_of(household)
    reached = sum(told(calls, int(p["telegram_id"])) for p in residents if p.get("telegram_id"))
    await demo.approve(approver, entry_id)
    mark = f"由{demo.repo.entry(entry_id).data['proxy']}代为登记"
    demo.log(f"{demo.role(vol)} 上门走访，用 /proxy 按楼栋、单元、房号为 {comp}{building}{unit}"
             f"{room} 代办报事 #{entry_id}（{text}）；这一户的 {reached} 位住户收到通知，"
             f"{demo.role(approver)} 审核后公示，网站注明“{mark}”")
    return entry_id


async def new_volunteer(demo: Any, vol: int) -> None:
    """A grid worker just given the role asks how to approve, then sends a command typed
    with a Chinese keyboard's slash: each answer says what to press or to send."""
    asked = await demo.send(vol, "怎么审核？")
    slash = await demo.send(vol, "／pending")
    hint = asked[-1].text.split("\n\n")[-1]
    demo.log(f"新网格员问“怎么审核？”：“{hint[:38]}…”；用中文斜杠发“／pending”："
             f"“{slash[-1].text[:30]}…”")
