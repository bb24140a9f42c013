"""What her /unpublish withdrew from review reads, under 我的 and /mydata: 已驳回 with the
store's English note as its reason (原因：withdrawn by its author, who withdrew their
consent to publication), as if a volunteer had turned it down (found trying the rights
as a resident of the demo). Now 已撤回, and why in her words."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

WHY = "您撤回公开同意（/unpublish）时一并撤回了这一条，当时志愿者还没有审核：它从来没有公开过。"


async def test_a_report_her_unpublish_withdrew_reads_withdrawn_in_her_words(repo):
    person = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.withdraw_consent(person)
    async with BotHarness(repo) as bot:
        mine = (await bot.send(7001, "我的"))[-1].text
        kept = (await bot.send(7001, "/mydata"))[0].text
        repo.set_language(person, "en")
        english = (await bot.send(7001, "/mydata"))[0].text
    for text in (mine, kept):
        assert "withdrawn by its author" not in text and "已驳回" not in text, text
        assert WHY in text, text
    assert f"#{report.id} 报事（2025-01-01）：路灯照明：门口路灯坏了 —— 已撤回" in mine, mine
    assert f"#{report.id} 2025-01-01 路灯照明：门口路灯坏了 —— 已撤回；不公开" in kept, kept
    assert "You withdrew it with your agreement to publication (/unpublish)" in english
    assert "withdrawn by its author" not in english, english
