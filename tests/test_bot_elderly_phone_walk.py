"""What an elderly resident met trying the real bot on a phone (``steward run``
against the Bot API emulator, the demo street, December 2026): each test is one
thing that went wrong for her, and what she gets now."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _data(calls, label_part: str) -> str:
    for text, data in [b for c in calls for b in c.buttons()]:
        if label_part in text:
            return data
    raise AssertionError(f"no button with {label_part!r}")


async def test_a_withdrawn_change_of_household_says_her_home_still_stands(repo):
    """Registered for 102, she asked to change to 101 by mistake and pressed 住址选错了？
    撤回: she read "已撤回…请在下面重新选择您的住址" and the compounds, as if she had no
    home any more. Now she is told 102 is still her household and nothing changed."""
    confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/start")
        calls = await bot.press(5001, _data(calls, "变更"))
        calls = await bot.press(5001, _data(calls, "东小区"))
        calls = await bot.press(5001, _data(calls, "101"))
        calls = await bot.press(5001, _data(calls, "同意，这是我家"))
        calls = await bot.press(5001, _data(calls, "撤回"))  # asks first
        calls = await bot.press(5001, _data(calls, "确认撤回"))
    [told] = [c for c in calls if c.chat_id == 5001 and "已撤回" in c.text]
    assert "仍是 东小区 1号楼 1单元 102" in told.text
    assert "请在下面重新选择您的住址" not in told.text


async def test_a_withdrawn_first_registration_still_asks_to_choose_again(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        calls = await bot.press(7001, _data(calls, "同意，这是我家"))
        calls = await bot.press(7001, _data(calls, "撤回"))  # asks first
        calls = await bot.press(7001, _data(calls, "确认撤回"))
    [told] = [c for c in calls if c.chat_id == 7001 and "已撤回" in c.text]
    assert "请在下面重新选择您的住址" in told.text and "仍是" not in told.text


async def test_her_home_said_in_her_own_words_at_where_is_it_is_her_unit(repo):
    """At 在哪里？ she typed 就我家这单元: it went on the description's end (楼道灯坏了
    就我家这单元) and the buildings were asked again, as only a fixed list of words
    (就在我家, 我家这个单元, ...) was taken for 🏠. Now words of her home (我家, 俺家,
    咱家 with 这单元, 楼道, 门口 ...) are, and 不是我家 is not."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        for said in ("就我家这单元", "俺家楼道", "咱家那个单元呀", "我家门口"):
            await bot.send(7001, "/report")
            await bot.press(7001, "rep:cat:lighting")
            await bot.send(7001, "楼道灯坏了")
            await bot.press(7001, "rep:photos")
            summary = await bot.send(7001, said)
            assert "位置：东小区 1号楼 1单元" in summary[-1].text, said
            assert "描述：楼道灯坏了\n" in summary[-1].text, said
            await bot.press(7001, "rep:cancel")
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "路灯坏了")
        await bot.press(7001, "rep:photos")
        asked = await bot.send(7001, "不是我家")
        assert "位置：东小区 1号楼 1单元" not in asked[-1].text


async def test_a_place_outside_the_buildings_typed_is_shown_its_button(repo):
    """At 在哪里？ she typed 院子里 (the rubbish lies in the yard) and read "是哪一栋楼？请在
    下面点选", though it is in no building: she is now told to press 不属于某一栋楼."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:sanitation")
        await bot.send(7001, "垃圾没人收")
        await bot.press(7001, "rep:photos")
        asked = await bot.send(7001, "院子里")
    told = "\n".join(c.text for c in asked)
    assert "您写的话已加在描述后面：院子里" in told
    assert "不在哪一栋楼里（比如院子里、大门口），请点“不属于某一栋楼”" in told


async def test_a_vote_typed_in_her_words_is_said_once_not_twice(repo):
    """我同意 typed under a proposal was answered 您打的是“我同意”，也就是投“同意”。 and
    right below 您打的是“同意”，要投的是下面这项提议: two lines saying what she typed, the
    second not her words. Now the second says only what the button does."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    for n, title in enumerate(("更换路灯", "清理化粪池")):
        repo.create_proposal(pid(repo, 101), "east", title=title, description="院里",
                             budget_fen=360000 + n, matter="everyday", deadline="2099-12-31")
    async with BotHarness(repo) as bot:
        which = await bot.send(7001, "我同意")  # two proposals: which one?
        shown = await bot.press(7001, which[-1].buttons()[0][1])
        alone = await bot.send(7001, "同意")
    assert which[-1].text.startswith("您打的是“我同意”，也就是投“同意”。")
    assert which[-1].text.count("您打的是") == 1
    assert "您打的是" not in shown[-1].text and "还没有记下" in shown[-1].text
    assert alone[-1].text.count("您打的是“同意”") == 1


async def test_pressed_wrong_typed_after_a_vote_shows_it_with_buttons_to_change_it(repo):
    """She pressed 反对 under the proposal and typed 按错了: the menu's greeting, nothing
    of her vote. Now she reads how her household votes, with the buttons to change it;
    the receipt of a vote has those buttons too (it said 再点上面的另一个按钮, and after a
    vote typed there was none above)."""
    from db.entries import Kind

    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="院里",
                             budget_fen=360000, matter="everyday", deadline="2099-12-31")
    async with BotHarness(repo) as bot:
        recorded = await bot.press(7001, f"vote:{p.id}:disagree")
        assert "下面" in recorded[-1].text and "上面" not in recorded[-1].text
        assert f"vote:{p.id}:agree" in [d for _, d in recorded[-1].buttons()]
        told = await bot.send(7001, "按错了")
        assert "#" + str(p.id) in told[-1].text and "反对" in told[-1].text
        assert [d for _, d in told[-1].buttons()] == \
            [f"vote:{p.id}:agree", f"vote:{p.id}:disagree", f"vote:{p.id}:abstain"]
        await bot.press(7001, f"vote:{p.id}:agree")
    assert repo.household_vote(p.id, "c1/1/1/101") == "agree"
    assert len([v for v in repo.entries(kind=Kind.VOTE) if v.status != "replaced"]) == 1


async def test_pressed_wrong_typed_after_a_report_offers_to_withdraw_it(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道灯坏了")
        await bot.press(7001, "rep:photos")
        summary = await bot.press(7001, "rep:pn")
        await bot.press(7001, next(d for _, d in summary[-1].buttons() if d.startswith("rep:ok")))
        told = await bot.send(7001, "点错了")
    from db.entries import Kind
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert f"#{issue.id}" in told[-1].text
    assert [d for _, d in told[-1].buttons()] == [f"tb:ask:{issue.id}"]


async def test_yes_typed_at_the_new_name_question_is_not_taken_for_a_name(repo):
    """Asked 把您的名字从“王秀兰”改为“王桂芳”吗？ she typed 对: it was shown back as her
    new name (改为“对”吗？), 王桂芳 forgotten. Words answering the question (对, 好的, 不改)
    now get the same question, 王桂芳 still waiting, with its buttons; 好的 typed right
    after 请发来正确的名字 asks for the name again."""
    from db.privacy import CONSENT_VERSION

    reg = repo.register(pid(repo, 7001), "c1/1/1/101", consent=CONSENT_VERSION, name="王秀兰")
    repo.approve(reg.id, pid(repo, 101), shared=True)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "改名字")
        asked = await bot.send(7001, "好的")
        assert "好的" not in asked[-1].text and "正确的名字" in asked[-1].text
        assert not asked[-1].buttons()
        await bot.send(7001, "我叫王桂芳")
        for said in ("对", "是的", "不改"):
            again = await bot.send(7001, said)
            assert "改为“王桂芳”" in again[-1].text, said
            assert "请点下面的按钮" in again[-1].text, said
            assert [d for _, d in again[-1].buttons()] == ["nm:ok", "nm:no"], said
        await bot.press(7001, "nm:ok")
    assert repo.person_by_telegram(7001)["name"] == "王桂芳"


async def test_the_subject_of_an_opinion_typed_at_its_first_step_is_taken(repo):
    """At 您的意见是关于正在表决的某项提议吗？ she typed 一般的 (the button says 一般意见): it
    was kept as her opinion (您写的意见先为您留着：一般的) and the buttons asked again. A
    choice typed (一般的, 都不是, 537, 关于路灯的) is that button now; an opinion typed
    there (路灯太贵了) is still kept as before."""
    from db.entries import Kind

    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="换 LED",
                             budget_fen=360000, matter="everyday", deadline="2099-12-31")
    async with BotHarness(repo) as bot:
        for said, about in (("一般的", 0), ("都不是", 0), (str(p.id), p.id),
                            ("关于路灯的", p.id), ("#" + str(p.id), p.id)):
            await bot.send(7001, "提意见")
            asked = await bot.send(7001, said)
            assert "留着" not in asked[-1].text, said
            assert "请写下您的意见" in asked[-1].text, said
            done = await bot.send(7001, "希望早点装好")
            await bot.press(7001, next(d for _, d in done[-1].buttons() if d.startswith("op:ok")))
            assert (repo.entries(kind=Kind.OPINION)[-1].data.get("proposal") or 0) == about
        await bot.send(7001, "提意见")
        kept = await bot.send(7001, "路灯太贵了")
        assert "留着：路灯太贵了" in kept[-1].text
    assert len(repo.entries(kind=Kind.OPINION)) == 5


async def test_submit_pressed_again_after_it_was_sent_names_what_was_received(repo):
    """提交 under a second copy of her opinion's summary, pressed after the first had sent
    it: 这个按钮已失效…这次没有做任何事, not a word of her opinion: she feared it was not
    sent. The same refusal now says that her opinion #N was received."""
    from db.entries import Kind

    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        summary = await bot.send(7001, "希望楼道灯亮到十点")
        ok = next(d for _, d in summary[-1].buttons() if d.startswith("op:ok"))
        await bot.press(7001, ok)
        again = await bot.press(7001, ok, message_id=77)  # another copy of the summary
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert "没有做任何事" in again[-1].text
    assert f"意见 #{opinion.id} 已经收到" in again[-1].text


@pytest.mark.parametrize("text,found", [
    ("东小区一号楼一单元一零二", [(0, 0, 0, 1)]), ("东小区一单元一零二", [(0, 0, 0, 1)]),
    ("东小区一栋一单元二零一室", [(0, 0, 0, 2)]), ("我住东小区一号楼一单元102", [(0, 0, 0, 1)]),
])
def test_an_address_said_in_chinese_numerals_names_its_household(text, found):
    """Her address as a voice keyboard writes it (盐业小区二单元一零一) was no address:
    she was greeted and told her words were kept to send to the volunteers later."""
    from conftest import SMALL_STREET

    from db.address import typed_households
    from db.config import parse_street

    assert typed_households(parse_street(SMALL_STREET).street, text) == found


async def test_an_address_in_chinese_numerals_typed_by_a_newcomer_is_offered(repo):
    async with BotHarness(repo) as bot:
        offered = await bot.send(7001, "东小区一单元一零二")
    assert "东小区 1号楼 1单元 102" in offered[-1].text
    assert "reg:ok:0:0:0:1" in [d for _, d in offered[-1].buttons()]


@pytest.mark.parametrize("typed, shown", [
    ("盐业小区二单元一零一 厨房下水道堵了", "盐业小区二单元[房号已隐藏] 厨房下水道堵了"),
    ("楼上三零一漏水", "楼上[房号已隐藏]漏水"),
    ("二零二五年换了一二零元的灯", "二零二五年换了一二零元的灯"),  # a year, an amount
    ("九九九的水管", "九九九的水管"),  # no such room here
])
def test_a_room_said_in_chinese_numerals_is_masked_on_the_site(typed, shown):
    """Her report 盐业小区二单元一零一 我要报修 (her voice keyboard's numerals) would have
    been published with her door: only rooms in digits were masked."""
    from db.redact import bare_rooms, mask_bare_rooms, mask_rooms

    rooms = frozenset({"101", "102", "301", "120"})
    assert mask_bare_rooms(mask_rooms(typed), rooms) == shown
    assert bool(bare_rooms(typed, rooms)) == (shown != typed)


@pytest.mark.parametrize("said", ["算了 不报了", "算了，不报了。", "那算了吧", "不报了 算了",
                                  "还是算了"])
async def test_giving_up_said_twice_over_leaves_the_report(repo, said):
    """At 是什么问题？请选择一类 she typed 算了 不报了: kept as the problem's description
    (您写的话先替您留作问题描述：算了 不报了), the categories asked again; 算了 alone or 不报了
    alone left the report. Said together (or after 那, 还是) they leave it too."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "报事")
        left = await bot.send(7001, said)
        assert "描述" not in left[-1].text, said
        after = await bot.send(7001, "楼道灯坏了")  # not taken as the report's words
    assert "描述" not in "".join(c.text for c in after)


@pytest.mark.parametrize("said", ["谢谢", "谢谢你！", "好的 知道了", "多谢"])
async def test_thanks_typed_is_answered_as_thanks(repo, said):
    """谢谢 after her vote was recorded got 您好！请点下方菜单的按钮：报事、提意见…, as if
    she had just come in; thanks and 知道了 now get 不客气 and where to go next."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        told = await bot.send(7001, said)
    assert "不客气" in told[-1].text and "您好" not in told[-1].text, said
    assert told[-1].params.get("reply_markup")  # the menu, to go on


async def test_the_same_vote_typed_again_says_it_is_recorded_already(repo):
    """Her household votes 同意; she typed 我要投同意 again and was shown the proposal with
    确认对 #N 投“同意”, 您家已投：同意 at the bottom of a long text. Now the first line says
    the vote is recorded already, nothing to press; the buttons to change it are under it."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="院里",
                             budget_fen=360000, matter="everyday", deadline="2099-12-31")
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"vote:{p.id}:agree")
        told = await bot.send(7001, "我要投同意")
        other = await bot.send(7001, "反对")
    assert told[-1].text.startswith(f"您家对提议 #{p.id} 已经投了“同意”")
    assert [d for _, d in told[-1].buttons()] == \
        [f"vote:{p.id}:agree", f"vote:{p.id}:disagree", f"vote:{p.id}:abstain"]
    assert "还没有记下" in other[-1].text  # another choice: to confirm, as before


async def test_mine_with_only_earlier_years_offers_to_see_them(repo):
    """我的 said 往年您提交过 4 条 and nothing more: no way to see them (they are in /mydata,
    not named). A button that sends them is under it now."""
    me = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    opinion = repo.submit(me, Kind.OPINION, "east", {"text": "多种树"})
    repo.approve(opinion.id, pid(repo, 101))
    repo.clock.now = repo.clock.now.replace(year=repo.clock.now.year + 1)
    repo.submit(pid(repo, 101), Kind.ANNOUNCEMENT, "east", {"text": "新年好"})  # this year's
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "我的")
        assert "往年您提交过 2 条" in calls[-1].text
        assert "go:mydata" in [d for _, d in calls[-1].buttons()]
        sent = await bot.press(7001, "go:mydata")
    assert "多种树" in "".join(c.text for c in sent)


async def test_someone_elses_report_withdrawn_says_only_who_sent_it(repo):
    """An old 撤回 #536 pressed after /forget (her report no longer hers) read 只有登记
    #536 的人才能撤回它: 登记 is a registration's word, her report was sent."""
    me = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    issue = repo.submit(me, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    async with BotHarness(repo) as bot:
        told = await bot.press(7002, f"tb:ask:{issue.id}")
    assert f"只有提交 #{issue.id} 的人才能撤回它" in told[-1].text


async def test_a_similar_report_shows_where_it_is(repo):
    """邻居已经反映过类似的问题 listed #535 with only its words, hidden (its author had
    withdrawn her consent): she could not tell whether it was her lamp. Its building and
    unit (public on the site) are on its line now."""
    me = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    issue = repo.submit(me, Kind.ISSUE, "east", {
        "category": "lighting", "text": "楼道灯坏了", "place": "东小区 1号楼 1单元",
        "compound": "c1", "building": "1", "unit": "1"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7002, "/report")
        await bot.press(7002, "rep:cat:lighting")
        offered = await bot.send(7002, "楼道灯坏了")
    assert f"#{issue.id}" in offered[-1].text
    line = next(x for x in offered[-1].text.splitlines() if f"#{issue.id}" in x)
    assert "东小区 1号楼 1单元" in line


async def test_a_newcomer_who_cannot_press_through_is_told_she_may_type_her_address(repo):
    """A newcomer typed 怎么登记, then 我不会弄, and got the same 请先登记住址：点下面的按钮…
    twice: nothing said that typing her address (which the bot reads) does it too."""
    async with BotHarness(repo) as bot:
        await bot.send(7001, "怎么登记")
        again = await bot.send(7001, "我不会弄")
        assert "也可以直接打出您的住址" in again[-1].text
        assert "东小区" in again[-1].text  # an example in her street's words
        offered = await bot.send(7001, "东小区1号楼1单元102")
    assert "reg:ok:0:0:0:1" in [d for _, d in offered[-1].buttons()]
