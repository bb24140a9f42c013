"""A record off the machine of who was forgotten or withdrew their consent: each admin
is told in their chat the person's number (never the name) and what to run after a
restore onto a new machine, which cannot forget them again by itself
(``bot.privacy_notes``)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
ADMIN = 900  # the street's admin (conftest)


def _told(calls, chat: int) -> list[str]:
    return [c.text for c in calls if c.chat_id == chat and c.method == "sendMessage"]


def _resident(repo) -> int:
    person = confirmed_resident(repo, 7001, HOME, 101)
    repo.keep_name(person, "罗小燕")
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了三天"})
    repo.approve(report.id, pid(repo, 101))
    return person


async def test_a_forget_tells_the_admins_the_number_to_forget_again_after_a_restore(repo):
    person = _resident(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        done = await bot.press(7001, "fg:ok")
    [told] = _told(done, ADMIN)
    assert f"#{person} 号用户" in told and f"steward forget {person}" in told
    assert "删除了个人信息（/forget）" in told and "新机器" in told
    assert "罗小燕" not in told and "7001" not in told and "101" not in told
    assert "个人信息已删除" in _told(done, 7001)[-1]  # she is told first, as before
    assert _told(done, 101) == []  # a volunteer is not an admin: not told


async def test_an_unpublish_tells_the_admins_the_number_to_unpublish_again(repo):
    person = _resident(repo)
    repo.set_language(pid(repo, ADMIN), "en")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/unpublish")
        done = await bot.press(7001, "up:ok")
    [told] = _told(done, ADMIN)
    assert f"person #{person} withdrew their agreement to publication" in told
    assert f"`steward unpublish {person}`" in told and "restored onto a new one" in told
    assert "罗小燕" not in told and "7001" not in told


async def _opinion_posted(bot) -> None:
    await bot.send(7001, "/opinion")
    await bot.send(7001, "我是罗小燕，电话 13912345678，楼道请装扶手")
    await bot.press(7001, "op:ok")


def _kept_settings(repo):
    from bot.settings import Settings

    return Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                    site_url="https://example.org/")


async def test_posts_of_what_steward_forget_withdrew_while_the_bot_was_stopped_are_replaced(
        repo):
    """`steward forget N` run while the bot is stopped withdrew her waiting opinion, but
    the volunteers' posts of it kept her name, phone and words, with Approve buttons,
    after the bot started again (``mark_left`` skipped an entry no volunteer decided)."""
    from db.forget_again import forget_with_state

    person = confirmed_resident(repo, 7001, HOME, 101)
    settings = _kept_settings(repo)
    async with BotHarness(repo, settings=settings) as bot:
        await _opinion_posted(bot)
        [post] = [c for c in bot.sent("sendMessage") if c.chat_id == 101 and c.buttons()]
        assert "13912345678" in post.text
    forget_with_state(repo, person)  # what the command does, the bot stopped
    async with BotHarness(repo, settings=settings) as bot:  # started again
        edits = [c for c in bot.sent() if c.method == "editMessageText" and c.chat_id == 101]
    assert [e.params["message_id"] for e in edits] == [post.message_id]
    assert "已被作者撤回" in edits[0].text and "13912345678" not in edits[0].text
    assert not edits[0].buttons()


async def test_a_press_on_a_post_of_what_its_author_withdrew_from_the_command_line(repo):
    """A post the bot does not remember (older, or sent before a restore), pressed after
    `steward unpublish N` withdrew its entry: it said 已被 — 驳回：withdrawn by its author,
    who withdrew their consent… in English, and kept the words."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _opinion_posted(bot)
        [opinion] = repo.entries(kind=Kind.OPINION)
        repo.withdraw_consent(person)
        calls = await bot.press(101, f"q:a:{opinion.id}")
    said = [c.text for c in calls if c.method == "sendMessage" and c.chat_id == 101]
    assert said == [f"#{opinion.id} 已被作者撤回，没有什么要批准或驳回的。没有做任何改动。"]
    edits = [c for c in calls if c.method == "editMessageText"]
    assert edits and all("楼道请装扶手" not in e.text for e in edits)


async def test_an_admins_forget_n_says_how_to_do_it_on_the_server(repo):
    """An admin sending /forget 12 for a resident who asked at the office was told to
    have her own role revoked first, as if she asked for her own data; /unpublish 12
    asked about her own consent."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        forget = await bot.send(ADMIN, f"/forget {person}")
        unpublish = await bot.send(ADMIN, f"/unpublish #{person}")
        odd = await bot.send(ADMIN, "/forget 罗小燕")
    assert f"`steward forget {person} --data {repo.store.root}`" in forget[-1].text
    assert "先停止机器人" in forget[-1].text and "撤销" not in forget[-1].text
    assert f"`steward unpublish {person} --data" in unpublish[-1].text
    assert "`steward forget N --data" in odd[-1].text
    assert repo.person(person)["telegram_id"] == 7001  # nothing done from the chat
