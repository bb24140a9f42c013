"""An admin of a street of many areas chooses the area a page at a time: /expense,
/election, /meeting … showed every area at once (51 buttons on a 50-area street, found
with steward chat). Now eight a page with ◀ / ▶, turned in place at the same step, 取消
under every page; the area pressed goes on as before."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from test_bot_moved_out_pick import _street_of

from db.config import parse_street
from db.repository import Repository


@pytest.fixture
def big(tmp_path, clock):  # type: ignore[no-untyped-def]
    repo = Repository.init(tmp_path / "big", parse_street(_street_of(20), "big.yaml"),
                           clock=clock)
    yield repo
    repo.close()


def _areas(buttons, prefix):  # type: ignore[no-untyped-def]
    return [label for label, data in buttons if data.startswith(f"{prefix}:area:")
            and not data.startswith(f"{prefix}:area:p")]


@pytest.mark.parametrize("command, prefix, then", [
    ("/expense", "exp", "花了多少钱"), ("/election", "elx", "第9小区"),
    ("/meeting", "mt", "记录哪一种会议")])
async def test_an_admin_of_many_areas_turns_pages_of_them_and_picks_one(big, command, prefix,
                                                                        then):
    async with BotHarness(big) as bot:
        first = await bot.send(900, command)
        turned = await bot.press(900, f"{prefix}:area:p1", text=first[-1].text)
        last = await bot.press(900, f"{prefix}:area:p9", text=first[-1].text)
        picked = await bot.press(900, f"{prefix}:area:9")
    buttons = first[-1].buttons()
    assert _areas(buttons, prefix) == [f"第{i}小区" for i in range(8)], buttons
    assert ("2/3 ▶", f"{prefix}:area:p1") in buttons
    assert any(label == "取消" for label, _ in buttons), buttons
    assert turned[-1].method == "editMessageText" and turned[-1].text == first[-1].text
    page = turned[-1].buttons()
    assert _areas(page, prefix) == [f"第{i}小区" for i in range(8, 16)], page
    assert ("◀ 1/3", f"{prefix}:area:p0") in page and ("3/3 ▶", f"{prefix}:area:p2") in page
    assert any(label == "取消" for label, _ in page), page
    assert _areas(last[-1].buttons(), prefix) == [f"第{i}小区" for i in range(16, 20)]
    assert then in "\n".join(c.text or "" for c in picked), [c.text for c in picked]


async def test_a_street_of_few_areas_shows_them_all_as_before(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(900, "/expense")
    assert _areas(asked[-1].buttons(), "exp") == ["东小区", "西小区"]
    assert not any(data.startswith("exp:area:p") for _, data in asked[-1].buttons())


async def test_back_to_the_area_step_shows_the_page_of_the_area_chosen(big):
    async with BotHarness(big) as bot:
        await bot.send(900, "/expense")
        await bot.press(900, "exp:area:9")
        back = await bot.press_label(900, "上一步")
    assert "现在选的是“第9小区”" in back[-1].text, back[-1].text
    assert _areas(back[-1].buttons(), "exp") == [f"第{i}小区" for i in range(8, 16)]
