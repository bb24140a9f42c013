"""A treasurer withdraws their own money entry before anyone approved it: the
撤回 button on their receipt asks to confirm, withdraws it, and marks the other
volunteers' posts; the domain refuses anyone else, and an approved entry (that
needs /reverse) or one already decided."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid
from test_bot_money import pending_money, record_income

from db.entries import Kind, Status
from db.errors import DomainError, PermissionDenied
from db.review import WITHDRAWN_NOTE


def _fee(repo, tid=101):
    return repo.submit(pid(repo, tid), Kind.FEE_INCOME, "east", {
        "amount_fen": 1000, "fee_type": "sanitation", "period": "2025-01",
        "household": "c1/1/1/101"})


def test_its_author_withdraws_a_pending_money_entry_and_it_stays_in_the_record(repo):
    fee = _fee(repo)
    done = repo.withdraw_own(fee.id, pid(repo, 101))
    assert done.status == Status.REJECTED
    assert repo.entry(fee.id).status == Status.REJECTED
    assert repo.entry(fee.id).history[-1]["note"] == WITHDRAWN_NOTE
    assert repo.entry(fee.id).data["amount_fen"] == 1000  # kept, out of the accounts
    with pytest.raises(DomainError) as err:  # twice: already decided
        repo.withdraw_own(fee.id, pid(repo, 101))
    assert err.value.code == "withdraw_decided"


def test_nobody_else_withdraws_it_and_an_approved_one_needs_a_reversal(repo):
    fee = _fee(repo)
    with pytest.raises(PermissionDenied) as err:
        repo.withdraw_own(fee.id, pid(repo, 102))  # the other volunteer: reject instead
    assert err.value.code == "withdraw_not_author"
    repo.approve(fee.id, pid(repo, 102))
    with pytest.raises(DomainError) as err:
        repo.withdraw_own(fee.id, pid(repo, 101))
    assert err.value.code == "withdraw_approved" and "reversal" in str(err.value)
    assert repo.entry(fee.id).status == Status.APPROVED
    proposal = repo.create_proposal(pid(repo, 101), "east", title="修路", description="",
                                    budget_fen=0, matter="everyday", deadline="2025-12-31")
    with pytest.raises(DomainError) as err:  # a vote under way is withdrawn with its reason
        repo.withdraw_own(proposal.id, pid(repo, 101))
    assert err.value.code == "not_withdrawable"


def test_a_resident_takes_back_a_report_or_opinion_sent_by_mistake_until_it_is_published(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "safety", "text": "井盖"})
    opinion = repo.submit(resident, Kind.OPINION, "east", {"text": "发错了"})
    with pytest.raises(PermissionDenied):
        repo.withdraw_own(issue.id, pid(repo, 101))  # a volunteer rejects it instead
    assert repo.withdraw_own(opinion.id, resident).status == Status.REJECTED
    repo.approve(issue.id, pid(repo, 102))
    with pytest.raises(DomainError) as err:  # published: a volunteer closes it
        repo.withdraw_own(issue.id, resident)
    assert err.value.code == "withdraw_published"
    assert repo.entry(issue.id).status == Status.APPROVED


async def test_the_treasurer_withdraws_their_fee_from_the_receipt_and_posts_say_so(repo):
    async with BotHarness(repo) as bot:
        calls = await record_income(bot, receipt=False)
        [entry] = pending_money(repo)
        told = [c for c in calls if c.chat_id == 101][-1]
        assert (f"撤回 #{entry.id}", f"tb:ask:{entry.id}") in told.buttons()
        calls = await bot.press(101, f"tb:ask:{entry.id}")
        assert "卫生费" in calls[-1].text and "¥120.00" in calls[-1].text
        assert repo.entry(entry.id).status == Status.PENDING  # asked, not yet withdrawn
        calls = await bot.press(101, f"tb:ok:{entry.id}")
        assert repo.entry(entry.id).status == Status.REJECTED
        edits = [c for c in calls if c.method == "editMessageText" and c.chat_id == 102]
        assert edits and "登记人撤回" in edits[0].text and not edits[0].buttons()
        [*_, said] = [c for c in calls if c.method == "sendMessage" and c.chat_id == 101]
        assert "已撤回" in said.text and "不会入账" in said.text  # (the posts edited after)
        late = await bot.press(102, f"q:a:{entry.id}")  # an old Approve button: nothing
    assert repo.entry(entry.id).status == Status.REJECTED and repo.ledger("east") == []
    assert late


async def test_someone_elses_or_an_approved_entry_cannot_be_withdrawn_by_button(repo):
    async with BotHarness(repo) as bot:
        await record_income(bot, receipt=False)
        [entry] = pending_money(repo)
        calls = await bot.press(102, f"tb:ok:{entry.id}")  # forged by the other volunteer
        assert "只有" in calls[-1].text and repo.entry(entry.id).status == Status.PENDING
        await bot.press(102, f"q:a:{entry.id}")
        calls = await bot.press(101, f"tb:ask:{entry.id}")
        assert "/reverse" in calls[-1].text
        calls = await bot.press(101, f"tb:ok:{entry.id}")
        assert "/reverse" in calls[-1].text
        calls = await bot.press(101, "tb:ok:x")
    assert repo.entry(entry.id).status == Status.APPROVED
    assert calls and "withdraw" not in calls[-1].text.lower()


async def test_an_old_approve_button_on_a_withdrawn_entry_says_it_was_withdrawn(repo):
    async with BotHarness(repo) as bot:
        await record_income(bot, receipt=False)
        [entry] = pending_money(repo)
        await bot.press(101, f"tb:ask:{entry.id}")
        confirm = await bot.press(101, f"tb:ok:{entry.id}")
        late = await bot.press(102, f"q:a:{entry.id}")
    assert any(c.method == "editMessageReplyMarkup" and c.chat_id == 101 for c in confirm)
    edits = [c for c in late if c.method == "editMessageText"]
    assert edits and all("withdrawn by" not in c.text for c in edits)
    assert "登记人撤回" in edits[-1].text


async def test_a_resident_withdraws_her_fee_report_from_mine_and_a_treasurer_too(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "50")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
        [report] = pending_money(repo)
        mine = await bot.send(7001, "/mine")
        assert (f"撤回 #{report.id}", f"tb:ask:{report.id}") in mine[-1].buttons()
        assert "撤回" in mine[-1].text
        await bot.press(7001, f"tb:ask:{report.id}")
        done = await bot.press(7001, f"tb:ok:{report.id}")
        assert "已撤回" in [c for c in done if c.chat_id == 7001][-1].text
        await record_income(bot, receipt=False)  # the treasurer's own, in 我的 too
        [fee] = pending_money(repo)
        theirs = await bot.send(101, "/mine")
        again = await bot.send(7001, "/mine")
    assert repo.entry(report.id).status == Status.REJECTED
    assert (f"撤回 #{fee.id}", f"tb:ask:{fee.id}") in theirs[-1].buttons()
    assert not [d for _, d in again[-1].buttons() if d.startswith("tb:")]  # decided: gone
    [line] = [x for x in again[-1].text.splitlines() if x.startswith(f"#{report.id} ")]
    assert line.endswith("已撤回") and "withdrawn" not in again[-1].text


async def test_an_expense_is_withdrawn_from_its_receipt_as_a_fee_is(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        await bot.send(101, "保洁公司")
        await bot.send(101, "一月清运")
        await bot.press(101, "exp:cat:cleaning")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:0")
        posted = await bot.press(101, "exp:ok:1")
        [spent] = pending_money(repo, Kind.EXPENSE)
        told = [c for c in posted if c.chat_id == 101][-1]
        assert (f"撤回 #{spent.id}", f"tb:ask:{spent.id}") in told.buttons()
        asked = await bot.press(101, f"tb:ask:{spent.id}")
        await bot.press(101, f"tb:ok:{spent.id}")
    assert "一月清运" in asked[-1].text and "¥50.00" in asked[-1].text
    assert repo.entry(spent.id).status == Status.REJECTED


async def test_a_report_sent_by_mistake_is_withdrawn_from_mine_and_the_volunteers_see_it(repo):
    confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "3号楼路灯坏了")
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        await bot.press(5001, "rep:ok")
        [issue] = repo.entries(kind=Kind.ISSUE)
        mine = await bot.send(5001, "/mine")
        assert (f"撤回 #{issue.id}", f"tb:ask:{issue.id}") in mine[-1].buttons()
        asked = await bot.press(5001, f"tb:ask:{issue.id}")
        assert "路灯照明 “3号楼路灯坏了”" in asked[-1].text and "不会公开" in asked[-1].text
        forged = await bot.press(101, f"tb:ok:{issue.id}")  # the volunteer rejects instead
        assert "只有" in forged[-1].text and repo.entry(issue.id).status == Status.PENDING
        calls = await bot.press(5001, f"tb:ok:{issue.id}")
        entry = repo.entry(issue.id)
        assert entry.status == Status.REJECTED and entry.history[-1]["note"] == WITHDRAWN_NOTE
        edits = [c for c in calls if c.method == "editMessageText" and c.chat_id == 101]
        assert edits and "撤回" in edits[0].text and not edits[0].buttons()
        [*_, said] = [c for c in calls if c.method == "sendMessage" and c.chat_id == 5001]
        assert "已撤回" in said.text and "不会公开" in said.text
        again = await bot.send(5001, "/mine")
        assert "已撤回" in again[-1].text and not any(
            d.startswith("tb:") for _, d in again[-1].buttons())


async def test_the_withdraw_questions_buttons_pressed_late_say_where_the_entry_stands(repo):
    """确认撤回, then 不撤回 and 确认撤回 of the same question (on a phone before its buttons
    went): 不撤回 said 已保留：#N 仍在等待审核 of a report just withdrawn, and 确认撤回
    again 已驳回或已撤回, as if she might have been rejected."""
    confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    issue = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "3号楼路灯坏了"})
    rejected = repo.submit(pid(repo, 5001), Kind.OPINION, "east", {"text": "多装路灯"})
    repo.reject(rejected.id, pid(repo, 101), "重复了")
    async with BotHarness(repo) as bot:
        await bot.press(5001, f"tb:ask:{issue.id}")
        await bot.press(5001, f"tb:ok:{issue.id}")
        kept = await bot.press(5001, f"tb:no:{issue.id}")
        again = await bot.press(5001, f"tb:ok:{issue.id}")
        other = await bot.press(5001, f"tb:ask:{rejected.id}")
        forged = await bot.press(101, f"tb:no:{issue.id}")  # not hers
    assert repo.entry(issue.id).status == Status.REJECTED  # withdrawn, as pressed first
    assert "仍在等待审核" not in kept[-1].text
    assert f"#{issue.id} 现在是“已撤回”，这次没有做任何改动。" == kept[-1].text
    assert f"#{issue.id} 已经是“已撤回”了，不用再撤回。" == again[-1].text
    assert f"#{rejected.id} 已经是“已驳回”了，不用再撤回。" == other[-1].text
    assert "失效" in forged[-1].text


async def test_a_reason_typed_after_the_recorder_withdrew_says_withdrawn_not_rejected(repo):
    """A checker pressed ❌ 驳回 on a fee, and while he typed the reason its treasurer
    withdrew it: the post read ↩️ 已由登记人撤回，无需审核。 but his reason was answered
    #532 已由物管会主任甲 孙德厚处理过了，现在是“已驳回”, as if someone had rejected it. Now
    it says the recorder withdrew it, and that nothing was changed."""
    async with BotHarness(repo) as bot:
        await record_income(bot, receipt=False)
        [entry] = pending_money(repo)
        await bot.press(102, f"q:r:{entry.id}")
        await bot.press(101, f"tb:ask:{entry.id}")
        await bot.press(101, f"tb:ok:{entry.id}")
        late = await bot.send(102, "金额不对，请核对")
        pressed = await bot.press(102, f"q:a:{entry.id}")
    for calls in (late, pressed):
        said = [c.text for c in calls if c.method == "sendMessage" and c.chat_id == 102]
        assert said and "撤回" in said[0] and "已驳回" not in said[0], said
        assert "没有做任何改动" in said[0]
    assert repo.entry(entry.id).history[-1]["note"] != "金额不对，请核对"
