"""/opinion, /mine, /accounts and the resident menu through the real Application."""

from __future__ import annotations

import re

from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, pid

from bot.app import all_commands, command_menu
from bot.commands import Audience
from bot.settings import Settings
from db.entries import Kind, Status

HOME = "c1/1/1/101"


def _proposal(repo, area="east", volunteer=101):
    return repo.create_proposal(pid(repo, volunteer), area, title="粉刷楼道",
                                description="楼道墙面粉刷", budget_fen=100000,
                                rule="simple_majority", deadline="2025-12-31")


# -- /opinion -------------------------------------------------------------------

async def test_a_general_opinion_is_stored_pending_and_volunteers_are_told(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "提意见")
        assert "意见" in calls[-1].text
        calls = await bot.send(7001, "希望晚上九点后不要在院里放音乐")
        # The confirmation says what will be published, and nothing is stored before it.
        assert "公开网站" in calls[-1].text and "不显示您的姓名和房号" in calls[-1].text
        assert "希望晚上九点后" in calls[-1].text
        assert repo.entries(kind=Kind.OPINION) == []
        calls = await bot.press(7001, "op:ok")
    [op] = repo.entries(kind=Kind.OPINION)
    assert op.status == Status.PENDING and op.author == pid(repo, 7001)
    assert op.data["text"] == "希望晚上九点后不要在院里放音乐" and "proposal" not in op.data
    assert f"#{op.id}" in [c for c in calls if c.chat_id == 7001][-1].text
    assert {c.chat_id for c in calls if c.method == "sendMessage" and c.chat_id != 7001} == \
        {101, 102}


async def test_an_opinion_can_be_about_an_open_proposal_of_the_area(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    west = _proposal(repo, area="west", volunteer=103)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/opinion")
        offered = [d for _, d in calls[-1].buttons()]
        assert f"op:p:{p.id}" in offered and f"op:p:{west.id}" not in offered
        refused = await bot.press(7001, f"op:p:{west.id}")  # forged: another area
        assert "失效" in refused[-1].text
        refused = await bot.press(7001, "op:p:99999")
        assert "失效" in refused[-1].text
        await bot.press(7001, f"op:p:{p.id}")
        await bot.send(7001, "预算太高，建议分两期")
        await bot.press(7001, "op:ok")
    [op] = repo.entries(kind=Kind.OPINION)
    assert op.data["proposal"] == p.id


async def test_an_opinion_with_a_typo_is_edited_at_its_confirmation_keeping_its_proposal(repo):
    """The confirmation offered only 提交 and 取消: a resident who saw a typo had to cancel
    and start again. 修改 asks for the text again; the proposal chosen stays."""
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.press(7001, f"op:p:{p.id}")
        calls = await bot.send(7001, "预算太搞，建议分两期")
        assert [t for t, _ in calls[-1].buttons()] == ["提交", "修改", "取消"]
        calls = await bot.press(7001, "op:edit")
        assert "替换上面那条意见" in calls[-1].text and "请写下您的意见" in calls[-1].text
        calls = await bot.send(7001, "预算太高，建议分两期")
        assert "预算太高" in calls[-1].text and "预算太搞" not in calls[-1].text
        await bot.press(7001, "op:ok")
        refused = await bot.press(7001, "op:edit")  # an old confirmation's: nothing to edit
        assert "失效" in refused[-1].text or "结束" in refused[-1].text
    [op] = repo.entries(kind=Kind.OPINION)
    assert op.data["text"] == "预算太高，建议分两期" and op.data["proposal"] == p.id


async def test_opinion_refuses_unregistered_users_and_unexpected_media(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/opinion")
        assert "请先登记" in calls[-1].text
        assert calls[-1].buttons() == [("🏠 选择我的住址", "reg:new")]
        confirmed_resident(repo, 7001, HOME, 101)
        await bot.send(7001, "/opinion")
        calls = await bot.send_raw(7001, location={"latitude": 37.1, "longitude": 111.7})
        assert "文字" in calls[-1].text
        calls = await bot.send(7001, "   ")
        assert "空的" in calls[-1].text
    assert repo.entries(kind=Kind.OPINION) == []


# -- /mine ----------------------------------------------------------------------

async def test_mine_lists_entries_with_status_and_rejection_reason(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    a = repo.submit(me, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    b = repo.submit(me, Kind.OPINION, "east", {"text": "多种树"})
    repo.reject(b.id, pid(repo, 101), "与本小区无关")
    other = confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    repo.submit(other, Kind.OPINION, "east", {"text": "别人的意见"})
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "我的")
    text = "\n".join(c.text for c in calls)
    assert f"#{a.id}" in text and "路灯照明" in text and "待审核" in text
    assert f"#{b.id}" in text and "已驳回" in text and "与本小区无关" in text
    assert "别人的意见" not in text
    assert text.index(f"#{b.id}") < text.index(f"#{a.id}")  # newest first


async def test_mine_says_so_when_there_is_nothing(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mine")
    # someone not registered yet is led to register by a button, not told a command
    assert "还没有" in calls[-1].text and "/start" not in calls[-1].text
    assert "点下面的按钮" in calls[-1].text
    assert calls[-1].buttons()[0] == ("🏠 选择我的住址", "reg:new")


async def test_mine_in_a_new_year_counts_what_was_sent_before_instead_of_saying_nothing(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    opinion = repo.submit(me, Kind.OPINION, "east", {"text": "多种树"})
    repo.approve(opinion.id, pid(repo, 101))
    repo.clock.now = repo.clock.now.replace(year=2026)  # type: ignore[attr-defined]
    repo.submit(pid(repo, 101), Kind.ANNOUNCEMENT, "east", {"text": "新年好"})  # a 2026 entry
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "我的")
    assert "往年您提交过 2 条" in calls[-1].text  # the registration and the opinion
    assert "还没有提交过" not in calls[-1].text


async def test_mine_says_a_vote_was_changed_and_gives_the_result_once_the_proposal_closed(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"vote:{p.id}:agree")
        await bot.press(7001, f"vote:{p.id}:disagree")
        [first] = [v for v in repo.entries(kind=Kind.VOTE) if v.status == Status.REPLACED]
        [now] = [v for v in repo.entries(kind=Kind.VOTE) if v.status == Status.COUNTED]
        open_ = "\n".join(c.text for c in await bot.send(7001, "我的"))
        close_when_due(repo, p.id, pid(repo, 101))
        closed = "\n".join(c.text for c in await bot.send(7001, "我的"))
        repo.set_language(me, "en")
        english = "\n".join(c.text for c in await bot.send(7001, "/mine"))
    assert f"#{now.id} 投票" in open_ and f"提议 #{p.id}：反对（改投，原为“同意”）" in open_
    assert "表决结果" not in open_  # still open: no result yet
    assert f"#{first.id} " not in open_  # her own earlier vote: told by the later one
    assert f"提议 #{p.id}：反对（改投，原为“同意”） —— 已计票；表决结果：未通过" in closed
    assert f"proposal #{p.id}: Disagree (changed from “Agree”) — counted; result: not " \
           f"passed" in english


async def test_mine_says_a_vote_on_a_withdrawn_proposal_does_not_count(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    vote, _ = repo.cast_vote(me, p.id, "agree")
    repo.withdraw_proposal(p.id, pid(repo, 101), "预算要重新核算")
    async with BotHarness(repo) as bot:
        text = "\n".join(c.text for c in await bot.send(7001, "我的"))
    assert f"#{vote.id} 投票" in text and "提议已撤回，不计票" in text and "已计票" not in text


async def test_mine_lists_a_vote_someone_else_replaced_with_what_counts_now(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    housemate = confirmed_resident(repo, 7002, HOME, 101)
    p, q = _proposal(repo), _proposal(repo)
    mine_p, _ = repo.cast_vote(me, p.id, "agree")
    repo.cast_vote(pid(repo, 101), p.id, "disagree", household=HOME, paper=True,
                   replaces=mine_p.id)  # a signature collected door to door
    mine_q, _ = repo.cast_vote(me, q.id, "agree")
    repo.cast_vote(housemate, q.id, "abstain")
    async with BotHarness(repo) as bot:
        text = "\n".join(c.text for c in await bot.send(7001, "我的"))
        other = "\n".join(c.text for c in await bot.send(7002, "我的"))
    [role] = {v.author_role for v in repo.entries(kind=Kind.VOTE) if v.data["paper"]}
    assert f"#{mine_p.id} 投票" in text and \
        f"已被替换，现在计入的是“反对”（{role}登记的纸质签字）" in text
    assert f"#{mine_q.id} 投票" in text and \
        "已被替换，现在计入的是“弃权”（同户其他住户的网上投票）" in text
    assert f"提议 #{q.id}：弃权（替换了之前的网上投票“同意”）" in other


async def test_not_fixed_button_reopens_a_resolved_issue_and_tells_volunteers(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(me, Kind.ISSUE, "east", {"category": "septic", "text": "下水道堵了"})
    vol = pid(repo, 101)
    repo.approve(issue.id, vol)
    repo.issue_step(issue.id, vol, Status.RESOLVED, "已疏通")
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mine")
        assert (f"没有解决：#{issue.id}", f"mine:reopen:{issue.id}") in calls[-1].buttons()
        await bot.press(7001, f"mine:reopen:{issue.id}")  # asks first (test_bot_reopen_confirm)
        calls = await bot.press(7001, f"mine:reopen_yes:{issue.id}")
        again = await bot.press(7001, f"mine:reopen:{issue.id}")
    assert repo.entry(issue.id).status == Status.REOPENED
    assert {c.chat_id for c in calls if c.method == "sendMessage"} == {7001, 101, 102}
    # pressed twice: where it stands, not 无需重新处理 (as if it needed no more work)
    assert again[-1].text == f"#{issue.id} 现在是“重新处理”，不是“已解决”，这次没有做任何改动。"


async def test_only_the_author_may_reopen_and_forged_reopen_data_is_refused(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    issue = repo.submit(me, Kind.ISSUE, "east", {"category": "septic", "text": "下水道堵了"})
    vol = pid(repo, 101)
    repo.approve(issue.id, vol)
    repo.issue_step(issue.id, vol, Status.RESOLVED, "已疏通")
    async with BotHarness(repo) as bot:
        calls = await bot.press(7002, f"mine:reopen:{issue.id}")
        assert "本人" in calls[-1].text
        for data in ("mine:reopen:x", "mine:reopen:", "mine:zap:1", "mine:reopen:99999"):
            calls = await bot.press(7001, data)
            assert calls[0].method == "answerCallbackQuery", data
            assert calls[-1].text, data
    assert repo.entry(issue.id).status == Status.RESOLVED


# -- /accounts --------------------------------------------------------------------

async def test_accounts_show_balance_this_month_and_the_site_link(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)
    fee = repo.submit(me, Kind.FEE_INCOME, "east", {"fee_type": "property", "period": "2025-01",
                                                     "amount_fen": 12000, "household": HOME})
    repo.approve(fee.id, pid(repo, 101))
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east",
                        {"category": "repair", "payee": "五金店", "purpose": "买灯泡",
                         "amount_fen": 3050})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "账目")
    text = calls[-1].text
    assert "结余：¥89.50" in text
    assert "收入 ¥120.00" in text and "支出 ¥30.50" in text and "2025-01" in text
    assert "买灯泡" in text
    assert "https://example.org/areas/east/accounts/" in text


async def test_accounts_for_someone_without_a_household_offers_the_areas(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/accounts")
        assert [t for t, _ in calls[-1].buttons()] == ["东小区", "西小区"]
        calls = await bot.press(7001, "acc:1")
        assert "西小区" in calls[-1].text and "¥0.00" in calls[-1].text
        for data in ("acc:9", "acc:x", "acc:", "acc:1:2"):
            calls = await bot.press(7001, data)
            assert "失效" in calls[-1].text, data


# -- the menu -------------------------------------------------------------------

async def test_help_names_the_menu_buttons_and_offers_a_button_for_every_other_action(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/help")
    named, more = calls[-2], calls[-1]
    for label in ("报事", "提意见", "投票", "缴费登记", "账目", "我的"):
        assert f"{label} — " in named.text
    # buttons, not commands (the site's address, a link, aside)
    assert "/" not in re.sub(r"https?://\S+", "", named.text + more.text)
    table = {c.name for c in all_commands()
             if c.audience in (Audience.EVERYONE, Audience.RESIDENT)}
    on_buttons = {c.name for c in all_commands() if c.menu_label} | {
        data.split(":", 1)[1] for _, data in more.buttons()}
    assert table - on_buttons == {"cancel"}  # every flow has its own Cancel button
    assert {"report", "vote", "pay", "mine", "accounts", "opinion", "start"} <= {
        c.command for c in command_menu("zh")}


async def test_every_resident_action_starts_from_its_go_button(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/help")
        mydata = await bot.press(7001, "go:mydata")
        correct = await bot.press(7001, "go:correct")
        await bot.send(7001, "/cancel")
        language = await bot.press(7001, "go:language")
        start = await bot.press(7001, "go:start")
    assert "小区管家保存的关于您的信息" in mydata[-1].text
    assert correct[-1].text and "失效" not in correct[-1].text
    assert ("English", "lang:en") in language[-1].buttons()
    assert "盐业" not in start[-1].text and "101" in "".join(c.text for c in start)


async def test_every_inline_button_fits_telegram_limits(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _proposal(repo)
    async with BotHarness(repo) as bot:
        for cmd in ("/start", "/report", "/cancel", "/pay", "/cancel", "/vote", "/opinion",
                    "/cancel", "/accounts", "/mine"):
            await bot.send(7001, cmd)
    for call in bot.sent():
        assert len(call.text) <= 4096
        for _, data in call.buttons():
            assert len(data.encode()) <= 64


async def test_submissions_share_one_rate_limit(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    settings = Settings(token="1:T", data_dir=repo.store.root, persistence=False,
                        rate_limit_per_hour=1)
    p = _proposal(repo)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(7001, "/opinion")
        await bot.press(7001, "op:p:0")
        await bot.send(7001, "第一条意见")
        await bot.press(7001, "op:ok")
        calls = await bot.press(7001, f"vote:{p.id}:agree")
        assert "分钟后再试" in calls[-1].text
        calls = await bot.send(7001, "/pay")
        assert "分钟后再试" in calls[-1].text
    assert len(repo.entries(kind=Kind.OPINION)) == 1
    assert repo.entries(kind=Kind.VOTE) == []


async def test_an_opinion_of_one_character_or_emoji_alone_is_asked_for_in_words(repo):
    """好 alone (or 👍) went to 提交 and on to the volunteers as an opinion, telling them
    nothing; it is asked for in a few words now, and 同意 (two characters) still goes."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        one = await bot.send(7001, "好")
        emoji = await bot.send(7001, "👍！")
        agreed = await bot.send(7001, "同意")
    for calls in (one, emoji):
        assert "志愿者看不出您的意思" in calls[-1].text and not calls[-1].buttons()
    assert "同意" in agreed[-1].text and [t for t, _ in agreed[-1].buttons()] == \
        ["提交", "修改", "取消"]


async def test_an_opinion_typed_before_saying_what_it_is_about_is_kept_and_asked_below(repo):
    """With a vote open, /opinion asks 您的意见是关于正在表决的某项提议吗？; she typed her
    opinion at once and got 请点上面的按钮选择。, her words dropped (and 您刚才在“提意见”里
    填写的内容没有提交，也没有保存 when she pressed 帮助). Now they are kept and said back,
    the choice asked right below; the choice made goes to 提交 with them, and a command
    in between keeps them behind 继续填写."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    proposal = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        calls = await bot.send(7001, "希望晚上也开着门")
        assert calls[-1].text == ("您写的意见先为您留着：希望晚上也开着门\n"
                                  "请先点下面的按钮选一下：它是关于哪项提议的，还是一般意见？")
        assert [label for label, _ in calls[-1].buttons()][-2:] == ["一般意见", "取消"]
        left = await bot.send(7001, "/help")
        assert "先为您保留" in left[0].text
        calls = await bot.press_label(7001, "继续填写")
        calls = await bot.press(7001, f"op:p:{proposal.id}")
        assert "您的意见：希望晚上也开着门" in calls[-1].text
        await bot.press_label(7001, "提交")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == "希望晚上也开着门"
    assert opinion.data.get("proposal") == proposal.id


async def test_an_opinion_sent_too_long_is_kept_with_a_button_to_keep_its_beginning(repo):
    """5,000 characters sent as an opinion got 内容太长（5000 个字）。请控制在 2000 字以内。,
    what she had written gone. Now it is kept: 保留前 2000 个字 shows it to submit."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    long = ("希望小区晚上也开着北门" * 500)[:5000]
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        calls = await bot.send(7001, long)
        assert calls[-1].text.startswith("这段有 5000 个字，意见最多 2000 个字。")
        assert [label for label, _ in calls[-1].buttons()] == ["保留前 2000 个字", "取消"]
        calls = await bot.press_label(7001, "保留前 2000 个字")
        assert "您的意见：希望小区晚上也开着北门" in calls[-1].text
        await bot.press_label(7001, "提交")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == long[:2000]
