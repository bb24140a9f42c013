"""A grid worker who recorded a step on a report (进展, 已解决) then checked that the site
shows it: the bot's answer gave no address, and she looked for the report among the
pages of her area. Now it ends with 网站上（几分钟内更新）：<the report on its year's page>."""

from __future__ import annotations

from datetime import timedelta

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _issue(repo, text):
    return repo.approve(repo.submit(pid(repo, 5001), Kind.ISSUE, "east", {
        "category": "lighting", "text": text}).id, pid(repo, 102))


async def test_a_step_says_where_the_report_is_on_the_site(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    old = _issue(repo, "楼道灯不亮")
    repo.clock.now += timedelta(days=400)  # the next year: old is on issues-2025
    new = _issue(repo, "路灯不亮")
    async with BotHarness(repo) as bot:
        fixed = await bot.send(101, f"/resolve {new.id} 换了灯泡")
        noted = await bot.send(101, f"/progress {old.id} 已联系电工")
    assert (f"网站上（几分钟内更新）：https://example.org/areas/east/issues/#issue-{new.id}"
            in fixed[-1].text)
    assert (f"网站上（几分钟内更新）：https://example.org/areas/east/issues-2025/#issue-{old.id}"
            in noted[-1].text)
