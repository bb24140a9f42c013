"""Updates are handled exactly once across a restore (``bot.state``: the done marks are
kept by update id and fingerprint, in the store, so in the backup). An update handled
before the backup was made, redelivered after the restore, is dropped: what it wrote is
in the restored folder. One handled only after the backup (what it wrote was lost with
the folder replaced) is handled again when Telegram redelivers it, not dropped as done,
and only once. Nothing here says "saved already" of what the restore took away."""

from __future__ import annotations

from typing import Any

from robust_support import RobustHarness, make_data, settings_for

from db.backup import backup, restore
from db.repository import Repository


def _to(calls: list[Any], chat: int) -> list[str]:
    return [str(c.text) for c in calls if c.chat_id == chat]


async def test_updates_from_before_and_after_the_backup_are_each_handled_once(tmp_path):
    data = make_data(tmp_path)
    archive = tmp_path / "b.tar.gz"
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(9001, "/start")  # before the backup: a person made
        before = dict(bot.last_update or {})
        backup(data, archive)
        await bot.send(9002, "/start")  # after it: lost with the folder replaced
        after = dict(bot.last_update or {})
    repo.close()
    assert int(before["update_id"]) < int(after["update_id"])
    restore(archive, data)
    repo = Repository.open(data)
    assert repo.person_by_telegram(9001) is not None
    assert repo.person_by_telegram(9002) is None
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        bot.last_update = before
        assert _to(await bot.redeliver(), 9001) == []  # done in the backup: dropped
        bot.last_update = after
        again = _to(await bot.redeliver(), 9002)
        assert any("欢迎使用" in a for a in again), again  # handled: not dropped as done
        assert not any("已经保存过了" in a for a in again), again
        assert _to(await bot.redeliver(), 9002) == []  # and not twice
        assert bot.errors == []
    assert repo.person_by_telegram(9002) is not None
    assert len([p for p in repo.people() if p.get("telegram_id") == 9002]) == 1
    repo.close()
