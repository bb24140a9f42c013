"""Roles through the real Application: /grant and /revoke (admins only,
audited, the person is told and gets the volunteer menu), /whoami."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.notices import NOTICES_KEY
from bot.posts import posts_of
from db.people import public_role, volunteer_areas


async def test_admin_grants_a_volunteer_role_which_is_audited_and_announced(repo):
    repo.ensure_person(5001, username="laowang")
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/grant 5001 volunteer east 网格员")
    person = repo.person_by_telegram(5001)
    assert volunteer_areas(person) == ["east"]
    assert [r["title"] for r in person["roles"] if r["role"] == "volunteer"] == ["网格员"]
    audit = repo.role_audit()[-1]
    assert audit["to"] == "volunteer:east" and audit["note"] == "grant"
    assert any(c.chat_id == 900 and "网格员" in c.text for c in calls)
    [told] = [c for c in calls if c.chat_id == 5001 and c.method == "sendMessage"]
    assert "“✅ 通过”" in told.text and "“帮助”" in told.text  # buttons, not /help
    assert "已经在等待的，发送 /pending 查看" in told.text  # posts go out for new ones only
    menus = [c for c in calls if c.method == "setMyCommands"]
    assert menus and menus[0].params["scope"] == {"type": "chat", "chat_id": 5001}
    assert "pending" in {c["command"] for c in menus[0].params["commands"]}


async def test_grant_by_username_of_someone_who_wrote_to_the_bot(repo):
    repo.ensure_person(5001, username="LaoWang")
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant @laowang volunteer west")
    assert volunteer_areas(repo.person_by_telegram(5001)) == ["west"]


async def test_volunteer_cannot_grant_and_nothing_changes(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/grant 5001 volunteer east")
    assert repo.person_by_telegram(5001) is None
    assert "管理员" in calls[-1].text


async def test_grant_to_unknown_area_or_user_says_why(repo):
    async with BotHarness(repo) as bot:
        area = await bot.send(900, "/grant 5001 volunteer nowhere")
        user = await bot.send(900, "/grant @nobody volunteer east")
        usage = await bot.send(900, "/grant")
    assert "nowhere" in area[-1].text
    assert "@nobody" in user[-1].text
    assert "/grant" in usage[-1].text
    assert volunteer_areas(repo.person_by_telegram(5001)) == []


async def test_admin_revokes_a_role_audited_and_the_person_is_told(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/revoke 102 volunteer east")
        after = await bot.send(102, "/pending")
    assert volunteer_areas(repo.person_by_telegram(102)) == []
    assert repo.role_audit()[-1]["from"] == "volunteer:east"
    assert any(c.chat_id == 102 and "不再" in c.text for c in calls)
    assert any(c.method == "deleteMyCommands" for c in calls)
    assert "仅限志愿者" in after[-1].text


async def test_revoke_a_role_the_person_does_not_have(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/revoke 103 east")
    assert volunteer_areas(repo.person_by_telegram(103)) == ["west"]
    assert "不是该区域的志愿者" in calls[-1].text


async def test_whoami_shows_roles_and_only_admins_look_up_others(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        mine = await bot.send(101, "/whoami")
        resident = await bot.send(5001, "/whoami")
        nosy = await bot.send(5001, "/whoami 101")
        admin = await bot.send(900, "/whoami 101")
    assert "物管会主任" in mine[-1].text and "东小区" in mine[-1].text
    assert "居民" in resident[-1].text
    assert "管理员" in nosy[-1].text and "物管会主任" not in nosy[-1].text
    assert "物管会主任" in admin[-1].text


async def test_help_shows_volunteer_commands_only_to_volunteers(repo):
    async with BotHarness(repo) as bot:
        volunteer = await bot.send(101, "/help")
        stranger = await bot.send(5009, "/help")
    # no household: her commands come first (test_bot_common)
    assert "/pending" in volunteer[0].text and "/grant" not in volunteer[0].text
    assert not any("/pending" in c.text for c in stranger)


async def test_a_volunteer_who_stepped_down_is_told_the_old_posts_buttons_are_refused(repo):
    from db.entries import Kind, Status

    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(repo.person_by_telegram(5001)["id"], Kind.ISSUE, "east",
                        {"category": "lighting", "text": "路灯坏了"})
    async with BotHarness(repo) as bot:
        revoked = await bot.send(900, "/revoke 102 volunteer east")
        pressed = await bot.press(102, f"q:a:{entry.id}")
        rejected = await bot.press(102, f"q:r:{entry.id}")
        stranger = await bot.send(5001, "/pending")
    [told] = [c for c in revoked if c.chat_id == 102]
    assert "不再担任" in told.text and "按钮对您不再有效" in told.text
    for calls in (pressed, rejected):
        assert "您已不再担任志愿者" in calls[-1].text and "没有做任何改动" in calls[-1].text
    assert repo.entry(entry.id).status == Status.PENDING
    assert not any(c.chat_id == 5001 and c.text.startswith("您的报事") for c in pressed)
    assert "不再担任" not in stranger[-1].text  # never a volunteer: the usual refusal


async def test_a_volunteers_help_starts_with_the_buttons_not_the_commands(repo):
    repo.grant(repo.person_by_telegram(900)["id"], 7700, "east", title="监督员",
               role="supervisor")
    async with BotHarness(repo) as bot:
        volunteer = await bot.send(101, "/help")
        supervisor = await bot.send(7700, "/help")
    first = volunteer[0].text.splitlines()[0]  # no household: her commands come first
    assert "“✅ 通过”" in first and "不用打命令" in first
    assert "/pending" in supervisor[0].text and "“✅ 通过”" not in supervisor[0].text


async def test_revoking_a_volunteer_takes_the_buttons_off_their_copies_of_the_posts(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道灯不亮")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        sent = await bot.press(7001, "rep:ok")
        await bot.app.bot_data[NOTICES_KEY].drain()
        posts = posts_of(bot.app)
        [mine] = posts.in_chat(102)
        kept = posts.in_chat(101)
        assert kept and sent is not None
        calls = await bot.send(900, "/revoke 102 volunteer east")
        approved = await bot.press(101, f"q:a:{mine.entries[0]}")
    [cleared] = [c for c in calls if c.method == "editMessageReplyMarkup"]
    assert cleared.chat_id == 102 and cleared.params["message_id"] == mine.message
    assert not cleared.params.get("reply_markup")  # no button left to press
    # still remembered: the decision shows on every copy, with no button (and a
    # withdrawal would still take the text away from the former volunteer's copy)
    [shown] = [c for c in approved if c.chat_id == 102 and c.method == "editMessageText"]
    assert shown.params["message_id"] == mine.message and not shown.buttons()
    assert [c for c in approved if c.chat_id == 101 and c.method == "editMessageText"]


async def test_an_area_typed_by_its_name_or_a_compounds_is_the_area(repo):
    """The handover in the volunteers' week trial: the secretary typed the compound (as
    the usage's example did, "yanye") or its name, and was told only that there is no
    such management area."""
    repo.ensure_person(5001)
    repo.ensure_person(5002)
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant 5001 volunteer 东小区 网格员")
        await bot.send(900, "/grant 5002 volunteer c2")
        assert volunteer_areas(repo.person_by_telegram(5001)) == ["east"]
        assert volunteer_areas(repo.person_by_telegram(5002)) == ["west"]
        await bot.send(900, "/revoke 5001 volunteer 东小区")
    assert volunteer_areas(repo.person_by_telegram(5001)) == []


async def test_an_unknown_area_and_the_usage_list_the_areas_to_type(repo):
    repo.ensure_person(5001)
    async with BotHarness(repo) as bot:
        wrong = await bot.send(900, "/grant 5001 volunteer 北区")
        steps = await bot.send(900, "/grant 5001")  # the person alone: the steps, by name
        await bot.send(900, "/cancel")
        revoke = await bot.send(900, "/revoke 5001 东小区 网格员")  # a word too many
    assert wrong[-1].text == "没有名为 北区 的管理区域。管理区域有：东小区、西小区。"
    assert [label for label, _ in steps[-1].buttons()] == ["东小区", "西小区", "取消"]
    assert revoke[-1].text.endswith("管理区域有：东小区、西小区。")
    assert volunteer_areas(repo.person_by_telegram(5001)) == []


async def test_granting_a_role_held_already_with_that_title_changes_nothing_and_says_so(repo):
    """The admin sent /grant twice (no answer seen on a slow phone): he read 已完成：… 现在是
    …网格员 again, the volunteer got 您现在是…网格员 a second time, and the audit trail a
    second grant. Now he is told she already holds it; nobody else is told anything."""
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant 5001 volunteer east 网格员")
        audits = len(repo.role_audit())
        again = await bot.send(900, "/grant 5001 volunteer east 网格员")
        retitled = await bot.send(900, "/grant 5001 volunteer east 物管会委员")
    assert not [c for c in again if c.chat_id == 5001]
    said = [c.text for c in again if c.chat_id == 900 and c.method == "sendMessage"]
    assert said and "已经是" in said[0] and "没有改动" in said[0], said
    assert "已完成" not in said[0]
    assert len(repo.role_audit()) == audits + 1  # only the change of title
    assert any(c.chat_id == 5001 and "物管会委员" in c.text for c in retitled)


async def test_granting_a_role_again_without_a_title_keeps_the_title_and_says_so(repo):
    """/grant 101 volunteer east, with no title, to 物管会主任甲 (the admin meant to check
    it, or to grant it again) made him 志愿者甲 in the public accounts: a new pseudonym on
    every line he records from then on. Now his title and pseudonym are kept, the admin is
    told which, and nothing is stored or sent; a title given still changes it."""
    before = repo.person_by_telegram(101)
    alias = public_role(before, "east")
    assert alias.startswith("物管会主任")
    audits = len(repo.role_audit())
    async with BotHarness(repo) as bot:
        kept = await bot.send(900, "/grant 101 volunteer east")
    repo.set_language(pid(repo, 900), "en")
    async with BotHarness(repo) as bot:
        kept_en = await bot.send(900, "/grant 101 volunteer east")
    after = repo.person_by_telegram(101)
    assert [r for r in after["roles"] if r["role"] == "volunteer"] == \
        [r for r in before["roles"] if r["role"] == "volunteer"]
    assert public_role(after, "east") == alias and len(repo.role_audit()) == audits
    assert not [c for c in kept + kept_en if c.chat_id == 101]
    [said] = [c.text for c in kept if c.chat_id == 900 and c.method == "sendMessage"]
    assert "已经是东小区的物管会主任" in said and f"代号是{alias}" in said and "保留" in said, said
    assert "没有改动" in said and "已完成" not in said
    assert any(alias in c.text and "kept" in c.text for c in kept_en), kept_en


async def test_a_volunteers_help_groups_her_commands_by_the_work_they_are_for(repo):
    async with BotHarness(repo) as bot:
        volunteer = await bot.send(101, "/help")
    text = volunteer[0].text
    headings = [line for line in text.splitlines() if line.startswith("【")]
    assert headings == ["【审核与答复居民】", "【报事处理】", "【账目与收费】", "【表决与自治】",
                        "【公告、公示单与网站】"]  # no 【管理员】: she is not an admin

    def under(command: str) -> str:
        before = text[:text.index(f"\n/{command} — ")]
        return before[before.rindex("【"):].split("\n")[0]

    assert under("approve") == "【审核与答复居民】"
    assert under("resolve") == "【报事处理】"
    assert under("expense") == under("unpaid") == "【账目与收费】"
    assert under("propose") == under("closevote") == "【表决与自治】"
    assert under("notice") == "【公告、公示单与网站】"


async def test_whoami_names_the_street_files_admin_once(repo):
    """Before: an admin of the street file's `admins:` sent /whoami and read
    '管理员（管理员）'; now '管理员', and a title of her own still in brackets."""
    async with BotHarness(repo) as bot:
        said = await bot.send(900, "/whoami")
    assert "管理员（管理员）" not in said[-1].text, said[-1].text
    assert said[-1].text.splitlines()[1] == "管理员", said[-1].text


async def test_a_grant_to_someone_the_bot_cannot_write_to_tells_the_admin_so(repo):
    """Before: /grant 5001 … to someone who had never opened the bot answered 已完成 and
    nothing more: Telegram refused the bot's message to her (403), and neither she nor
    the admin knew that nothing, no entry to approve either, would reach her until she
    sent /start. Now the admin is told to ask her to."""
    async with BotHarness(repo) as bot:
        bot.request.blocked.add(5001)
        calls = await bot.send(900, "/grant 5001 volunteer east 网格员")
    said = "\n".join(c.text for c in calls if c.chat_id == 900)
    assert "已完成" in said and "请对方打开机器人，发送 /start" in said, said
    assert volunteer_areas(repo.person_by_telegram(5001)) == ["east"]  # stored all the same
