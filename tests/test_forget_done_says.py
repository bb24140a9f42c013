"""/forget's question said her words, photos and voice were deleted from Steward's records,
not only taken off the site; its "Done" spoke of the website alone (您公开过的 1 条内容，
文字和照片会在网站下次更新时撤下), said nothing of what stays, and neither said that the
server's daily backups (README step 8: seven files, one a day) still hold what was
deleted for a week. Now the answer says what was deleted as ``db.privacy.forget`` does it
(her details, her words in the store now, photos and voice at the media sweep), what stays
and why, and the backups' days, which the street file may set (``backup_days``)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import SMALL_STREET, confirmed_resident, pid

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository
from db.withheld import BACKUP_DAYS, ERASED_ZH, backup_days

HOME = "c1/1/1/101"


def _told(calls, chat):  # type: ignore[no-untyped-def]
    return [c.text for c in calls if c.chat_id == chat]


async def test_forgets_done_says_what_was_deleted_what_stays_and_the_backups_days(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    repo.submit(person, Kind.OPINION, "east", {"text": "多装几盏路灯"})  # waiting
    async with BotHarness(repo) as bot:
        asked = (await bot.send(7001, "/forget"))[-1].text
        done = _told(await bot.press(7001, "fg:ok"), 7001)[-1]
    assert f"备份里，删除的内容最多还会保留 {BACKUP_DAYS} 天" in asked
    assert done.startswith("已完成。您的个人信息已删除：姓名、用户名、语言设置、Telegram 编号")
    # as the store has it: her words deleted now, not only taken off the site
    assert "文字已经从机器人的记录里删除，照片和语音两天左右内从服务器上删除" in done
    assert repo.entry(report.id).data["text"] == ERASED_ZH
    assert "撤回了 1 条等待审核的内容" in done
    assert "您公开过的 1 条内容，会在网站下次更新时撤下" in done
    assert "保留的部分（工作记录和账目不能改写）" in done and "您家投过的票" in done
    assert f"备份里，您的信息最多还会保留 {BACKUP_DAYS} 天" in done


async def test_forget_tells_the_backups_days_the_street_file_sets(tmp_path, clock):
    text = SMALL_STREET.replace("admins: [900]\n",
                                "admins: [900]\nsettings:\n  backup_days: 30\n", 1)
    repo = Repository.init(tmp_path / "data", parse_street(text, "s.yaml"), clock=clock)
    try:
        assert backup_days(repo.settings) == 30
        confirmed_resident(repo, 7001, HOME, 101)
        async with BotHarness(repo) as bot:
            asked = (await bot.send(7001, "/forget"))[-1].text
            done = _told(await bot.press(7001, "fg:ok"), 7001)[-1]
    finally:
        repo.close()
    assert "最多还会保留 30 天" in asked and "最多还会保留 30 天" in done
    assert "撤回了" not in done and "网站下次更新时撤下" not in done  # none of either
