"""/linkgroup's usage names the areas as every other answer does: an admin typing
/linkgroup alone in a group read 用法：/linkgroup 管理区域。您负责的区域：east, west, ids no
volunteer knows (the refusal beside it says 西小区不是您负责的区域（您负责：东小区）), and an
area's name typed with a space (/linkgroup 东 小区) got the same usage."""

from __future__ import annotations

from bot_harness import BotHarness

GROUP = -500


async def test_the_usage_names_the_areas_and_gives_an_example(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/linkgroup", chat_id=GROUP)  # an admin: every area
        two = await bot.send(101, "/linkgroup east west", chat_id=GROUP)
    [said] = [c.text for c in calls if c.text]
    assert said == ("用法：在志愿者群里发送 /linkgroup 和区域名称，例如 /linkgroup 东小区。"
                    "您负责的区域：东小区、西小区"), said
    assert "east" not in [c.text for c in two if c.text][0]
    assert repo.linked_group("east") is None and repo.linked_group("west") is None


async def test_an_areas_name_typed_with_a_space_links_it(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/linkgroup 东 小区", chat_id=GROUP)
    assert repo.linked_group("east") == GROUP
    assert [c.text for c in calls if c.text] == ["本群今后会收到东小区的待审核内容。"]
