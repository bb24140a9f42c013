"""/forget and /unpublish answered by typing (确定, 是的, 不要了) instead of pressing: she
is told nothing happened yet, with the question's buttons again, or that nothing was
done; before, 您好！请点下方菜单的按钮… came back as if she had said nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.privacy import CONSENT_VERSION, has_consent

HOME = "c1/1/1/101"


async def test_yes_typed_at_the_forget_question_says_nothing_is_deleted_yet(repo):
    """确定删除您的个人信息吗？ — 确定: the greeting to a stranger, her data all there,
    and no word whether it was deleted."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        calls = await bot.send(7001, "确定")
        assert calls[-1].text == ("您的个人信息还没有删除。要删除，请点下面的“确定，删除我的个人"
                                  "信息”；不删除，请点“取消”。")
        assert [d for _, d in calls[-1].buttons()] == ["fg:ok", "fg:cancel"]
        assert repo.person_by_telegram(7001)["household"] == HOME  # typed: nothing deleted
        await bot.press(7001, "fg:ok")
    assert repo.person_by_telegram(7001) is None or \
        not repo.person_by_telegram(7001).get("household")


async def test_no_typed_at_the_forget_question_says_nothing_was_deleted(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        calls = await bot.send(7001, "不要了")
        assert calls[-1].text == "什么都没有删除。"
        later = await bot.send(7001, "好的")  # the question is answered: nothing more of it
        assert "还没有删除" not in later[-1].text
    assert repo.person_by_telegram(7001)["household"] == HOME


async def test_typed_answers_to_the_unpublish_question(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.consent(pid(repo, 7001), CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/unpublish")
        calls = await bot.send(7001, "是的")
        assert calls[-1].text == ("还没有撤回。要撤回公开同意，请点下面的“确定，不再公开”；"
                                  "不撤回，请点“取消”。")
        assert [d for _, d in calls[-1].buttons()] == ["up:ok", "up:cancel"]
        assert has_consent(repo.person_by_telegram(7001))
        calls = await bot.send(7001, "取消")
        assert calls[-1].text == "没有做任何改动。"
    assert has_consent(repo.person_by_telegram(7001))


async def test_a_typed_answer_to_the_forget_question_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        calls = await bot.send(7001, "yes")
    assert calls[-1].text == ("Your personal data is not deleted yet. To delete it, press "
                              "\"Yes, delete my personal data\" below; to keep it, press "
                              "\"Cancel\".")


async def test_the_delete_button_after_no_was_typed_deletes_nothing(repo):
    """不删了 typed, then the question's 确定，删除我的个人信息 still above pressed: it deleted
    everything; now she is told nothing was deleted and how to ask again."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        await bot.send(7001, "不删了")
        calls = await bot.press(7001, "fg:ok")
        assert calls[-1].text == ("什么都没有删除：这个问题您已经回答了“不删”。如果还是要删除"
                                  "个人信息，请重新发送 /forget。")
        assert repo.person_by_telegram(7001)["household"] == HOME
        await bot.send(7001, "/forget")  # asked again: her Yes counts
        await bot.press(7001, "fg:ok")
    assert repo.person_by_telegram(7001) is None or \
        not repo.person_by_telegram(7001).get("household")


async def test_the_delete_button_after_cancel_was_pressed_deletes_nothing(repo):
    """确定 typed (the buttons again), then 取消 pressed, then the first 确定 button."""
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        await bot.send(7001, "yes")
        await bot.press(7001, "fg:cancel")
        calls = await bot.press(7001, "fg:ok")
    assert calls[-1].text == ("Nothing was deleted: you already answered no to this question. "
                              "To delete your personal data, send /forget again.")
    assert repo.person_by_telegram(7001)["household"] == HOME


async def test_the_unpublish_button_after_no_was_typed_changes_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.consent(pid(repo, 7001), CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/unpublish")
        await bot.send(7001, "取消")
        calls = await bot.press(7001, "up:ok")
        assert calls[-1].text == ("没有做任何改动：这个问题您已经回答了“不撤回”。如果还是要撤回"
                                  "公开同意，请重新发送 /unpublish。")
    assert has_consent(repo.person_by_telegram(7001))
