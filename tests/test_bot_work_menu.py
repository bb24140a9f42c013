"""A volunteer's menu (bot/menu.py, bot/handlers/work.py): the residents' buttons with
a row of their work above (待审核 with how many wait for them, 报事处理, 记账); it comes
with a role given and goes with it taken away, and every press checks the role again."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, pid, settle

from db.entries import Kind
from db.privacy import CONSENT_VERSION

RESIDENT_MENU = ["报事", "提意见", "投票", "缴费登记", "账目", "我的", "帮助"]


def menu_of(calls):
    """The last reply keyboard among ``calls``."""
    menus = [c.keyboard() for c in calls if c.keyboard()]
    return menus[-1] if menus else None


def report(repo, approved=True):
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了三天了"})
    return repo.approve(entry.id, pid(repo, 102)) if approved else entry


async def test_a_volunteer_sees_the_work_row_with_what_waits_and_a_resident_does_not(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    report(repo, approved=False)
    repo.register(pid(repo, 5002), "c1/1/1/102", consent=CONSENT_VERSION)  # waits too
    async with BotHarness(repo) as bot:
        volunteer = await bot.send(101, "/start")
        resident = await bot.send(5001, "/start")
    assert menu_of(volunteer) == ["待审核（2）", "报事处理", "记账", *RESIDENT_MENU]
    assert menu_of(resident) == RESIDENT_MENU


async def test_the_count_leaves_out_what_the_volunteer_recorded_and_may_not_approve(repo):
    volunteer = pid(repo, 101)
    repo.submit(volunteer, Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    assert repo.waiting_count(volunteer) == 0  # another volunteer approves it
    assert repo.waiting_count(pid(repo, 102)) == 1
    assert repo.waiting_count(pid(repo, 900)) == 1  # the admin's queue: every area
    assert repo.waiting_count(volunteer) == \
        len(repo.pending_for(volunteer)) - len(repo.own_waiting(volunteer))
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/start")
    assert menu_of(calls)[0] == "待审核"


async def test_each_work_button_does_its_work(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    open_report = report(repo)
    waiting = report(repo, approved=False)
    async with BotHarness(repo) as bot:
        pending = await bot.send(101, "待审核（1）")
        reports = await bot.send(101, "报事处理")
        money = await bot.send(101, "记账")
        income = await bot.press(101, "go:income")
    assert "1 条待审核" in pending[0].text
    assert any(f"#{waiting.id}" in c.text and ("✅ 通过", f"q:a:{waiting.id}") in c.buttons()
               for c in pending)
    said = reports[-1].text
    assert f"#{open_report.id} 楼道灯坏了三天了" in said and "已受理" in said
    assert f"“{open_report.id} 已修好”" in said  # how to record it on site
    assert "重复了还是无需处理" in said and "/close" not in said  # buttons, not a command
    assert [d for _, d in money[-1].buttons()] == ["go:income", "go:expense"]  # no fee here
    assert "哪项费用" in income[-1].text


async def test_a_work_button_in_the_middle_of_a_flow_is_not_taken_as_its_answer(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        calls = await bot.send(101, "报事处理")
    assert "没有未解决的报事" in calls[-1].text


async def test_the_work_row_comes_with_a_role_and_goes_with_it_and_the_old_keyboard_does_nothing(repo):  # noqa: E501
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    open_report = report(repo)
    async with BotHarness(repo) as bot:
        granted = await bot.send(900, "/grant 5001 volunteer east 网格员")
        told = [c for c in granted if c.chat_id == 5001 and c.method == "sendMessage"]
        assert menu_of(told) == ["待审核", "报事处理", "记账", *RESIDENT_MENU]
        assert "“待审核”“报事处理”“记账”" in told[-1].text
        listed = await bot.send(5001, "报事处理")
        assert f"#{open_report.id}" in listed[-1].text
        revoked = await bot.send(900, "/revoke 5001 volunteer east")
        told = [c for c in revoked if c.chat_id == 5001 and c.method == "sendMessage"]
        assert menu_of(told) == RESIDENT_MENU
        assert "下方菜单也换回了居民的菜单" in told[-1].text
        # her phone may still show the old keyboard: each button refuses, and puts the
        # residents' menu back
        for label in ("报事处理", "待审核", "记账"):
            calls = await bot.send(5001, label)
            assert "您已不再担任志愿者" in calls[-1].text, label
            assert f"#{open_report.id}" not in " ".join(c.text for c in calls)
            assert not any(c.buttons() for c in calls)
            assert menu_of(calls) == RESIDENT_MENU
        start = await bot.send(5001, "/start")
    assert menu_of(start) == RESIDENT_MENU


async def test_a_resident_typing_a_work_label_is_told_where_her_own_button_is(repo):
    """记账 typed by a resident (her own fee, she means) read 抱歉，此功能仅限志愿者使用。
    如果您参与小区管理，请联系社区书记为您开通: now where her own button is."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    report(repo)
    async with BotHarness(repo) as bot:
        said = {label: await bot.send(5001, label) for label in ("报事处理", "记账", "待审核")}
    assert "请点菜单的“报事”" in said["报事处理"][-1].text
    assert "请点菜单的“缴费登记”" in said["记账"][-1].text
    assert "请点菜单的“我的”" in said["待审核"][-1].text
    for calls in said.values():
        assert "仅限志愿者" not in calls[-1].text and menu_of(calls) == RESIDENT_MENU
        assert not any(c.buttons() for c in calls)


async def test_a_volunteer_is_told_of_the_work_row_where_the_bot_says_what_they_can_do(repo):
    async with BotHarness(repo) as bot:
        start = await bot.send(101, "/start")
        helped = await bot.send(101, "帮助")
        chatted = await bot.send(101, "你好")
    row = ("待审核", "报事处理", "记账")
    for said in (" ".join(c.text for c in start), helped[0].text, chatted[-1].text):
        assert "第一行" in said and all(f"{w}" in said for w in row), said
    assert "发送 /pending 可以查看" not in chatted[-1].text


async def test_a_work_label_typed_in_the_volunteers_group_puts_no_keyboard_there(repo):
    """The buttons are a private chat's: a group has no menu, and one sent there would
    show under every member's typing field."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=-700)
        calls = []
        for label in ("报事处理", "记账", "待审核（1）"):
            calls += await bot.send(101, label, chat_id=-700)
    assert not any(c.keyboard() for c in calls), [c.text for c in calls]


async def test_a_decision_told_in_the_chat_brings_the_count_up_to_date(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    first, second = report(repo, approved=False), report(repo, approved=False)
    async with BotHarness(repo) as bot:
        start = await bot.send(101, "/start")
        approved = await bot.send(101, f"/approve {first.id}")
        rejected = await bot.send(101, f"/reject {second.id} 和 #{first.id} 是同一件事")
    assert menu_of(start)[0] == "待审核（2）"
    assert menu_of(approved)[0] == "待审核（1）"
    assert menu_of(rejected)[0] == "待审核"


async def test_handle_reports_names_the_projects_not_done_and_how_to_photograph_them(repo):
    """A grid worker on site photographs a project as a report ("489 已开工" asks its
    stage): 报事处理 named the open reports only, so a project's number was nowhere at
    hand, and with no open report it said there was nothing to follow up."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    project = repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                   budget_fen=0, matter="everyday", deadline="2025-01-01")
    repo.cast_vote(pid(repo, 5001), project.id, "agree")
    close_when_due(repo, project.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "报事处理")
    said = calls[-1].text
    assert "没有未解决的报事" in said
    assert f"#{project.id} 装门禁" in said and f"“{project.id} 已开工”" in said, said


async def test_an_admin_records_a_visit_as_handle_reports_says(repo):
    """报事处理 tells whoever presses it to send "N 已修好"; an admin (who has the menu
    too) got the greeting for it, the note not kept."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    open_report = report(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(900, "报事处理")
        asked = await bot.send(900, f"{open_report.id} 已联系电工")
        await bot.press(900, asked[-1].buttons()[0][1])
    assert repo.entry(open_report.id).status == "in_progress"
    assert f"“{open_report.id} 已修好”" in listed[-1].text
    assert [d.split("~")[0] for _, d in asked[-1].buttons()][:2] == ["fn:p", "fn:r"]


async def test_the_english_work_buttons_do_their_work(repo):
    """English labels have words: "To approve (1)" was read as /To with an area named
    "approve (1)", which is none of hers."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    waiting = report(repo, approved=False)
    repo.set_language(pid(repo, 101), "en")
    repo.set_language(pid(repo, 900), "en")
    async with BotHarness(repo) as bot:
        admin = await bot.send(900, "Handle reports")  # every area: listed as English does
        start = await bot.send(101, "/start")
        pending = await bot.send(101, "To approve (1)")
        reports = await bot.send(101, "Handle reports")
        money = await bot.send(101, "Record money")
    assert menu_of(start)[:3] == ["To approve (1)", "Handle reports", "Record money"]
    assert "1 waiting for approval" in pending[0].text, pending[0].text
    assert any(f"#{waiting.id}" in c.text and c.buttons() for c in pending)
    assert "No open reports in 东小区" in reports[-1].text
    assert "No open reports in 东小区, 西小区" in admin[-1].text
    assert [d for _, d in money[-1].buttons()] == ["go:income", "go:expense"]


async def test_vote_shows_a_grid_worker_without_a_home_here_where_the_votes_stand(repo):
    """A grid worker (no household here) pressing 投票 read only 请先登记住户 and /proxy;
    she goes door to door for the votes of her area."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    vote = repo.create_proposal(pid(repo, 103), "west", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        calls = await bot.send(103, "投票")
        none = await bot.send(101, "投票")
    said = calls[-1].text
    assert f"#{vote.id} 装门禁" in said and f"/paper {vote.id}" in said, said
    assert "位业主中已有 0 位投票" in said and "请先登记住户，才能为您家投票" in said
    assert "东小区目前没有正在表决的提议" in none[-1].text
    # the doors of the vote a tap away (walk65: it said only "发送 /paper N")
    assert (f"📝 #{vote.id} 逐户登记纸质签字", f"pd:l:{vote.id}") in calls[-1].buttons()
    assert [d for _, d in none[-1].buttons()] == ["reg:new"]
    async with BotHarness(repo) as bot:
        doors = await bot.press(103, f"pd:l:{vote.id}")
    assert "1号楼" in " ".join(label for label, _ in doors[-1].buttons()), doors[-1].text


async def test_a_verdict_typed_with_a_number_shows_that_entrys_buttons(repo):
    """"通过 532" typed by a grid worker got 您好！请使用下方菜单; nothing is decided on
    typed words, but the post comes back with its buttons (or who decided it)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    waiting, decided = report(repo, approved=False), report(repo)
    west = repo.submit(pid(repo, 103), Kind.EXPENSE, "west", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    async with BotHarness(repo) as bot:
        shown = await bot.send(101, f"通过 {waiting.id}")
        typed = await bot.send(101, f"驳回{waiting.id} 看不清")
        done = await bot.send(101, f"通过 #{decided.id}")
        elsewhere = await bot.send(101, f"通过 {west.id}")
        resident = await bot.send(5001, f"通过 {waiting.id}")
        vote = repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                    budget_fen=0, matter="everyday", deadline="2099-01-01")
        settle(repo, vote.id)  # its result settled: it may close early
        agree = await bot.send(101, f"同意 {vote.id}")  # a vote, never in the queue
    assert "请点它下面的按钮" in shown[0].text
    said = " ".join(c.text for c in agree)
    assert "已由" not in said and "不是您管理的区域" not in said and "请点它下面" not in said
    assert ("✅ 通过", f"q:a:{waiting.id}") in shown[-1].buttons()
    assert f"q:r:{waiting.id}" in [d for _, d in typed[-1].buttons()]
    assert repo.entry(waiting.id).status == "pending"  # nothing decided on words
    assert "已由" in done[-1].text and not done[-1].buttons()
    assert "不是您管理的区域里等待审核的内容" in elsewhere[-1].text
    assert "五金店" not in " ".join(c.text for c in elsewhere)
    assert not any(c.buttons() and "q:a" in str(c.buttons()) for c in resident)


async def test_the_count_takes_in_a_vote_another_volunteer_asked_to_close_early(repo):
    """/pending lists a request to close a vote early with its buttons for the second
    volunteer; the count on 待审核 left it out, so the button read 待审核 with one waiting."""
    vote = repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    settle(repo, vote.id)  # its result settled: it may close early
    repo.request_early_close(vote.id, pid(repo, 101), "施工方案有变")
    async with BotHarness(repo) as bot:
        second = await bot.send(102, "/start")
        asker = await bot.send(101, "/start")
        listed = await bot.send(102, "待审核（1）")
    assert menu_of(second)[0] == "待审核（1）"
    assert menu_of(asker)[0] == "待审核"
    assert any(f"#{vote.id}" in c.text and c.buttons() for c in listed)


async def test_more_than_a_page_waiting_comes_with_the_next_page_button(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    for _ in range(21):
        report(repo, approved=False)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "待审核（21）")
    assert calls[-1].buttons()[-1][0] == "下一页 ▶（还有 13 条）"


async def test_record_money_offers_who_has_not_paid_where_the_area_has_one_fee(tmp_path):
    """A grid worker collecting 卫生费 door to door needs the doors to knock on: /unpaid
    alone lists them for the area's only fee; 记账 offers it as a button then."""
    from conftest import SMALL_STREET, StepClock

    from db.config import parse_street
    from db.repository import Repository

    street = SMALL_STREET.replace(
        "compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, per: household, "
        "period: year}]}")
    repo = Repository.init(tmp_path / "data", parse_street(street, "s.yaml"), clock=StepClock())
    try:
        async with BotHarness(repo) as bot:
            east = await bot.send(101, "记账")
            west = await bot.send(103, "记账")  # no fee: /unpaid alone would ask for it
            listed = await bot.press(101, "go:unpaid")
    finally:
        repo.close()
    assert [d for _, d in east[-1].buttons()] == ["go:income", "go:expense", "go:unpaid"]
    assert [d for _, d in west[-1].buttons()] == ["go:income", "go:expense"]
    assert "东小区 1号楼 1单元：101、102、201" in listed[-1].text, listed[-1].text


def test_every_menu_sent_is_the_senders_own():
    """A handler sending the residents' menu (``main_menu``) to a volunteer would take
    their work row away until the next menu: handlers send ``menu_of`` (the sender's
    own). Only bot/menu.py makes the residents' one."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "bot"
    calls = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if "main_menu(" in p.read_text(encoding="utf-8"))
    assert calls == ["menu.py"]


async def test_a_supervisor_gets_to_approve_alone_to_read_what_waits(repo):
    """A supervisor (监督员) reads what waits and decides nothing: her daily reminder says
    to press 待审核, which her menu (the residents') did not have."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    waiting = report(repo, approved=False)
    repo.ensure_person(7700)
    async with BotHarness(repo) as bot:
        granted = await bot.send(900, "/grant 7700 supervisor east")
        listed = await bot.send(7700, "待审核（1）")
        work = await bot.send(7700, "报事处理")
        revoked = await bot.send(900, "/revoke 7700 supervisor east")
    told = [c for c in granted if c.chat_id == 7700]
    assert menu_of(told) == ["待审核（1）", "报事", "提意见", "投票", "缴费登记", "账目", "我的",
                             "帮助"]
    assert "点下方菜单的“待审核”" in told[-1].text
    assert any(f"#{waiting.id}" in c.text for c in listed)
    assert not any("q:a" in str(c.buttons()) for c in listed)  # to read, not to decide
    assert "只能由志愿者来做" in work[-1].text and menu_of(work)[0] == "待审核（1）"
    assert menu_of([c for c in revoked if c.chat_id == 7700]) == RESIDENT_MENU


def test_the_volunteers_guide_names_the_work_row_as_the_bot_labels_it():
    """The guide on the site said /pending, /progress, /income to type, nothing of the
    buttons a volunteer now has under the typing field."""
    from pathlib import Path

    from bot.i18n import tr
    from bot.menu import STAFF_LABELS

    guide = (Path(__file__).resolve().parent.parent / "content" / "guides" /
             "volunteers.md").read_text(encoding="utf-8")
    assert "## 菜单" in guide
    for label in STAFF_LABELS:
        assert f"**{tr('zh', label)}**" in guide, label
    assert "通过 127" in guide and "💬 回复" in guide


async def test_a_volunteer_left_with_another_area_keeps_the_work_row(repo):
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant 101 volunteer west 网格员")
        revoked = await bot.send(900, "/revoke 101 volunteer west")
    told = [c for c in revoked if c.chat_id == 101 and c.method == "sendMessage"]
    assert menu_of(told)[:3] == ["待审核", "报事处理", "记账"]
    assert "不再担任西小区的志愿者" in told[-1].text and "居民的菜单" not in told[-1].text


async def test_approving_the_last_waiting_entry_by_its_button_brings_the_menu_without_a_count(repo):  # noqa: E501
    """✅ under a post edits the post and sent no message, so the menu under the typing
    field kept 待审核（2） after both were approved (a reply keyboard changes only with a
    message). Now the last one brings one message with the menu made right; none
    comes before it (the post edited says each verdict)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    first, second = report(repo, approved=False), report(repo, approved=False)
    async with BotHarness(repo) as bot:
        start = await bot.send(101, "/start")
        one = await bot.press(101, f"q:a:{first.id}")
        last = await bot.press(101, f"q:a:{second.id}")
    assert menu_of(start)[0] == "待审核（2）"
    assert not [c for c in one if c.chat_id == 101 and c.method == "sendMessage"]
    [done] = [c for c in last if c.chat_id == 101 and c.method == "sendMessage"]
    assert done.text == f"#{second.id} 已通过。待审核的都处理完了。"
    assert done.keyboard()[0] == "待审核"


async def test_approving_the_last_one_in_the_volunteers_group_puts_no_menu_there(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    entry = report(repo, approved=False)
    repo.link_group(pid(repo, 101), "east", -700)  # the area's volunteers' group
    async with BotHarness(repo) as bot:
        calls = await bot.press(101, f"q:a:{entry.id}", chat_id=-700)
    assert not any(c.keyboard() or "处理完了" in c.text for c in calls)
    assert repo.entry(entry.id).status == "approved"


async def test_a_press_too_late_says_who_decided_and_brings_the_count_down(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    entry = report(repo, approved=False)
    report(repo, approved=False)
    async with BotHarness(repo) as bot:
        await bot.press(102, f"q:a:{entry.id}")
        late = await bot.press(101, f"q:a:{entry.id}")
    said = [c for c in late if c.chat_id == 101 and c.method == "sendMessage"]
    assert "已由" in said[0].text and said[0].keyboard()[0] == "待审核（1）"


async def test_a_report_of_today_reads_reported_today_not_waiting_0_days(repo):
    """报事处理 listed a report of the morning as 已受理，已等 0 天 (found on a grid worker's
    round in steward run): now 今天报的; one of an earlier day keeps 已等 N 天."""
    from datetime import timedelta
    confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    older = report(repo)
    repo.clock.now += timedelta(days=3)
    today = report(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "报事处理")
    said = listed[-1].text
    assert f"#{today.id} 楼道灯坏了三天了 — 已受理，今天报的" in said
    assert f"#{older.id} 楼道灯坏了三天了 — 已受理，已等 3 天" in said


async def test_record_money_offers_who_has_not_paid_to_a_volunteer_of_several_areas(tmp_path):
    """A grid worker of two areas (one with a fee per household) pressed 记账 and got no
    📋 谁还没交费 button, though /unpaid alone lists the doors of each of her areas that
    has its fee due now: the button was offered to a volunteer of one area only."""
    from conftest import SMALL_STREET, StepClock, pid

    from db.config import parse_street
    from db.repository import Repository

    street = SMALL_STREET.replace(
        "compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, per: household, "
        "period: year}]}")
    repo = Repository.init(tmp_path / "data", parse_street(street, "s.yaml"), clock=StepClock())
    try:
        repo.grant(pid(repo, 900), 103, "east", "网格员")  # west's grid worker, east's too
        async with BotHarness(repo) as bot:
            money = await bot.send(103, "记账")
            listed = await bot.press(103, "go:unpaid")
    finally:
        repo.close()
    assert [d for _, d in money[-1].buttons()] == ["go:income", "go:expense", "go:unpaid"]
    assert any("东小区 1号楼 1单元：101、102、201" in c.text for c in listed), listed[-1].text
