"""A volunteer asked at the door by a resident to delete her data sends /forget 14 (or
/unpublish 14, /mydata 14): the bot answered about the volunteer's own data (请先请管理员
撤销您的职务（/revoke），再发送 /forget; 您没有同意过公开; the volunteer's own list), as if
they had asked to leave. Now they are told the resident does it in her own chat with the
bot (帮助, then its button), else the street's admin on the server; nothing changes."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid


@pytest.mark.parametrize("command", ["forget", "unpublish", "mydata"])
async def test_a_volunteers_command_with_a_residents_number_says_who_does_it(repo, command):
    resident = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    volunteer = repo.person(pid(repo, 101))
    async with BotHarness(repo) as bot:
        told = (await bot.send(101, f"/{command} {resident}"))[-1].text
        repo.set_language(volunteer["id"], "en")
        english = (await bot.send(101, f"/{command} #{resident}"))[-1].text
    assert told.startswith(f"在机器人里，/{command} 只能用于自己的信息，志愿者不能替别人办理。"
                           f"{resident} 号居民可以在自己和机器人的聊天里自己办：点“帮助”"), told
    assert f"`steward {command} {resident}`" in told and "撤销您的职务" not in told
    assert f"Resident {resident} can do it themselves" in english, english
    assert repo.person(resident)["name"] == repo.person_by_telegram(7001)["name"]
    assert repo.person_by_telegram(7001)["consents"]  # nothing withdrawn
    assert repo.person(pid(repo, 101))["roles"] == volunteer["roles"]


async def test_a_residents_own_forget_with_words_after_it_is_still_her_own(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        asked = (await bot.send(7001, "/forget 1"))[-1].text
    assert asked.startswith("这样会删除您的个人信息"), asked
