"""A scene of the demo year (``bot.demo``): the bot is restarted while a
resident is in the middle of an opinion. Her draft and the step she was at
are kept in the data folder with each step (``bot.state``), so after the
restart she presses Submit under the summary she was shown and the opinion
is stored, once; the same tap sent again (as Telegram does when its delivery
looked lost) is answered without a second write. Her opinion is posted to the
area's two volunteers; the bot restarts once more, and when one of them
approves it, the other's copy of the post shows who approved it too (the
posts are remembered in the data folder: ``bot.posts``).

The demo's own bot keeps no state (it plays a year in seconds); this scene
runs as ``steward run`` does, with two bots in turn over the same data folder:
the one stopped, and the one started after it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from telegram import Update

from .i18n import tr
from .offline import OfflineBot

__all__ = ["restart_midway"]


def _bot(demo: Any) -> OfflineBot:
    """A bot over the demo's folder that keeps its state, as ``steward run`` does."""
    settings = dataclasses.replace(demo.bot.settings, persistence=True)
    bot = OfflineBot(demo.repo, settings=settings, clock=demo.clock, names=demo.bot.names)
    bot.app.bot_data["build_site"] = lambda repo, project_dir: None
    return bot


async def restart_midway(demo: Any, tid: int, text: str, vol: int) -> int:
    """``tid`` writes an opinion, the bot restarts before she submits it, and her
    Submit after the restart stores it once; after one more restart, ``vol`` approves
    it from their post. Returns the opinion's id."""
    before = _bot(demo)
    async with before:
        await before.send(tid, tr("zh", "Opinion"))
        summary = await before.send(tid, text)
    [submit] = [d for c in summary for _, d in c.buttons() if d.startswith("op:ok")]
    demo.stats["updates"] += 2
    after = _bot(demo)  # the process was stopped and started again
    async with after:
        calls = await after.press(tid, submit)
        entry = int(demo.entry_id(calls, tid))
        assert after.last_update is not None
        tap = Update.de_json(dict(after.last_update), after.app.bot)  # the same update
        sent = len(after.request.calls)
        await after.app.process_update(tap)  # Telegram sends the same tap again
        again = after.request.calls[sent:]
        posts = {int(c.chat_id or 0): c for c in after.request.calls
                 if c.method == "sendMessage" and f"q:a:{entry}" in [d for _, d in c.buttons()]}
    demo.stats["updates"] += 2
    same = [e for e in demo.repo.entries(author=demo.repo.person_by_telegram(tid)["id"])
            if e.data.get("text") == text]
    demo.log(f"{demo.name(tid)} 写意见时机器人重启：重启后草稿还在（每一步都随消息存进数据"
             f"文件夹），按“提交”存为 #{entry}；同一次点按再送来一遍，"
             f"{'没有再存' if len(same) == 1 and not again else '又存了一次'}")
    later = _bot(demo)  # and once more, before a volunteer looks at it
    async with later:
        mine = posts[vol]
        calls = await later.press(vol, f"q:a:{entry}", message_id=mine.message_id or 1,
                                  text=mine.text)
    demo.stats["updates"] += 1
    others = [int(c.chat_id or 0) for c in calls if c.method == "editMessageText"
              and c.chat_id in posts and c.chat_id != vol
              and c.params.get("message_id") == posts[c.chat_id].message_id]
    people = [c for c in others if c > 0]
    where = f"另外 {len(people)} 位志愿者{'和志愿者群' if len(others) > len(people) else ''}" \
        if people else "志愿者群" if others else "别处"
    demo.log(f"意见 #{entry} 发给了 {len([c for c in posts if c > 0])} 位志愿者"
             f"{'和志愿者群' if any(c < 0 for c in posts) else ''}；机器人又重启一次后 "
             f"{demo.role(vol)} 点“通过”，{where}收到的那条"
             f"{'也改成了由谁通过、按钮收起' if others else '没有改'}"
             "（志愿者的消息记在数据文件夹里）")
    return entry
