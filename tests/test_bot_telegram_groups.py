"""A volunteers' group upgraded to a supergroup (Telegram gives it a new chat id):
the area's posts follow it, whether the bot learns it from the upgrade's service
messages or from Telegram refusing a post to the old id. Against the Bot API
emulator, through the application ``steward run`` builds."""

from __future__ import annotations

from bot_api_emulator import BotApiEmulator
from robust_support import EAST_VOLUNTEERS, make_data
from tg_faults_support import Running, until

from db.repository import Repository

GROUP, SUPERGROUP = -4242, -1004242
RESIDENT = 7001


def linked(data) -> None:
    repo = Repository.open(data)
    repo.link_group(repo.person_by_telegram(EAST_VOLUNTEERS[0])["id"], "east", GROUP)
    repo.close()


def _vote_result(call) -> bool:
    """How the data's vote due at the bot's start ended, as posted in the linked group."""
    return call.method == "sendMessage" and "表决结束" in call.text


def posts_to(api, chat, since=0):
    return [c for c in api.calls[since:] if c.chat_id == chat and c.method == "sendMessage"
            and c.buttons()]


async def test_an_upgraded_groups_posts_go_to_the_supergroup_after_its_service_messages(
        tmp_path):
    data = make_data(tmp_path)
    linked(data)
    with BotApiEmulator() as api:
        async with Running(api, data) as bot:
            api.migrate(GROUP, SUPERGROUP, by=EAST_VOLUNTEERS[0])
            await until(lambda: bot.repo.linked_group("east") == SUPERGROUP)
            told = await bot.answer(0, SUPERGROUP, "超级群")
            before = await bot.report(RESIDENT, "路灯坏了")
            await until(lambda: posts_to(api, SUPERGROUP, before))
    assert "/pending" in told.text
    assert [c for c in api.calls if c.chat_id == SUPERGROUP and "超级群" in c.text] == [told]
    # nothing sent to the old id but how the vote due at the start ended, posted there
    # before the group was upgraded
    assert not [c for c in api.calls if c.chat_id == GROUP and not _vote_result(c)]
    assert len(posts_to(api, SUPERGROUP, before)) == 1


async def test_a_post_refused_for_an_upgraded_group_goes_to_its_new_id_and_stays_there(
        tmp_path):
    """The bot was down when the group was upgraded: it learns it from Telegram's answer
    to the first post (400, migrate_to_chat_id)."""
    data = make_data(tmp_path)
    linked(data)
    with BotApiEmulator() as api:
        api.fail("*", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                 times=0, chat=GROUP, migrate_to_chat_id=SUPERGROUP)
        async with Running(api, data) as bot:
            before = await bot.report(RESIDENT, "路灯坏了")
            await until(lambda: posts_to(api, SUPERGROUP, before))
            [post] = posts_to(api, SUPERGROUP, before)
            entry = int(post.buttons()[0][1].split(":")[-1])
            assert bot.repo.linked_group("east") == SUPERGROUP
            second = await bot.report(RESIDENT, "楼道灯也坏了")
            await until(lambda: posts_to(api, SUPERGROUP, second))
            tapped = api.press(EAST_VOLUNTEERS[1], f"q:a:{entry}")
            edit = await bot.answer(tapped, SUPERGROUP, "通过")
    assert edit.method == "editMessageText" and f"#{entry}" in edit.text  # the decision shows
    refused = [p for m, p, _a in api.faulted if str(p.get("chat_id")) == str(GROUP)]
    assert len(refused) == 1  # the old id was tried once, not for every post


async def test_a_chain_head_for_an_upgraded_group_is_posted_in_the_supergroup(tmp_path):
    """The publish's witness message (bot.witness) follows the group to its new id."""
    from bot.witness import post_heads

    data = make_data(tmp_path)
    linked(data)
    with BotApiEmulator() as api:
        api.fail("*", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                 times=0, chat=GROUP, migrate_to_chat_id=SUPERGROUP)
        async with Running(api, data) as bot:
            sent = await post_heads(bot.app, [{"type": "head", "area": "east", "seq": 7,
                                               "head": "ab" * 32}])
            await until(lambda: bot.repo.linked_group("east") == SUPERGROUP)
    assert sent == 1
    [head] = [c for c in api.calls if c.chat_id == SUPERGROUP and "abababab" in c.text]
    assert "7" in head.text


async def test_the_bot_kicked_from_the_group_tells_the_volunteers_in_private_once(tmp_path):
    """A committee member removes the bot from the linked group: the area's volunteers
    and the admin learn it in private (not only the log), with how to fix it; a new
    report still reaches them in private."""
    from robust_support import ADMIN

    data = make_data(tmp_path)
    linked(data)
    told_to = (*EAST_VOLUNTEERS, ADMIN)
    with BotApiEmulator() as api:
        async with Running(api, data) as bot:
            api.remove_bot(GROUP, by=EAST_VOLUNTEERS[1])
            await until(lambda: all(any("被移出了志愿者群" in c.text for c in api.calls
                                        if c.chat_id == tid) for tid in told_to))
            api.resend(api.last_update_id)  # Telegram delivers the update again
            before = await bot.report(RESIDENT, "路灯坏了")
            await until(lambda: posts_to(api, EAST_VOLUNTEERS[0], before))
            await bot.settled()
    told = [c for c in api.calls if "被移出了志愿者群" in c.text]
    assert sorted(c.chat_id for c in told) == sorted(told_to)
    assert all("重新拉进群" in c.text for c in told)
    # refused: not delivered (but how the vote due at the start ended, posted before)
    assert not [c for c in api.calls if c.chat_id == GROUP and not _vote_result(c)]
