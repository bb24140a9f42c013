"""A reversal approved, its author records the right line with one button:
登记正确的一笔（代替第 N 笔） starts /expense (or /income, for a fee line) with the line
it replaces filled in; the summary and the approving volunteer's post say 代替第 N 笔,
and the line published names it. The button's data can be forged: a volunteer of
another area, a line of the other kind, a line already being replaced are refused."""

from __future__ import annotations

from datetime import timedelta

from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from db.entries import Kind, Status


def _reversed_expense(repo) -> int:
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 180000, "payee": "五金店", "purpose": "更换路灯", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    return repo.reverse("east", 1, pid(repo, 101), "金额记错了").id


async def test_the_right_expense_is_recorded_from_the_reversal_approved_and_names_the_line(repo):
    rev = _reversed_expense(repo)
    async with BotHarness(repo) as bot:
        approved = await bot.send(102, f"/approve {rev}")
        [told] = [c for c in approved if c.chat_id == 101]
        assert "已审核通过" in told.text
        assert told.buttons() == [("登记正确的一笔（代替第 1 笔）", "exp:rep:east:1")]
        asked = await bot.press(101, "exp:rep:east:1")
        assert "多少钱" in asked[-1].text or "金额" in asked[-1].text, asked[-1].text
        await bot.send(101, "1080")
        await bot.send(101, "五金店")
        await bot.send(101, "更换路灯")
        await bot.press(101, "exp:cat:lighting")
        await bot.send_photo(101, jpeg_bytes())
        summary = await bot.press(101, "exp:pub:1")
        assert "代替第 1 笔（已冲正）" in summary[-1].text, summary[-1].text
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        done = await bot.press(101, ok)
        posts = [c.text for c in done if c.chat_id == 102 and "待审核" in c.text]
        assert posts and "代替第 1 笔（已冲正）：" in posts[-1] and "更换路灯" in posts[-1], posts
    [right] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert right.data["replaces"] == 1 and right.data["amount_fen"] == 108000
    repo.approve(right.id, pid(repo, 102))
    assert repo.line("east", 3)["replaces"] == 1


async def test_a_forged_or_stale_replace_button_records_nothing(repo):
    rev = _reversed_expense(repo)
    repo.approve(rev, pid(repo, 102))
    async with BotHarness(repo) as bot:
        other_area = await bot.press(103, "exp:rep:east:1")  # west's volunteer
        assert "失效" in other_area[-1].text, other_area[-1].text
        other_kind = await bot.press(101, "inc:rep:east:1")  # an expense line, as a fee
        assert "支出代替支出" in other_kind[-1].text, other_kind[-1].text
        standing = await bot.press(101, "exp:rep:east:2")  # the reversal itself
        assert "本身就是冲正" in standing[-1].text, standing[-1].text
    right = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 108000, "payee": "五金店", "purpose": "更换路灯", "category": "lighting",
        "replaces": 1})
    async with BotHarness(repo) as bot:
        again = await bot.press(101, "exp:rep:east:1")  # the button pressed a second time
        assert again[-1].text == (f"代替第 1 笔的正确一笔已经登记了：#{right.id}，正在等待另一位"
                                  "志愿者审核。不用再登记。"), again[-1].text
        assert "多少钱" not in again[-1].text
    assert len(repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)) == 1


async def test_another_volunteer_of_the_area_records_the_right_line_from_expense(repo):
    """The reversal's author away, /expense offers any volunteer of the area the line
    reversed with nothing in its place yet; the line published names it."""
    rev = _reversed_expense(repo)  # reversed by volunteer 101
    repo.approve(rev, pid(repo, 102))
    async with BotHarness(repo) as bot:
        asked = await bot.send(102, "/expense")  # 102 approved it; 101 is away
        assert "第 1 笔：" in asked[-1].text and "已被第 2 笔冲正" in asked[-1].text
        assert "多少钱" in asked[-1].text, asked[-1].text
        assert asked[-1].buttons() == [("登记正确的一笔（代替第 1 笔）", "exp:rep:east:1"),
                                       ("取消", "exp:cancel")]
        west = await bot.send(103, "/expense")  # another area's volunteer: nothing offered
        assert west[-1].buttons() == [("取消", "exp:cancel")] and "冲正" not in west[-1].text
        again = await bot.press(102, "exp:rep:east:1")
        assert "多少钱" in again[-1].text and again[-1].buttons() == []
        await bot.send(102, "1080")
        await bot.send(102, "五金店")
        await bot.send(102, "更换路灯")
        await bot.press(102, "exp:cat:lighting")
        await bot.send_photo(102, jpeg_bytes())
        summary = await bot.press(102, "exp:pub:1")
        assert "代替第 1 笔（已冲正）" in summary[-1].text, summary[-1].text
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        await bot.press(102, ok)
        later = await bot.send(101, "/expense")  # a replacement waits: offered no more
        assert later[-1].buttons() == [("取消", "exp:cancel")] and "冲正" not in later[-1].text
        [right] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
        approved = await bot.send(900, f"/approve {right.id}")  # the admin approves it
    assert repo.line("east", 3)["replaces"] == 1
    # the reversal's author hears her button is no longer needed; its recorder, as before
    told = [c.text for c in approved if c.chat_id == 101 and "您冲正的第 1 笔" in c.text]
    assert told == ["您冲正的第 1 笔，正确的一笔已由另一位志愿者登记并审核通过：公开账目第 3 笔代替"
                    "第 1 笔。之前发给您的“登记正确的一笔（代替第 1 笔）”按钮不用再点了。"], told
    assert [c for c in approved if c.chat_id == 102 and "已审核通过" in c.text]


async def test_another_volunteer_records_the_right_fee_from_income(repo):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    repo.approve(repo.reverse("east", 1, pid(repo, 101), "住户记错了").id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        asked = await bot.send(102, "/income")
        assert "第 1 笔：" in asked[-1].text and "已被第 2 笔冲正" in asked[-1].text
        # which household's fee, as the public line names it: many fees look alike
        assert f"卫生费（2025） {repo.line('east', 1)['household_ref']}（已被" in asked[-1].text
        buttons = asked[-1].buttons()
        assert buttons[-2:] == [("登记正确的一笔（代替第 1 笔）", "inc:rep:east:1"),
                                ("取消", "inc:cancel")]
        assert any(d.startswith("inc:fee:") for _, d in buttons)  # the fees, as before
        pressed = await bot.press(102, "inc:rep:east:1")
        assert "inc:rep:east:1" not in [d for _, d in pressed[-1].buttons()]
        # filled in from line 1 (test_bot_replace_filled): only the amount is asked
        assert "现在只问金额" in pressed[-1].text, pressed[-1].text
        assert ("金额没错，还是 ¥120.00", "inc:same") in pressed[-1].buttons()
    assert current_replaces(bot, 102) == 1


def current_replaces(bot, uid):
    """The line the volunteer's /income draft replaces, as kept for her."""
    drafts = bot.app.user_data[uid]
    return next(d.get("replaces") for d in _drafts(drafts) if "replaces" in d)


def _drafts(data):
    for v in data.values():
        if isinstance(v, dict):
            yield v
            yield from _drafts(v)


def test_a_line_reversed_more_than_two_months_ago_is_no_longer_offered(repo):
    rev = _reversed_expense(repo)
    repo.approve(rev, pid(repo, 102))
    assert [x["seq"] for x in repo.open_replacements("east", Kind.EXPENSE)] == [1]
    assert repo.open_replacements("east", Kind.FEE_INCOME) == []  # of the other kind
    repo.clock.now += timedelta(days=63)
    assert repo.open_replacements("east", Kind.EXPENSE) == []
    assert repo.replaceable_line("east", Kind.EXPENSE, 1)["seq"] == 1  # it may still be named
