"""/grant and /revoke sent alone guide the admin with buttons: who (typed as she hears
it), which area, 志愿者 or 监督员, a title, then 确认 / 取消; /revoke a button per
volunteer and supervisor. Before, /grant alone only showed a long usage text with
English role words and area ids to type. The confirmation goes through the typed
command's code (told, menu set, audited), once; a non-admin's forged press changes
nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.people import public_role, supervisor_areas, volunteer_areas


def _volunteer_titles(repo, tid):  # type: ignore[no-untyped-def]
    return [r["title"] for r in repo.person_by_telegram(tid)["roles"] if r["role"] == "volunteer"]


async def test_grant_alone_asks_who_area_role_and_title_with_buttons(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        asked = await bot.send(900, "/grant")
        assert "谁" in asked[-1].text
        areas = await bot.send(900, "马红")
        assert [label for label, _ in areas[-1].buttons()] == ["东小区", "西小区", "取消"]
        assert areas[-1].text.startswith("给 马红") and "哪个管理区域" in areas[-1].text
        role = await bot.press_label(900, "西小区")
        assert [label for label, _ in role[-1].buttons()] == ["志愿者", "监督员", "取消"]
        titles = await bot.press_label(900, "志愿者")
        labels = [label for label, _ in titles[-1].buttons()]
        assert labels[:5] == ["网格员", "物管会委员", "物管会主任", "单元党小组组长", "楼栋长"]
        assert "不写职务" in labels
        summary = await bot.press_label(900, "楼栋长")
        assert "马红" in summary[-1].text and "西小区" in summary[-1].text \
            and "楼栋长" in summary[-1].text
        assert [label for label, _ in summary[-1].buttons()] == ["确认", "取消"]
        assert volunteer_areas(repo.person_by_telegram(5001)) == []  # nothing before 确认
        done = await bot.press_label(900, "确认")
        again = await bot.press(900, summary[-1].buttons()[0][1])  # a second press
    assert volunteer_areas(repo.person_by_telegram(5001)) == ["west"]
    assert _volunteer_titles(repo, 5001) == ["楼栋长"]
    grants = [a for a in repo.role_audit() if a["note"] == "grant" and a["to"] == "volunteer:west"
              and a["subject"] == repo.person_by_telegram(5001)["id"]]
    assert len(grants) == 1  # exactly once
    told = [c for c in done + again if c.chat_id == 5001 and c.method == "sendMessage"]
    assert len(told) == 1 and "楼栋长" in told[0].text
    assert any(c.method == "setMyCommands" for c in done)


async def test_a_title_typed_and_a_supervisor_without_one(repo):
    repo.ensure_person(5001, name="马红")
    repo.ensure_person(5002, name="张建华")
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        await bot.send(900, "马红")
        await bot.press_label(900, "东小区")
        await bot.press_label(900, "志愿者")
        summary = await bot.send(900, "小区会计")
        assert "小区会计" in summary[-1].text
        await bot.press_label(900, "确认")
        await bot.send(900, "/grant")
        await bot.send(900, "张建华")
        await bot.press_label(900, "东小区")
        summary = await bot.press_label(900, "监督员")
        assert "张建华" in summary[-1].text and "监督员" in summary[-1].text
        await bot.press_label(900, "确认")
    assert _volunteer_titles(repo, 5001) == ["小区会计"]
    assert supervisor_areas(repo.person_by_telegram(5002)) == ["east"]


async def test_several_of_one_flat_are_buttons_and_nobody_is_asked_again(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    second = confirmed_resident(repo, 5002, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        nobody = await bot.send(900, "张三")
        assert "张三" in nobody[-1].text and "再" in nobody[-1].text
        several = await bot.send(900, "东小区1号楼1单元101")
        buttons = several[-1].buttons()
        assert buttons[-1][0] == "取消"
        buttons = buttons[:-1]
        assert len(buttons) == 2 and all("101" in label for label, _ in buttons)
        areas = await bot.press(900, buttons[1][1])
        assert "东小区" in [label for label, _ in areas[-1].buttons()]
        await bot.press_label(900, "东小区")
        await bot.press_label(900, "志愿者")
        summary = await bot.press_label(900, "不写职务")
        assert f"#{second}" not in summary[-1].text and "5002" in summary[-1].text
        await bot.press_label(900, "确认")
    assert volunteer_areas(repo.person_by_telegram(5001)) == []
    assert volunteer_areas(repo.person_by_telegram(5002)) == ["east"]
    assert _volunteer_titles(repo, 5002) == ["志愿者"]


async def test_revoke_alone_lists_each_role_and_takes_the_one_pressed(repo):
    async with BotHarness(repo) as bot:
        await bot.send(900, "/revoke")
        await bot.press_label(900, "乙志愿者")
        cancelled = await bot.press_label(900, "取消")
        assert "没有保存" in cancelled[-1].text
        assert volunteer_areas(repo.person_by_telegram(102)) == ["east"]
        listed = await bot.send(900, "/revoke")
        labels = [label for label, _ in listed[-1].buttons()]
        assert any("乙志愿者" in label and "物管会委员" in label for label in labels)
        assert any("丙志愿者" in label and "网格员" in label for label in labels)
        summary = await bot.press_label(900, "乙志愿者")
        assert "乙志愿者" in summary[-1].text
        assert volunteer_areas(repo.person_by_telegram(102)) == ["east"]
        done = await bot.press_label(900, "确认")
    assert volunteer_areas(repo.person_by_telegram(102)) == []
    assert volunteer_areas(repo.person_by_telegram(103)) == ["west"]
    assert repo.role_audit()[-1]["note"] == "revoke"
    assert any(c.chat_id == 102 and "不再" in c.text for c in done)


async def test_a_non_admins_forged_presses_change_nothing(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        started = await bot.send(101, "/grant")
        assert "管理员" in started[-1].text
        for data in ("gr:who:0", "gr:area:0", "gr:role:volunteer", "gr:title:0", "gr:ok:1",
                     "rv:who:0", "rv:ok:1"):
            said = await bot.press(101, data)
            assert "失效" in said[-1].text or "管理员" in said[-1].text
        # the admin's own flow, and someone else pressing its 确认
        await bot.send(900, "/grant")
        await bot.send(900, "马红")
        await bot.press_label(900, "东小区")
        await bot.press_label(900, "志愿者")
        summary = await bot.press_label(900, "网格员")
        await bot.press(101, summary[-1].buttons()[0][1])
        await bot.press(900, "gr:ok:7")  # forged: refused, the summary still there
    assert volunteer_areas(repo.person_by_telegram(5001)) == []
    assert volunteer_areas(repo.person_by_telegram(102)) == ["east"]


async def test_the_typed_forms_still_act_at_once(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        said = await bot.send(900, "/grant 马红 volunteer east 网格员")
        assert not said[-1].buttons()
        await bot.send(900, "/revoke 马红 volunteer east")
    assert volunteer_areas(repo.person_by_telegram(5001)) == []
    assert [a["note"] for a in repo.role_audit()][-2:] == ["grant", "revoke"]


async def test_an_admins_help_has_the_role_buttons_and_a_volunteers_does_not(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        helped = await bot.send(900, "/help")
        more = [c for c in helped if "更多操作" in c.text][-1].buttons()
        assert [label for label, _ in more][:2] == ["👤 设志愿者或监督员", "👤 撤销志愿者或监督员"]
        asked = await bot.press_label(900, "👤 设志愿者或监督员")
        assert "谁" in asked[-1].text
        await bot.send(900, "马红")
        await bot.press_label(900, "东小区")
        await bot.press_label(900, "监督员")
        await bot.press_label(900, "确认")
        listed = await bot.press(900, "go:revoke")
        assert any("马红" in label for label, _ in listed[-1].buttons())
        volunteer = await bot.send(101, "/help")
    assert supervisor_areas(repo.person_by_telegram(5001)) == ["east"]
    assert not any("👤 设志愿者" in label for c in volunteer for label, _ in c.buttons())


async def test_words_typed_at_a_step_of_buttons_get_its_buttons_again(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        await bot.send(900, "马红")
        area = await bot.send(900, "东小区吧")
        assert [label for label, _ in area[-1].buttons()] == ["东小区", "西小区", "取消"]
        await bot.press_label(900, "东小区")
        role = await bot.send(900, "好的")
        assert [label for label, _ in role[-1].buttons()] == ["志愿者", "监督员", "取消"]
        await bot.press_label(900, "监督员")
        summary = await bot.send(900, "好")
        assert [label for label, _ in summary[-1].buttons()] == ["确认", "取消"]
        await bot.send(900, "/revoke")
        listed = await bot.send(900, "乙志愿者")
        assert any("乙志愿者" in label for label, _ in listed[-1].buttons())
    assert supervisor_areas(repo.person_by_telegram(5001)) == []


async def test_a_menu_button_in_the_middle_names_the_step_left(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        await bot.send(900, "马红")
        left = await bot.send(900, "账目")
    assert any("设志愿者或监督员（/grant）" in c.text for c in left), [c.text for c in left]


async def test_the_summary_says_the_title_replaced_and_a_conflict_is_said_before_confirm(repo):
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        await bot.send(900, "102")
        await bot.press_label(900, "东小区")
        await bot.press_label(900, "志愿者")
        summary = await bot.press_label(900, "网格员")
        assert "现在是：东小区的物管会委员" in summary[-1].text
        await bot.press_label(900, "取消")
        await bot.send(900, "/grant")
        await bot.send(900, "103")
        await bot.press_label(900, "西小区")
        refused = await bot.press_label(900, "监督员")
    assert "/revoke" in refused[-1].text and "没有做任何改动" in refused[-1].text
    assert not refused[-1].buttons()
    assert supervisor_areas(repo.person_by_telegram(103)) == []
    assert _volunteer_titles(repo, 102) == ["物管会委员"]


async def test_no_title_for_a_volunteer_of_the_area_says_nothing_changes_with_the_titles(repo):
    """郑晓梅, 物管会委员 of 城建小区, given 志愿者 and 不写职务 with the buttons: she read the
    typed command's hint /grant 郑晓梅 volunteer chengjian 网格员 (an area id, English
    words) after 确认. Now the steps say nothing would change, with the titles again."""
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        await bot.send(900, "102")
        await bot.press_label(900, "东小区")
        await bot.press_label(900, "志愿者")
        same = await bot.press_label(900, "不写职务")
        typed_same = await bot.send(900, "物管会委员")
        summary = await bot.press_label(900, "网格员")
    for said in (same, typed_same):
        assert "物管会委员" in said[-1].text and "不会有任何改动" in said[-1].text
        assert "/grant" not in said[-1].text and "east" not in said[-1].text
        assert [label for label, _ in said[-1].buttons()][:2] == ["网格员", "物管会委员"]
    assert [label for label, _ in summary[-1].buttons()] == ["确认", "取消"]
    assert _volunteer_titles(repo, 102) == ["物管会委员"]


async def test_the_summary_says_how_a_new_title_changes_the_public_pseudonym(repo):
    """物管会主任甲 becomes 楼栋长甲 on the public accounts when the title changes: the
    summary before 确认 says so (the admin wants to know what the site will show)."""
    before = public_role(repo.person_by_telegram(102), "east")
    assert before.startswith("物管会委员")
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        await bot.send(900, "102")
        await bot.press_label(900, "东小区")
        await bot.press_label(900, "志愿者")
        summary = await bot.press_label(900, "楼栋长")
        await bot.press_label(900, "确认")
    after = public_role(repo.person_by_telegram(102), "east")
    assert after == "楼栋长" + before[len("物管会委员"):]
    assert f"{before} → {after}" in summary[-1].text


async def test_more_than_ten_of_one_name_are_counted_with_how_to_find_fewer(repo):
    """Twelve people named 马红: ten buttons, and nothing said of the two others. Now how
    many more, and to type the household or number instead (typed /grant the same)."""
    for tid in range(5001, 5013):
        repo.ensure_person(tid, name="马红")
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        several = await bot.send(900, "马红")
        typed = await bot.send(900, "/grant 马红 volunteer east")
    assert len(several[-1].buttons()) == 10 + 1  # and 取消
    for said in (several[-1].text, typed[-1].text):
        assert "还有 2 位没有列出" in said and "住户" in said, said


async def test_the_areas_a_person_lives_in_or_serves_come_first(repo):
    """The area buttons were in the street's order whoever was given a role: a resident
    of 西小区, or its volunteer, had 东小区 first. Now theirs come first."""
    confirmed_resident(repo, 5001, "c2/1/1/101", 103)
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        resident = await bot.send(900, "5001")
        await bot.send(900, "/grant")
        volunteer = await bot.send(900, "103")  # 丙志愿者, a volunteer of 西小区
        await bot.send(900, "/grant")
        other = await bot.send(900, "102")  # 乙志愿者, of 东小区
    assert [label for label, _ in resident[-1].buttons()] == ["西小区", "东小区", "取消"]
    assert [label for label, _ in volunteer[-1].buttons()] == ["西小区", "东小区", "取消"]
    assert [label for label, _ in other[-1].buttons()] == ["东小区", "西小区", "取消"]


async def test_grant_with_the_person_alone_starts_the_steps_with_them_filled_in(repo):
    """/grant 5001 or /grant 马红 (or with the role: /grant 马红 监督员) answered the long
    usage text. Now the steps start with what was typed: the person found as the typed
    /grant finds them, several a button each, nobody said and asked again."""
    repo.ensure_person(5001, name="马红")
    confirmed_resident(repo, 5002, "c1/1/1/101", 101)
    confirmed_resident(repo, 5003, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        by_id = await bot.send(900, "/grant 5001")
        by_name = await bot.send(900, "/grant 马红")
        await bot.press_label(900, "西小区")
        titles = await bot.press_label(900, "志愿者")
        with_role = await bot.send(900, "/grant 马红 监督员")
        summary = await bot.press_label(900, "东小区")
        await bot.press_label(900, "确认")
        several = await bot.send(900, "/grant 东小区1号楼1单元101")
        nobody = await bot.send(900, "/grant 张三")
        asked = await bot.send(900, "马红")
    for said in (by_id, by_name, with_role, asked):
        assert [label for label, _ in said[-1].buttons()] == ["东小区", "西小区", "取消"]
        assert "用法" not in said[-1].text
    assert "网格员" in [label for label, _ in titles[-1].buttons()]
    assert "监督员" in summary[-1].text and "马红" in summary[-1].text
    assert len(several[-1].buttons()) == 2 + 1  # and 取消
    assert "张三" in nobody[-1].text and "再" in nobody[-1].text
    assert supervisor_areas(repo.person_by_telegram(5001)) == ["east"]


async def test_revoke_with_the_person_alone_shows_their_role_to_confirm(repo):
    """/revoke 102 (the person alone) answered the usage text with area ids to type. Now
    the summary of the one role they hold, with 确认; someone without one is told so."""
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        summary = await bot.send(900, "/revoke 102")
        done = await bot.press_label(900, "确认")
        none = await bot.send(900, "/revoke 马红")
        nobody = await bot.send(900, "/revoke 张三")
    assert "乙志愿者" in summary[-1].text and "物管会委员" in summary[-1].text
    assert [label for label, _ in summary[-1].buttons()] == ["确认", "取消"]
    assert any(c.chat_id == 102 and "不再" in c.text for c in done)
    assert "马红 不是" in none[-1].text and "没有做任何改动" in none[-1].text
    assert "张三" in nobody[-1].text and "用法" not in nobody[-1].text
    assert volunteer_areas(repo.person_by_telegram(102)) == []


async def test_grants_first_question_has_a_cancel_button_that_leaves_with_nothing_given(repo):
    """Who gets the role? had no 取消 (typed 取消 worked; every later step has the button);
    now it has one, also when the name typed finds nobody or several."""
    repo.ensure_person(5001, name="马红")
    repo.ensure_person(5002, name="马红")
    async with BotHarness(repo) as bot:
        asked = await bot.send(900, "/grant")
        assert "谁" in asked[-1].text
        assert [label for label, _ in asked[-1].buttons()] == ["取消"]
        nobody = await bot.send(900, "没有这个人")
        assert [label for label, _ in nobody[-1].buttons()] == ["取消"]
        several = await bot.send(900, "马红")
        assert [label for label, _ in several[-1].buttons()][-1] == "取消"
        left = await bot.press_label(900, "取消")
        assert left and "取消" in " ".join(c.text or "" for c in left), left
        after = await bot.send(900, "马红")  # the steps are left: not taken as who
        assert not any("哪个管理区域" in (c.text or "") for c in after)
    assert volunteer_areas(repo.person_by_telegram(5001)) == []
