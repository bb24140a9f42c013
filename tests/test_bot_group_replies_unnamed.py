"""What the bot says in the area's linked volunteers' group after a button is pressed
there names no resident and no room either (``bot.group_post``). Before: a rejection's
post read ❌ 已由物管会主任甲 甲志愿者驳回：重复了，王秀兰家102已报过 in the group; the question
for the reason of rejecting a /proxy report said #2 是志愿者为 东小区 1号楼 1单元 102 代为登记的
there; the household's answer to a volunteer's question reached the group with its room
and the phone typed in it; and a report's ⚠️ 可能已有人报过 quoted the earlier one's room.
Each volunteer's private chat reads them all as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from telegram.ext import CallbackContext

from bot.notify import notify_pending
from db.entries import Kind, Status

GROUP = -500
HOME = "c1/1/1/102"
PHONE = "13812345678"


def _said(calls, chat):
    return [c.text for c in calls if c.chat_id == chat and c.text]


def _proxy_report(repo):
    repo.link_group(pid(repo, 101), "east", GROUP)
    return repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                           {"category": "lighting", "text": "楼道灯坏了"})


async def test_a_rejection_in_the_group_keeps_its_reason_to_the_private_chats(repo):
    confirmed_resident(repo, 5002, HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    entry = repo.submit(pid(repo, 5002), Kind.ISSUE, "east",
                        {"category": "other", "text": "楼道堆物"})
    reason = "重复了，王秀兰家102已报过"
    async with BotHarness(repo) as bot:
        await notify_pending(CallbackContext(bot.app), entry)
        await bot.press(101, f"q:r:{entry.id}", chat_id=GROUP)
        calls = await bot.send(101, reason, chat_id=GROUP)
    assert repo.entry(entry.id).status == Status.REJECTED
    edits = [c for c in calls if c.method == "editMessageText"]
    [private] = [c.text for c in edits if c.chat_id == 102]
    assert private.endswith(f"❌ 已由物管会主任甲 甲志愿者驳回：{reason}")
    in_group = [c.text for c in edits if c.chat_id == GROUP]
    unsaid = "❌ 已由物管会主任甲 甲志愿者驳回（理由见每位志愿者与我的私聊）"
    assert in_group and all(t.endswith(unsaid) for t in in_group), in_group
    assert not any("王秀兰" in t or "102" in t for t in _said(calls, GROUP))


async def test_the_reason_asked_in_the_group_for_a_proxy_report_names_the_building_alone(repo):
    entry = _proxy_report(repo)
    room = repo.street.household_label(HOME)
    async with BotHarness(repo) as bot:
        asked = await bot.press(101, f"q:r:{entry.id}", chat_id=GROUP)
        back = await bot.send(101, "哪个灯？", chat_id=GROUP)  # a question: shown back
        sent = await bot.press_label(101, "请代办的志愿者问住户", chat_id=GROUP)
        private = await bot.press(101, f"q:r:{entry.id}")
    group = _said(asked + back + sent, GROUP)
    assert len(group) >= 3 and not any(room in t or "102" in t for t in group), group
    building = "东小区 1号楼 的一户（哪一户，见每位志愿者与我的私聊）"
    assert f"#{entry.id} 是志愿者为 {building}" in group[0]
    assert any(room in t for t in _said(private, 101))  # her private chat names it


async def test_the_households_answer_reaches_the_group_without_room_or_phone(repo):
    entry = _proxy_report(repo)
    room = repo.street.household_label(HOME)
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:r:{entry.id}")
        await bot.send(101, "哪个灯？")
        await bot.press_label(101, "请代办的志愿者问住户")
        await bot.press(102, f"aq:{entry.id}:1")
        calls = await bot.send(102, f"是3楼的灯，我家102 电话{PHONE}")
    [private] = [t for t in _said(calls, 101) if "是3楼的灯" in t]
    assert room in private and PHONE in private
    [group] = [t for t in _said(calls, GROUP) if "是3楼的灯" in t]
    assert PHONE not in group and "102" not in group and room not in group
    assert "东小区 1号楼 的一户" in group


async def test_a_report_alike_is_quoted_in_the_group_as_the_site_shows_it(repo):
    confirmed_resident(repo, 5002, HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    repo.submit(pid(repo, 5002), Kind.ISSUE, "east",
                {"category": "lighting", "text": "102门口路灯坏了"})
    later = repo.submit(pid(repo, 5002), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "门口路灯坏了"})
    async with BotHarness(repo) as bot:
        before = len(bot.request.calls)
        await notify_pending(CallbackContext(bot.app), later)
        posts = bot.request.calls[before:]
    [private] = _said(posts, 101)
    [group] = _said(posts, GROUP)
    assert "102门口路灯坏了" in private
    assert "⚠️" in group and "门口路灯坏了" in group and "102" not in group, group


async def test_a_voice_report_is_heard_in_the_private_chats_not_in_the_group(repo):
    """她在语音里说“我是3单元502的王秀兰”: the voice went to the group as it went to the
    volunteers. Now the group reads that it is in the private chats; they get it as before."""
    confirmed_resident(repo, 7001, HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:septic")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=23)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        calls = await bot.press(7001, "rep:ok")
        [issue] = repo.entries(kind=Kind.ISSUE)
        listed = await bot.send(101, "/pending", chat_id=GROUP)
    assert [c.method for c in calls if c.chat_id == 101] == ["sendVoice", "sendMessage"]
    group = [c for c in calls + listed if c.chat_id == GROUP]
    assert group and all(c.method == "sendMessage" for c in group)
    assert "语音留言（0:23）：只发在每位志愿者与我的私聊里" in group[0].text
    assert f"私聊我发送 /show {issue.id}" in group[0].text
    assert not any("🔊" in label for c in listed for label, _ in c.buttons())


async def test_a_name_a_volunteer_hid_is_not_quoted_in_the_group(repo):
    """🙈 隐去名字 pressed in her private chat edited the group's post with 网站上隐去
    “李建国”…, and the group's post kept the report's words with the name: the site hides it,
    and the group may hold anyone. Now the group reads the words as the site will: a
    full name masked from its first post on (the site masks it, registered or not), so
    hiding it leaves the group's post as it was."""
    confirmed_resident(repo, 5002, HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    entry = repo.submit(pid(repo, 5002), Kind.ISSUE, "east",
                        {"category": "other", "text": "李建国家的水管漏到我家厨房"})
    async with BotHarness(repo) as bot:
        before = len(bot.request.calls)
        await notify_pending(CallbackContext(bot.app), entry)
        first = bot.request.calls[before:]
        await bot.press(101, f"q:h:{entry.id}")
        hidden = await bot.send(101, "李建国")
        listed = await bot.send(102, "/pending", chat_id=GROUP)
    edits = [c for c in hidden if c.method == "editMessageText"]
    [mine] = [c.text for c in edits if c.chat_id == 102]
    assert "李建国" in mine and "[姓名已隐藏]家的水管" in mine
    group = [c.text for c in first + edits if c.chat_id == GROUP and c.text]
    assert group and all("李建国" not in g for g in group), group
    assert "[姓名已隐藏]家的水管漏到我家厨房" in group[0], group
    assert "李建国" not in _said(listed, GROUP)[-1]


async def test_the_summary_asked_in_the_group_says_where_the_voice_is(repo):
    """✍️ 写摘要并通过… pressed in the group asked 请先收听上面 #N 的语音留言: nothing is above
    it there now; it says the voice is in her private chat, and the summary still approves."""
    confirmed_resident(repo, 7001, HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    entry = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                        {"category": "septic", "text": "（语音留言）", "voice": "a" * 64 + ".ogg",
                         "voice_seconds": 23})
    async with BotHarness(repo) as bot:
        await notify_pending(CallbackContext(bot.app), entry)
        asked = await bot.press(101, f"q:v:{entry.id}", chat_id=GROUP)
        private = await bot.press(102, f"q:v:{entry.id}")
        done = await bot.send(101, "化粪池满了，需要清掏", chat_id=GROUP)
    [said] = _said(asked, GROUP)
    assert "请先在与我的私聊里收听" in said and "上面" not in said, said
    assert "请先收听上面" in _said(private, 102)[-1]
    assert repo.entry(entry.id).status == Status.APPROVED
    # its posts show the summary in place of the line asking for it, in each chat
    [group] = [c.text for c in done if c.method == "editMessageText" and c.chat_id == GROUP
               and f"#{entry.id} 报事" in c.text]
    [mine] = [c.text for c in done if c.method == "editMessageText" and c.chat_id == 102
              and f"#{entry.id} 报事" in c.text]
    assert "语音留言（0:23）：只发在每位志愿者与我的私聊里。网站上公开的是摘要，不公开语音：" \
        "化粪池满了，需要清掏" in group and "通过前需要写几句摘要" not in group, group
    assert "语音留言见上（0:23）" in mine and "化粪池满了，需要清掏" in mine, mine
