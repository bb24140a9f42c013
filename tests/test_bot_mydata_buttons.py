"""/mydata offers the lesser step beside deleting: 🚫 撤回公开同意 (stop publishing, stay
registered and vote). It offered only 🗑 删除我的个人信息, which also ends her
registration, to a resident reading what is public of hers and wanting it off the site
(found trying the rights as a resident of the demo)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

UNPUBLISH, FORGET = "🚫 撤回公开同意", "🗑 删除我的个人信息"


async def test_mydata_offers_to_stop_publishing_before_deleting(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        shown = await bot.send(7001, "/mydata")
        labels = [t for t, _ in shown[-1].buttons()]
        asked = await bot.press(7001, dict(shown[-1].buttons())[UNPUBLISH])
    assert labels.index(UNPUBLISH) == labels.index(FORGET) - 1, labels
    assert asked[-1].text.startswith("这样会撤回您对公开的同意"), asked[-1].text


async def test_mydata_does_not_offer_it_to_one_who_never_agreed_to_publication(repo):
    person = pid(repo, 7001)
    reg = repo.register(person, "c1/1/1/101", unpublished=True)  # 不同意: to vote only
    repo.approve(reg.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        labels = [t for t, _ in (await bot.send(7001, "/mydata"))[-1].buttons()]
    assert FORGET in labels and UNPUBLISH not in labels, labels


async def test_mydata_lists_the_telegram_number_and_language_it_keeps(repo):
    """/mydata said name, username, phone, home, roles: not the Telegram number by which
    the bot knows her, nor her language, though 🗑 删除 says 只记下您的 Telegram 编号、用户名
    和语言 of what it keeps after: she could not see all that is kept (PIPL art. 45)."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        shown = await bot.send(7001, "/mydata")
    said = "\n".join(c.text for c in shown if c.chat_id == 7001 and c.text)
    assert "• Telegram 编号：7001（机器人靠它认出您，不公开）" in said, said
    assert "• 语言：中文" in said, said
