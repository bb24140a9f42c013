"""In a group, a question the bot needs answered as a reply names the person asked: a
selective ForceReply opens the reply box only for those the message mentions or the sender
of the message it replies to, and the bot's question did neither, so in the volunteers'
group the box opened for nobody (and with /setprivacy on, a reason typed without replying
never reaches the bot). A private chat's question is as it was."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

GROUP = -500  # east's volunteers' group


def _asked(calls, chat):
    return [c for c in calls if c.method == "sendMessage" and c.chat_id == chat
            and "force_reply" in str(c.params.get("reply_markup"))]


async def test_a_reason_asked_in_the_group_mentions_the_volunteer_who_pressed(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry, other = (repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                                {"category": "lighting", "text": text})
                    for text in ("路灯坏了", "楼道堆物"))
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        calls = await bot.press(102, f"q:r:{entry.id}", chat_id=GROUP, message_id=77,
                                text="待审核：路灯坏了")
        [ask] = _asked(calls, GROUP)
        [mention] = ask.params["entities"]
        name = "用户102"
        assert ask.text.startswith(f"{name}：") and f"#{entry.id}" in ask.text
        assert (mention["type"], mention["offset"], mention["length"]) == \
            ("text_mention", 0, len(name))
        assert mention["user"]["id"] == 102
        reason = await bot.send(102, "照片看不清，请重拍", chat_id=GROUP)
        assert any("驳回" in c.text for c in reason)
        private = await bot.send(101, f"/reject {other.id}")
    [ask] = _asked(private, 101)
    assert f"#{other.id}" in ask.text and not ask.params.get("entities")
