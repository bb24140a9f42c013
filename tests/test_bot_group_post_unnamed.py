"""An approval post in the area's linked volunteers' group names no resident and shows no
room. What a resident agrees to at registration says her name and room are shown to the
volunteers of her area only; the bot cannot know who is in a group (/linkgroup). Before,
the group read 申请人：罗小燕 and 住户：东小区 1号楼 1单元 101 on a registration, the
household of a fee (and its receipt photo, which may show both), and the household a
volunteer recorded a report for (/proxy, 为 东小区 1号楼 1单元 102 代办). Now the group
reads the number, kind, compound and building, the amount, and where the rest is (each
volunteer's private chat with the bot); the private posts name her and her room as
before, and the buttons in the group still work."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import CONSENT_VERSION, confirmed_resident, pid
from telegram.ext import CallbackContext

from bot.notify import notify_pending
from db.entries import Kind, Status

GROUP = -500
HOME, OTHER_HOME = "c1/1/1/101", "c1/1/1/102"
NAME, PAYER = "罗小燕", "王秀兰"


def _texts(calls, chat):
    return [c.text for c in calls if c.chat_id == chat and c.text]


def _posts(calls, chat, entry_id):
    return [c.text for c in calls if c.chat_id == chat and c.method == "sendMessage"
            and f"#{entry_id} " in (c.text or "")]


def _room(repo, household):
    return repo.street.household_label(household)  # 东小区 1号楼 1单元 101


def _unnamed(repo, text, *words):
    """``text`` holds no name, no room (the unit with it), no phone of ``words``."""
    for word in words:
        assert word not in text, (word, text)
    assert "1单元" not in text, text
    return text


async def test_a_registration_in_the_group_names_nobody_and_no_room(repo):
    repo.ensure_person(5001, name=NAME, username="user5001")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        registration = repo.register(pid(repo, 5001), HOME, consent=CONSENT_VERSION)
        before = len(bot.request.calls)
        await notify_pending(CallbackContext(bot.app), registration)
        posts = bot.request.calls[before:]
        listed = await bot.send(102, "/pending", chat_id=GROUP)
        pressed = await bot.press(102, f"q:a:{registration.id}", chat_id=GROUP)
    [private] = _posts(posts, 101, registration.id)
    assert NAME in private and _room(repo, HOME) in private
    for group in (*_posts(posts, GROUP, registration.id), _texts(listed, GROUP)[-1],
                  *_texts(pressed, GROUP)):
        _unnamed(repo, group, NAME, "user5001", "101")
    [group] = _posts(posts, GROUP, registration.id)
    assert "住户：东小区 1号楼（哪一户，见每位志愿者与我的私聊）" in group
    assert "申请人：姓名和联系方式见每位志愿者与我的私聊" in group
    assert repo.entry(registration.id).status == Status.APPROVED  # its buttons still work


async def test_a_fee_in_the_group_shows_no_room_no_note_and_no_receipt(repo):
    # her name kept before she registers, as the bot keeps it (ensure_person once she
    # exists keeps no name: the private post read 记录人：居民 东小区 1号楼 1单元 102)
    repo.ensure_person(5002, name=PAYER)
    confirmed_resident(repo, 5002, OTHER_HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        await bot.send(5002, "/pay")
        await bot.press(5002, "pay:fee:property")
        await bot.press(5002, "pay:per:2025-01")
        await bot.send(5002, "120")
        await bot.send_photo(5002)
        calls = await bot.press(5002, "pay:ok")
        [fee] = repo.entries(kind=Kind.FEE_INCOME)
        receipt = await bot.press(101, f"q:o:{fee.id}", chat_id=GROUP)
    [private] = _posts(calls, 101, fee.id)
    assert _room(repo, OTHER_HOME) in private and "¥120.00" in private
    assert f"记录人：居民 {PAYER}（{_room(repo, OTHER_HOME)}）" in private
    assert any(c.method == "sendPhoto" for c in calls if c.chat_id == 101)
    [group] = _posts(calls, GROUP, fee.id)
    _unnamed(repo, group, PAYER, "102")
    assert "¥120.00" in group and "住户：东小区 1号楼（" in group
    assert "收据照片：只发在每位志愿者与我的私聊里" in group
    # the receipt photo (it may show the payer's name and room) stays out of the group
    assert not any(c.method in ("sendPhoto", "sendMediaGroup") and c.chat_id == GROUP
                   for c in calls + receipt)
    assert all("102" not in t for t in _texts(receipt, GROUP))


async def test_a_residents_note_on_a_fee_and_her_typed_room_stay_private(repo):
    confirmed_resident(repo, 5002, OTHER_HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    fee = repo.submit(pid(repo, 5002), Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025-02", "amount_fen": 12000,
        "household": OTHER_HOME, "remark": "王秀兰交的，电话13812345678"})
    report = repo.submit(pid(repo, 5002), Kind.ISSUE, "east", {
        "category": "other", "text": "我家102厨房漏水，电话13812345678"})
    async with BotHarness(repo) as bot:
        before = len(bot.request.calls)
        for entry in (fee, report):
            await notify_pending(CallbackContext(bot.app), entry)
        posts = bot.request.calls[before:]
    assert "13812345678" in _posts(posts, 101, fee.id)[0]
    assert "13812345678" in _posts(posts, 101, report.id)[0]
    [note] = _posts(posts, GROUP, fee.id)
    _unnamed(repo, note, PAYER, "13812345678", "102")
    assert "居民附了一句备注（不公开）：见每位志愿者与我的私聊" in note
    [words] = _posts(posts, GROUP, report.id)
    _unnamed(repo, words, "13812345678", "102")
    assert "厨房漏水" in words  # what to act on, as the site will show it


async def test_a_proxy_report_and_fee_in_the_group_say_the_building_alone(repo):
    repo.link_group(pid(repo, 101), "east", GROUP)
    report = repo.submit_for(pid(repo, 102), OTHER_HOME, Kind.ISSUE,
                             {"category": "lighting", "text": "楼道灯坏了"})
    fee = repo.submit(pid(repo, 102), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": OTHER_HOME})
    async with BotHarness(repo) as bot:
        before = len(bot.request.calls)
        for entry in (report, fee):
            await notify_pending(CallbackContext(bot.app), entry)
        posts = bot.request.calls[before:]
        listed = await bot.send(101, "/pending", chat_id=GROUP)
    for entry in (report, fee):
        [private] = _posts(posts, 101, entry.id)
        assert _room(repo, OTHER_HOME) in private
        [group] = _posts(posts, GROUP, entry.id)
        _unnamed(repo, group, "102")
    [group] = _posts(posts, GROUP, report.id)
    assert "为 东小区 1号楼 的一户代办（哪一户，见每位志愿者与我的私聊）" in group
    assert "楼道灯坏了" in group
    _unnamed(repo, _texts(listed, GROUP)[-1], "102")


async def test_show_in_a_private_chat_gives_a_volunteer_of_the_area_the_details(repo):
    """The group post ends 本区域的志愿者：私聊我发送 /show N 可以看详情; /show N there names
    nobody; a volunteer of the area gets the whole post in private, its buttons working;
    a volunteer of another area and a resident get nothing of it."""
    confirmed_resident(repo, 5002, OTHER_HOME, 101)
    repo.ensure_person(5001, name=NAME, username="user5001")
    repo.link_group(pid(repo, 101), "east", GROUP)
    registration = repo.register(pid(repo, 5001), HOME, consent=CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/pending", chat_id=GROUP)
        in_group = await bot.send(101, f"/show {registration.id}", chat_id=GROUP)
        other_area = await bot.send(103, f"/show {registration.id}")
        resident = await bot.send(5002, f"/show {registration.id}")
        shown = await bot.send(102, f"/show {registration.id}")
        pressed = await bot.press(102, f"q:a:{registration.id}")
    assert f"本区域的志愿者：私聊我发送 /show {registration.id} 可以看详情。" in \
        _texts(listed, GROUP)[-1]
    for calls, chat in ((in_group, GROUP), (other_area, 103), (resident, 5002)):
        said = _texts(calls, chat)
        assert said and not any(NAME in t or "101" in t.replace(f"#{registration.id}", "")
                                for t in said), said
    [post] = _posts(shown, 102, registration.id)
    assert NAME in post and _room(repo, HOME) in post and "/show" not in post
    assert ("✅ 通过", f"q:a:{registration.id}") in shown[-1].buttons()
    assert repo.entry(registration.id).status == Status.APPROVED
    assert any(c.method == "editMessageText" and c.chat_id == 102 for c in pressed)


async def test_names_typed_in_a_report_are_masked_in_the_group_as_on_the_site(repo):
    """A report naming a neighbour nobody registered (王建国, Zhang Jianguo) or a resident
    who registered (罗小燕) read so in the group, to whoever was in it, though the site
    masks all three (``NameMask`` with strangers). The group post now masks them; the
    volunteers' private posts show the words as typed; ordinary words stay."""
    repo.ensure_person(5001, name=NAME)
    confirmed_resident(repo, 5001, HOME, 101)
    confirmed_resident(repo, 5002, OTHER_HOME, 101)
    repo.link_group(pid(repo, 101), "east", GROUP)
    said = "3楼的王建国老人摔倒了，Zhang Jianguo和罗小燕扶他起来，王府井附近的李子树也倒了"
    report = repo.submit(pid(repo, 5002), Kind.ISSUE, "east", {"category": "other",
                                                                "text": said})
    async with BotHarness(repo) as bot:
        before = len(bot.request.calls)
        await notify_pending(CallbackContext(bot.app), report)
        posts = bot.request.calls[before:]
        listed = await bot.send(101, "/pending", chat_id=GROUP)
    assert said in _posts(posts, 101, report.id)[0]
    for group in (*_posts(posts, GROUP, report.id), _texts(listed, GROUP)[-1]):
        _unnamed(repo, group, "王建国", "Jianguo", NAME)
        assert "[姓名已隐藏]老人摔倒了" in group and "王府井附近的李子树也倒了" in group, group


def test_the_groups_names_mask_of_an_area_gone_masks_strangers_and_raises_nothing(repo):
    from db.public_words import names_mask
    from db.redact import NAME_MASK
    assert names_mask(repo, "gone")("3楼的王建国老人") == f"3楼的{NAME_MASK}老人"
    assert names_mask(repo, "east") is names_mask(repo, "east")  # made once for the people


def test_the_groups_names_mask_is_kept_through_a_newcomer_elsewhere_and_learns_one_here(repo):
    """A registration in another area changes the street's people, not the names of
    this area's: its mask stays (made again it cost some 2 ms of the event loop at 200
    households, for the next post after every registration of the street). A newcomer
    of this area is masked in its very next post."""
    from db.public_words import names_mask
    from db.redact import NAME_MASK
    east = names_mask(repo, "east")
    assert east("罗小燕来了") == "罗小燕来了"  # nobody of that name yet
    repo.ensure_person(6001, name="周大福")
    confirmed_resident(repo, 6001, "c2/1/1/101", 103)  # west
    assert names_mask(repo, "east") is east
    assert names_mask(repo, "west")("周大福来了") == f"{NAME_MASK}来了"
    repo.ensure_person(6002, name="罗小燕")
    confirmed_resident(repo, 6002, OTHER_HOME, 101)  # east
    again = names_mask(repo, "east")
    assert again is not east and again("罗小燕来了") == f"{NAME_MASK}来了"
    repo.correct_name(pid(repo, 6002), "罗晓燕")  # her names change: made again, both
    corrected = names_mask(repo, "east")
    assert corrected("罗晓燕和罗小燕") == f"{NAME_MASK}和{NAME_MASK}"
