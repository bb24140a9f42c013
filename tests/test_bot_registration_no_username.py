"""A registration's post asked the volunteer to check by a call or a visit that the person
lives there, and named her 申请人：居民7005: no @username (she never set one), no number,
nothing to tap. Now, in a volunteer's private chat, her name is a mention of her account
(a tap opens her Telegram profile), and a line says so and how to ask her through the bot
when it does not open; someone with an @username is named by it, as before."""

from __future__ import annotations

from typing import Any

from bot_harness import BotHarness

from db.entries import Kind, Status

NEWCOMER = 7005
ADDRESS = "东小区1号楼1单元201"


class NoUsernames(BotHarness):
    """Users without a Telegram @username, as many elderly residents are."""

    def _user(self, user_id: int, lang: str = "zh") -> dict[str, Any]:
        user = super()._user(user_id, lang)
        user.pop("username", None)
        return user


def utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


async def registration_post(bot, repo):
    await bot.send(NEWCOMER, ADDRESS)
    said = await bot.press_label(NEWCOMER, "同意，这是我家")
    reg = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)[-1]
    return reg, next(c for c in reversed(bot.request.calls)
                     if c.chat_id == 101 and f"#{reg.id} 住户登记" in c.text), said


async def test_a_registrant_without_a_username_is_a_mention_on_the_volunteers_post(repo):
    async with NoUsernames(repo) as bot:
        reg, post, _ = await registration_post(bot, repo)
    name = repo.person(reg.author)["name"]
    assert f"申请人：{name}" in post.text
    assert "此人没有设置 Telegram 用户名：点上面的名字可以打开他的 Telegram 资料" in post.text
    assert "只问提交人，先不驳回" in post.text  # what to do when it does not open
    [mention] = post.params["entities"]
    assert mention["type"] == "text_mention" and mention["user"]["id"] == NEWCOMER
    start, size = mention["offset"] * 2, mention["length"] * 2
    assert utf16(post.text)[start:start + size] == utf16(name)


async def test_a_registrant_with_a_username_is_named_by_it_without_a_mention(repo):
    async with BotHarness(repo) as bot:
        _, post, _ = await registration_post(bot, repo)
    assert f"@user{NEWCOMER}" in post.text
    assert "没有设置 Telegram 用户名" not in post.text
    assert not post.params.get("entities")


async def test_the_pending_list_names_her_with_a_mention_too(repo):
    async with NoUsernames(repo) as bot:
        reg, _, _ = await registration_post(bot, repo)
        listed = await bot.send(101, "/pending")
    page = next(c for c in listed if f"#{reg.id} 住户登记" in c.text)
    assert [m["user"]["id"] for m in page.params["entities"]] == [NEWCOMER]


async def test_her_registration_shown_again_for_a_typed_verdict_names_her_with_a_mention(repo):
    async with NoUsernames(repo) as bot:
        reg, _, _ = await registration_post(bot, repo)
        shown = await bot.send(101, f"通过 {reg.id}")
    post = next(c for c in shown if f"#{reg.id} 住户登记" in c.text and c.buttons())
    assert [m["user"]["id"] for m in post.params["entities"]] == [NEWCOMER]


async def test_a_list_of_new_entries_edited_after_a_verdict_keeps_her_mention(repo):
    """Two registrations posted in one message (bot.notices); one decided, the message was
    edited as plain text: the other registrant's name was no longer a tap to her profile,
    while the line under it still said to tap it. The edit now carries her mention
    again, where her name now is, and no call more is made."""
    from bot.notices import NOTICES_KEY

    other = NEWCOMER + 1
    async with NoUsernames(repo) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 3600  # both within the window: one message
        await bot.send(NEWCOMER, ADDRESS)
        await bot.press_label(NEWCOMER, "同意，这是我家")
        await bot.send(other, "东小区1号楼1单元102")
        await bot.press_label(other, "同意，这是我家")
        await bot.app.bot_data[NOTICES_KEY].drain()
        first, second = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)[-2:]
        [listed] = [c for c in bot.request.calls if c.chat_id == 101 and
                    c.method == "sendMessage" and f"#{second.id} 住户登记" in (c.text or "")]
        assert len(listed.params["entities"]) == 2
        calls = len(bot.request.calls)
        await bot.press(102, f"q:a:{first.id}")
        [edit] = [c for c in bot.request.calls[calls:]
                  if c.chat_id == 101 and c.method == "editMessageText"]
    name = repo.person(second.author)["name"]
    mentioned = [m for m in edit.params.get("entities") or []
                 if m["user"]["id"] == other]
    assert len(mentioned) == 1, edit.params
    start, size = mentioned[0]["offset"] * 2, mentioned[0]["length"] * 2
    assert utf16(edit.text)[start:start + size] == utf16(name)
