"""报事处理 listed at most 15 open reports, across all of a volunteer's areas: a grid
worker of several areas read her first area's reports, then "…and 6 more." for the next
and could not see them anywhere. Now each area with reports left out has a button that
lists all of its reports, a page at a time; one area's list goes on page by page. The
buttons check her role and the area again: forged data changes nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _reports(repo, area, home, tid, count):
    confirmed_resident(repo, tid, home, 101 if area == "east" else 103)
    ids = []
    for n in range(count):
        entry = repo.submit(pid(repo, tid), Kind.ISSUE, area,
                            {"category": "lighting", "text": f"{area}第{n + 1}盏路灯不亮"})
        ids.append(repo.approve(entry.id, pid(repo, 101 if area == "east" else 103)).id)
    return ids


def _of_two_areas(repo):
    repo.grant(pid(repo, 900), 101, "west", "网格员")
    return _reports(repo, "east", "c1/1/1/101", 5001, 14), \
        _reports(repo, "west", "c2/1/1/101", 5002, 6)


async def test_a_volunteer_of_two_areas_reaches_the_reports_left_out_of_the_list(repo):
    east, west = _of_two_areas(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "报事处理")
        assert "还有 5 条" in listed[-1].text, listed[-1].text  # west's: 1 of 6 listed
        assert f"#{west[-1]} " not in listed[-1].text  # left out of the list
        [data] = [d for label, d in listed[-1].buttons() if label.startswith("西小区")]
        assert "全部 6 件" in [label for label, d in listed[-1].buttons() if d == data][0]
        page = await bot.press(101, data)
    assert all(f"#{i} " in page[-1].text for i in west), page[-1].text
    assert not any(f"#{i} " in page[-1].text for i in east)
    assert "第 1 到 6 件" in page[-1].text
    assert "🙈" in page[-1].buttons()[-1][0]  # a name hidden in one: as under the list


async def test_one_area_of_many_reports_goes_on_page_by_page(repo):
    ids = _reports(repo, "east", "c1/1/1/101", 5001, 20)
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "报事处理")
        assert f"#{ids[15]} " not in listed[-1].text
        [data] = [d for label, d in listed[-1].buttons() if label == "后 5 件 ▶"]
        page = await bot.press(101, data)
        assert all(f"#{i} " in page[-1].text for i in ids[15:]), page[-1].text
        assert f"#{ids[14]} " not in page[-1].text
        back = [d for label, d in page[-1].buttons() if label == "◀ 前 15 件"]
        assert back and not [label for label, _ in page[-1].buttons() if "▶" in label]
        first = await bot.press(101, back[0])
    assert f"#{ids[0]} " in first[-1].text and f"#{ids[15]} " not in first[-1].text


async def test_a_forged_page_button_shows_nothing_of_another_area(repo):
    east, west = _of_two_areas(repo)
    async with BotHarness(repo) as bot:
        for data in ("wk:a:1:0", "wk:a:9:0", "wk:a:0:x", "wk:a:0:99999", "wk:a:0"):
            said = await bot.press(102, data)  # 102: a volunteer of east alone
            text = "\n".join(c.text for c in said)
            assert not any(f"#{i} " in text for i in west), (data, text)
        resident = await bot.press(5002, "wk:a:0:0")
    assert not any(f"#{i} " in c.text for c in resident for i in west + east)
