"""Acting for a neighbour (代办): a volunteer, even one without a household,
records a report, an opinion, a paper vote or a fee for a household of their
area, chosen by building, unit and room buttons. The report is marked on the
site "由<role>代为登记" (never a name), the household's residents are told and
follow it. The domain refuses a household outside the volunteer's areas;
residents, volunteers of another area and forged buttons change nothing."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.errors import DomainError
from site_builder import build_site
from site_builder.collect import collect

EAST_HOME, WEST_HOME = "c1/1/1/102", "c2/1/1/101"
OLD_LADY, WEST_RESIDENT = 7002, 7003


@pytest.fixture
def street(repo):
    confirmed_resident(repo, OLD_LADY, EAST_HOME, 101)
    confirmed_resident(repo, WEST_RESIDENT, WEST_HOME, 103)
    return repo


def test_a_volunteer_records_a_report_for_a_household_which_follows_it(street):
    repo = street
    entry = repo.submit_for(pid(repo, 102), EAST_HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "楼道灯坏了"})
    assert entry.status == Status.PENDING and entry.author == pid(repo, 102)
    assert entry.data["household"] == EAST_HOME
    assert entry.data["proxy"].startswith("物管会委员")
    assert repo.followers(entry.id) == [pid(repo, OLD_LADY)]


@pytest.mark.parametrize("who, home", [(102, WEST_HOME),    # a volunteer of another area
                                       (103, EAST_HOME),
                                       (OLD_LADY, EAST_HOME)])  # a resident of the household
def test_the_domain_refuses_proxy_outside_the_volunteers_areas(street, who, home):
    with pytest.raises(DomainError):
        street.submit_for(pid(street, who), home, Kind.ISSUE,
                          {"category": "lighting", "text": "楼道灯坏了"})
    assert street.entries(kind=Kind.ISSUE) == []


def test_an_admin_may_act_for_any_household_but_only_reports_and_opinions(street):
    entry = street.submit_for(pid(street, 900), WEST_HOME, Kind.OPINION, {"text": "多装路灯"})
    assert entry.area == "west"
    with pytest.raises(DomainError):
        street.submit_for(pid(street, 102), EAST_HOME, Kind.FEE_INCOME,
                          {"fee_type": "sanitation", "period": "2025", "amount_fen": 100})
    with pytest.raises(DomainError):
        street.submit(pid(street, OLD_LADY), Kind.ISSUE, "east",
                      {"category": "lighting", "text": "x", "proxy": "网格员"})


def test_the_site_marks_the_role_never_the_name(street, tmp_path):
    repo = street
    issue = repo.submit_for(pid(repo, 102), EAST_HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "楼道灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    opinion = repo.submit_for(pid(repo, 102), EAST_HOME, Kind.OPINION, {"text": "希望修好门"})
    repo.approve(opinion.id, pid(repo, 101))
    with repo.store.lock:
        site = collect(repo)
    [east] = [a for a in site["areas"] if a["id"] == "east"]
    [shown] = [i for i in east["issues"] if i["id"] == issue.id]
    assert shown["proxy"] == f"由{issue.data['proxy']}代为登记"
    assert shown["proxy"].startswith("由物管会委员") and "乙志愿者" not in shown["proxy"]
    [op] = [o for o in east["opinions"] if o["id"] == opinion.id]
    assert op["proxy"] == shown["proxy"]
    project = tmp_path / "site-project"
    build_site(repo, project, run_mkdocs=False)
    pages = "\n".join(p.read_text(encoding="utf-8") for p in (project / "content").rglob("*.md"))
    assert shown["proxy"] in pages and "乙志愿者" not in pages


async def pick_household(bot, uid, room="102"):
    calls = await bot.send(uid, "/proxy")
    assert calls[-1].buttons()[0] == ("东小区 1号楼", "px:b:0")
    calls = await bot.press(uid, "px:b:0")
    assert calls[-1].buttons()[0][1] == "px:u:0"
    calls = await bot.press(uid, "px:u:0")
    assert [label for label, _ in calls[-1].buttons()][:3] == ["101", "102", "201"]
    return await bot.press_label(uid, room, exact=True)


async def test_a_volunteer_without_a_household_records_a_report_by_buttons(street):
    repo = street
    async with BotHarness(repo) as bot:
        calls = await pick_household(bot, 102)
        assert "东小区" in calls[-1].text and "102" in calls[-1].text
        assert [d for _, d in calls[-1].buttons()][:4] == ["px:do:issue", "px:do:opinion",
                                                           "px:do:vote", "px:do:fee"]
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:lighting")
        await bot.send(102, "王奶奶说楼道灯坏了")
        await bot.send_photo(102)
        await bot.press(102, "px:ph")
        calls = await bot.press(102, "px:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["household"] == EAST_HOME and len(issue.data["photos"]) == 1
    told = [c.text for c in calls if c.chat_id == OLD_LADY]
    assert told and f"#{issue.id}" in told[0] and "物管会委员" in told[0]
    assert "乙志愿者" not in told[0]  # the role, never the name
    assert any(c.chat_id == 101 and c.buttons() and c.buttons()[0][1] == f"q:a:{issue.id}"
               for c in calls)
    async with BotHarness(repo) as bot:  # approved: the household hears it, as a follower
        calls = await bot.press(101, f"q:a:{issue.id}")
    told = [c for c in calls if c.chat_id == OLD_LADY]
    assert told and "审核通过" in told[0].text
    assert told[0].buttons() == [(f"🔕 不再关注 #{issue.id}", f"fol:off:{issue.id}")]


async def test_a_photo_sent_before_the_words_is_kept_and_its_caption_is_the_words(street):
    """A grid worker sent the photo with what the neighbour said as its caption, at the
    words step: "这张照片没有保存", caption and all (found in the field trial of steward
    run). Without a caption the photo is kept and the words are asked for."""
    repo = street
    async with BotHarness(repo) as bot:
        for caption in ("老人说厨房下水道堵了", None):
            await pick_household(bot, 102)
            await bot.press(102, "px:do:issue")
            await bot.press(102, "px:cat:septic")
            first = await bot.send_photo(102, jpeg_bytes((64, 48 + len(caption or ""))),
                                         caption=caption)
            if caption is None:
                assert "请输入居民说的内容" in first[-1].text and "第 1 张" in first[-1].text
                await bot.send(102, "楼道灯坏了")
            else:
                assert "老人说厨房下水道堵了" in first[-1].text and "完成" in first[-1].text
            await bot.send_photo(102, jpeg_bytes((90, 70 + len(caption or ""))))
            await bot.press(102, "px:ph")
            await bot.press(102, "px:ok")
        await pick_household(bot, 102)
        await bot.press(102, "px:do:opinion")
        refused = await bot.send_photo(102, caption="多装路灯")  # an opinion takes no photo
    reports = repo.entries(kind=Kind.ISSUE)
    assert [(r.data["text"], len(r.data["photos"])) for r in reports] == [
        ("老人说厨房下水道堵了", 2), ("楼道灯坏了", 2)]
    assert "没有保存" in refused[-1].text and not repo.entries(kind=Kind.OPINION)


async def test_a_captioned_photo_sent_before_the_category_is_kept_with_its_words(street):
    """At the category buttons, a photo captioned with what the neighbour said was
    "没有保存", caption and all (found in the field trial of steward run)."""
    repo = street
    async with BotHarness(repo) as bot:
        await pick_household(bot, 102)
        await bot.press(102, "px:do:issue")
        early = await bot.send_photo(102, jpeg_bytes((70, 50)), caption="厨房下水道堵了三天")
        chosen = await bot.press(102, "px:cat:septic")
        await bot.press(102, "px:ph")
        await bot.press(102, "px:ok")
    assert "第 1 张" in early[-1].text and "哪一类" in early[-1].text
    assert "厨房下水道堵了三天" in chosen[-1].text and "完成" in chosen[-1].text
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert (issue.data["category"], issue.data["text"], len(issue.data["photos"])) == (
        "septic", "厨房下水道堵了三天", 1)


async def test_words_at_the_photos_step_go_on_the_reports_words(street):
    """At the photos step a grid worker captioned the second photo with what the
    neighbour added (漏了三天了) and typed 门口也漏: the caption was dropped unsaid and the
    typed words answered 请发照片，或点“完成”, both lost (found with steward chat as a
    grid worker). Now both go on the words' end, said so; 完成 typed goes on as Done."""
    repo = street
    async with BotHarness(repo) as bot:
        await pick_household(bot, 102)
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:pipes")
        await bot.send(102, "暖气管漏水")
        await bot.send_photo(102, jpeg_bytes((64, 48)))
        captioned = await bot.send_photo(102, jpeg_bytes((80, 60)), caption="漏了三天了")
        typed = await bot.send(102, "门口也漏")
        done = await bot.send(102, "完成")
        await bot.press(102, "px:ok")
    assert "照片上写的话已加在描述后面：漏了三天了" in captioned[-1].text
    assert "第 2 张" in captioned[-1].text
    assert "您写的话已加在描述后面：门口也漏" in typed[-1].text and typed[-1].buttons()
    assert "请核对" in done[-1].text and "门口也漏" in done[-1].text
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert (issue.data["text"], len(issue.data["photos"])) == (
        "暖气管漏水\n漏了三天了\n门口也漏", 2)


async def test_mine_names_the_household_a_report_or_opinion_was_recorded_for(street):
    """我的 listed a grid worker's 代办 reports and opinions as if they were her own
    (found with steward chat as a grid worker); each names the household now."""
    repo = street
    async with BotHarness(repo) as bot:
        await pick_household(bot, 102)
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:lighting")
        await bot.send(102, "楼道灯坏了")
        await bot.press(102, "px:ph")
        await bot.press(102, "px:ok")
        await pick_household(bot, 102)
        await bot.press(102, "px:do:opinion")
        await bot.send(102, "多装几盏路灯")
        await bot.press(102, "px:ok")
        mine = await bot.send(102, "我的")
    said = "\n".join(c.text for c in mine if c.chat_id == 102)
    assert "路灯照明：楼道灯坏了（为 东小区 1号楼 1单元 102 代办）" in said, said
    assert "多装几盏路灯（为 东小区 1号楼 1单元 102 代办）" in said, said


async def test_the_household_may_be_typed_instead_of_picked(street):
    """Typing 1号楼1单元102 at the building buttons got "请用上面的按钮选择" although
    /paper takes that very form (found in the field trial of steward run)."""
    repo = street
    async with BotHarness(repo) as bot:
        await bot.send(102, "/proxy")
        wrong = await bot.send(102, "9号楼9单元909")
        typed = await bot.send(102, "１号楼1单元102")  # a full-width digit, as keyboards type
    assert "没有找到这一户" in wrong[-1].text
    assert "东小区 1号楼 1单元 102" in typed[-1].text
    assert [d for _, d in typed[-1].buttons()][:2] == ["px:do:issue", "px:do:opinion"]


async def test_a_proxy_voice_opinion_waits_for_its_summary(street):
    repo = street
    async with BotHarness(repo) as bot:
        await pick_household(bot, 102)
        await bot.press(102, "px:do:opinion")
        await bot.send_voice(102, duration=31)
        await bot.press(102, "px:ok")
        [opinion] = repo.entries(kind=Kind.OPINION)
        assert opinion.data["voice_seconds"] == 31
        await bot.press(101, f"q:v:{opinion.id}")
        await bot.send(101, "希望早点修好单元门")
    assert repo.entry(opinion.id).data["text"] == "语音留言（0:31），志愿者摘要：希望早点修好单元门"


async def test_a_paper_vote_for_the_household_by_buttons(street):
    repo = street
    p = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="换LED",
                             budget_fen=100000, matter="everyday", deadline="2025-12-31")
    async with BotHarness(repo) as bot:
        await pick_household(bot, 102)
        await bot.press(102, "px:do:vote")
        await bot.press(102, "px:p:0")
        calls = await bot.press(102, "px:c:agree")
    [vote] = repo.entries(kind=Kind.VOTE)
    assert vote.data["household"] == EAST_HOME and vote.data.get("paper") is True
    assert vote.data["proposal"] == p.id
    assert any(c.chat_id == OLD_LADY for c in calls)
    # the next door of the same unit is a press away (the flow ended there before)
    rooms = [label for label, _ in calls[-1].buttons()]
    assert "102" not in rooms and "101" in rooms and "⬅️ 全部单元" in rooms, rooms


async def test_a_fee_for_the_household_continues_in_income(street):
    repo = street
    async with BotHarness(repo) as bot:
        await pick_household(bot, 102)
        calls = await bot.press(102, "px:do:fee")
        data = [d for _, d in calls[-1].buttons()]
        assert f"inc:for:{EAST_HOME}:sanitation" in data
        await bot.press(102, f"inc:for:{EAST_HOME}:sanitation")
        await bot.send(102, "2025-03")
        await bot.send(102, "30")
        await bot.press(102, "inc:skip:1")
        await bot.press_label(102, "确认登记", exact=True)
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["household"] == EAST_HOME and fee.data["amount_fen"] == 3000
    assert fee.author == pid(repo, 102)


@pytest.mark.parametrize("who", [OLD_LADY, 103])  # a resident; a volunteer of another area
async def test_others_cannot_act_for_an_east_household(street, who):
    repo = street
    async with BotHarness(repo) as bot:
        calls = await bot.send(who, "/proxy")
        if who == 103:  # their own area's buildings only
            assert not any("东小区" in label for c in calls for label, _ in c.buttons())
        for forged in (f"inc:for:{EAST_HOME}:sanitation", "px:do:issue", "px:h:0", "px:ok"):
            await bot.press(who, forged)
        await bot.send(who, "2025-03")
        await bot.send(who, "30")
    assert repo.entries(kind=Kind.FEE_INCOME) == []
    assert repo.entries(kind=Kind.ISSUE) == []


async def test_a_forged_fee_button_for_a_fee_not_paid_per_household_is_refused(street):
    async with BotHarness(street) as bot:
        calls = await bot.press(102, f"inc:for:{EAST_HOME}:nonsense")
        calls += await bot.press(102, "inc:for:c9/9/9/999:sanitation")
    assert street.entries(kind=Kind.FEE_INCOME) == []
    assert all("期间" not in c.text for c in calls)


async def test_an_admin_chooses_the_area_first_and_the_post_names_the_household(street):
    repo = street
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/proxy")
        assert [d for _, d in calls[-1].buttons()][:2] == ["px:area:0", "px:area:1"]
        calls = await bot.press(900, "px:area:1")  # 西小区
        assert calls[-1].buttons()[0] == ("西小区 1号楼", "px:b:0")
        await bot.press(900, "px:b:0")
        await bot.press(900, "px:u:0")
        await bot.press(900, "px:h:0")
        await bot.press(900, "px:do:opinion")
        await bot.send(900, "希望装个快递柜")
        calls = await bot.press(900, "px:ok")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.area == "west" and opinion.data["household"] == WEST_HOME
    post = [c for c in calls if c.chat_id == 103 and c.buttons()]
    assert post and "代办" in post[-1].text and "西小区" in post[-1].text
    assert any(c.chat_id == WEST_RESIDENT and f"#{opinion.id}" in c.text for c in calls)


async def test_a_volunteer_without_a_household_pressing_report_is_pointed_to_proxy(street):
    async with BotHarness(street) as bot:
        calls = await bot.send(102, "报事")
        resident_calls = await bot.send(7999, "报事")
    assert "/proxy" in calls[-1].text and "代办" in calls[-1].text
    assert "/proxy" not in resident_calls[-1].text  # not for residents


async def test_an_admin_may_start_a_households_fee_from_proxy(street):
    async with BotHarness(street) as bot:
        await bot.press(900, f"inc:for:{WEST_HOME}:sanitation")
        await bot.send(900, "2025-04")
        await bot.send(900, "20")
        await bot.press(900, "inc:skip:1")
        await bot.press_label(900, "确认登记", exact=True)
    [fee] = street.entries(kind=Kind.FEE_INCOME)
    assert fee.area == "west" and fee.data["household"] == WEST_HOME


def test_search_finds_a_proxy_report_by_who_recorded_it(street, tmp_path):
    import json

    repo = street
    issue = repo.submit_for(pid(repo, 102), EAST_HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "楼道灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    project = tmp_path / "site-project"
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content" / "areas" / "east" / "issues.md").read_text("utf-8")
    block = page.split("<!--steward:find\n", 1)[1].split("\n-->", 1)[0]
    [entry] = [e for e in json.loads(block) if e["anchor"] == f"issue-{issue.id}"]
    assert "楼道灯坏了" in entry["text"]
    assert f"由{issue.data['proxy']}代为登记" in entry["text"]


async def test_a_proxy_report_confirmed_under_another_summary_is_not_stored(street):
    from test_bot_seals import SAID, restore, sealed_button
    repo = street
    async with BotHarness(repo) as bot:
        await pick_household(bot, 102)
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:lighting")
        await bot.send(102, "王奶奶说楼道灯坏了")
        shown = await bot.press(102, "px:ph")
        restore(bot, 102, "proxy", text="王奶奶说楼道漏水")
        again = await bot.press(102, sealed_button(shown, 102, "px:ok"))
        assert SAID in "\n".join(c.text for c in again if c.chat_id == 102)
        assert "王奶奶说楼道漏水" in again[-1].text and repo.entries(kind=Kind.ISSUE) == []
        await bot.press(102, sealed_button(again, 102, "px:ok"))
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "王奶奶说楼道漏水"


async def test_progress_on_a_report_filed_for_a_household_tells_the_household_not_the_filer(
        street):
    """The grid worker who filed a report for an elderly household and then recorded its
    progress got "您的报事 #111 有新进展" about her own note, and was told "已通知报事人"
    (found in the field trial of steward run); the household, following it, is told."""
    repo = street
    entry = repo.submit_for(pid(repo, 102), EAST_HOME, Kind.ISSUE,
                            {"category": "other", "text": "顶楼漏水"})
    repo.approve(entry.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/progress {entry.id} 防水师傅已上门")
    to_filer = [c.text for c in calls if c.chat_id == 102]
    # the answer's first two lines (a third gives the report's place on the site: aae9471e)
    assert [t.splitlines()[:2] for t in to_filer] == [[
        f"报事 #{entry.id} 已标记为处理中，说明已保存（照片 0 张）。",
        "关注这件报事的 1 位邻居也已收到通知。"]]
    assert any(c.chat_id == OLD_LADY and "防水师傅已上门" in c.text for c in calls)


async def test_the_proxy_check_says_the_words_become_public_and_asks_for_the_households_yes(
        street):
    """Their words are published under the household's building (PIPL art. 25): the
    volunteer's check step said only that the site names their role; it now says the
    words and photos become public and to read them to the household first."""
    repo = street
    async with BotHarness(repo) as bot:
        await pick_household(bot, 102)
        await bot.press(102, "px:do:opinion")
        calls = await bot.send(102, "王奶奶希望楼道装扶手")
    check = calls[-1].text
    assert "会在公开网站上公布" in check and "他们同意公开再提交" in check
    assert "px:ok" in calls[-1].buttons()[0][1]


async def test_each_household_picker_goes_back_one_step_keeping_what_was_chosen_before(street):
    """/proxy's building, unit and room pickers offered only 取消: a wrong building or
    unit pressed meant starting over (found walking the bot as a grid worker). Now each
    has ⬅️ 上一步, as registration's pickers do: the picker before it again, the area and
    the building chosen before it kept."""
    async with BotHarness(street) as bot:
        alone = await bot.send(101, "/proxy")  # one area: no area picker to go back to
        await bot.send(900, "/proxy")
        east = await bot.press(900, "px:area:0")
        areas = await bot.press(900, "px:back:area")
        await bot.press(900, "px:area:1")  # 西小区
        units = await bot.press(900, "px:b:0")
        rooms = await bot.press(900, "px:u:0")
        units_again = await bot.press(900, "px:back:u")
        buildings_again = await bot.press(900, "px:back:b")
        await bot.press(900, "px:b:0")
        await bot.press(900, "px:u:0")
        chosen = await bot.press(900, "px:h:0")
    assert [d for _, d in alone[-1].buttons()] == ["px:b:0", "px:cancel"]
    assert east[-1].buttons()[-2:] == [("⬅️ 上一步", "px:back:area"), ("取消", "px:cancel")]
    assert [d for _, d in areas[-1].buttons()][:2] == ["px:area:0", "px:area:1"]
    for said, back in ((units, "px:back:b"), (rooms, "px:back:u")):
        assert said[-1].buttons()[-2:] == [("⬅️ 上一步", back), ("取消", "px:cancel")]
    assert units_again[-1].text == units[-1].text and "西小区 1号楼" in units_again[-1].text
    assert buildings_again[-1].buttons()[0] == ("西小区 1号楼", "px:b:0")
    assert "西小区 1号楼 1单元 101" in chosen[-1].text


async def test_a_report_for_a_household_nobody_of_which_is_on_the_bot_says_to_tell_them(street):
    """Door to door, most households a grid worker acts for have nobody on the bot: the
    answer to 提交 read 已通知这一户的 0 位住户 (found recording reports in steward run).
    It says nobody was told, and that they will hear of it only in person."""
    async with BotHarness(street) as bot:
        await pick_household(bot, 102, room="101")  # nobody of 101 is on the bot
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:sanitation")
        await bot.send(102, "门口垃圾没人清")
        await bot.press(102, "px:ph")
        nobody = await bot.press(102, "px:ok")
        await pick_household(bot, 102)  # 102: the old lady is
        await bot.press(102, "px:do:opinion")
        await bot.send(102, "希望修好楼门")
        one = await bot.press(102, "px:ok")
    [first, second] = [e.id for e in street.entries(kind=Kind.ISSUE) + street.entries(
        kind=Kind.OPINION)]
    said = [c.text for c in nobody if c.chat_id == 102][-1]
    assert said == (f"已为 东小区 1号楼 1单元 101 登记 #{first}，等待审核。"
                    "这一户还没有人在机器人上登记，没有人收到通知："
                    "审核结果和处理情况请当面告诉他们。"), said
    told = [c.text for c in one if c.chat_id == 102][-1]
    assert told.endswith(f"登记 #{second}，等待审核。已通知这一户的 1 位住户。"), told


async def test_back_a_step_typed_at_a_household_picker_goes_back_as_its_button_does(street):
    """上一步 typed at /proxy's rooms or units (which show ⬅️ 上一步) left /proxy: 已退出
    “代办”. Now it does what the button does; at the building picker of an area alone
    (no ⬅️ 上一步 there) it still leaves."""
    async with BotHarness(street) as bot:
        await bot.send(900, "/proxy")
        await bot.press(900, "px:area:1")  # 西小区
        units = await bot.press(900, "px:b:0")
        await bot.press(900, "px:u:0")
        units_again = await bot.send(900, "上一步")
        buildings = await bot.send(900, "返回上一步")
        areas = await bot.send(900, "上一步")
        await bot.press(900, "px:area:1")
        await bot.press(900, "px:b:0")
        await bot.press(900, "px:u:0")
        chosen = await bot.press(900, "px:h:0")
        await bot.send(101, "/proxy")
        left = await bot.send(101, "上一步")
    assert [c.text for c in units_again] == [units[-1].text]
    assert buildings[-1].buttons()[0] == ("西小区 1号楼", "px:b:0")
    assert [d for _, d in areas[-1].buttons()][:2] == ["px:area:0", "px:area:1"]
    assert "西小区 1号楼 1单元 101" in chosen[-1].text
    assert "回到主菜单" in left[-1].text
