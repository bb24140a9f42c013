"""/linkgroup in a new volunteers' group answers there what became of the group linked
before. It said 原来连接的群…已在那个群里告知 even when that notice did not reach it (the
bot removed from it, Telegram refusing): the volunteers took the old group as told, and
its members went on waiting for posts that no longer came. Now it says the notice went
only when it went, and asks them to tell that group themselves when it did not."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid

OLD, NEW = -100400, -100500
VOLUNTEER = 101
UNLINKED = "本群不再收到东小区的待审核内容"


async def test_linking_a_new_group_says_the_old_one_was_told_when_it_was(repo):
    repo.link_group(pid(repo, VOLUNTEER), "east", OLD)
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/linkgroup east", chat_id=NEW)
        [said] = bot.texts_to(NEW)
    assert [t for t in bot.texts_to(OLD) if UNLINKED in t]
    assert "原来连接的群不再收到这些内容，已在那个群里告知。" in said, said


async def test_linking_a_new_group_does_not_say_the_old_one_was_told_when_it_refused(repo):
    repo.link_group(pid(repo, VOLUNTEER), "east", OLD)
    async with BotHarness(repo) as bot:
        bot.request.blocked.add(OLD)  # the bot was removed from the old group
        await bot.send(VOLUNTEER, "/linkgroup east", chat_id=NEW)
        [said] = bot.texts_to(NEW)
    assert "已在那个群里告知" not in said, said
    assert "但没能在那个群里告知（机器人可能已被移出那个群），请您在那个群里说一声" in said, said
    assert repo.linked_group("east") == NEW
