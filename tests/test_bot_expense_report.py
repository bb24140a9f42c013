"""/expense asks which report (报事) the money was spent on when the area has open
reports: one of them pressed, a number typed (a report resolved since is fine), or
不关联. A number of another area's report, of no report, or of one not accepted is
refused there, saying why, and asked again; 修改 → 用于报事 links one from the summary.
The expense stores the report, the volunteer asked to approve it reads which, and its
ledger line names it once approved."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def _report(repo, tid: int, household: str, volunteer: int, text: str, *,
            accept: bool = True) -> int:
    resident = confirmed_resident(repo, tid, household, volunteer)
    area = "east" if household.startswith("c1/") else "west"
    issue = repo.submit(resident, Kind.ISSUE, area, {"category": "safety", "text": text})
    if accept:
        repo.approve(issue.id, pid(repo, volunteer))
    return issue.id


async def _to_the_report_step(bot: BotHarness) -> list:
    await bot.send(101, "/expense")
    await bot.send(101, "260")
    await bot.send(101, "顺通管道维修部")
    await bot.send(101, "更换井盖")
    return await bot.press(101, "exp:cat:repair")


async def _record(bot: BotHarness, asked: list) -> None:
    assert "请发送收据或发票的照片" in asked[-1].text, asked[-1].text
    await bot.send_photo(101, jpeg_bytes())
    summary = await bot.press(101, "exp:pub:1")
    [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
    await bot.press(101, ok)


async def test_an_open_report_pressed_is_stored_with_the_expense_and_named_by_its_line(repo):
    manhole = _report(repo, 5001, "c1/1/1/101", 101, "井盖松了")
    async with BotHarness(repo) as bot:
        asked = await _to_the_report_step(bot)
        assert "这笔支出是为哪个报事" in asked[-1].text
        labels = [label for label, _ in asked[-1].buttons()]
        assert labels[0].startswith(f"#{manhole} ") and "井盖松了" in labels[0]
        assert labels[-2:] == ["不关联", "⬅️ 上一步"]
        after = await bot.press(101, f"exp:iss:{manhole}")
        await bot.send_photo(101, jpeg_bytes())
        summary = await bot.press(101, "exp:pub:1")
        assert f"用于报事：#{manhole} 井盖松了" in summary[-1].text
        assert f"公开账目上这一笔还会写明“用于报事 #{manhole}”" in summary[-1].text
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        done = await bot.press(101, ok)
        assert "请发送收据或发票的照片" in after[-1].text
        # the volunteer who approves it reads which report the line will name
        posts = [c.text for c in done if c.chat_id == 102 and "待审核" in c.text]
        assert posts and f"用于报事：#{manhole} 井盖松了" in posts[-1], posts
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["issue"] == manhole
    repo.approve(entry.id, pid(repo, 102))
    assert repo.ledger("east")[-1]["issue"] == manhole and repo.verify()


async def test_a_wrong_report_number_is_refused_saying_why_and_asked_again(repo):
    _report(repo, 5001, "c1/1/1/101", 101, "井盖松了")
    west = _report(repo, 5003, "c2/1/1/101", 103, "西边的路灯坏了")
    waiting = _report(repo, 5002, "c1/1/1/102", 101, "楼道太暗", accept=False)
    async with BotHarness(repo) as bot:
        await _to_the_report_step(bot)
        for typed, said in ((f"#{west}", f"报事 #{west} 属于别的管理区域"),
                            ("9999", "没有编号为 #9999 的报事"),
                            (str(waiting), f"报事 #{waiting} 还没有被志愿者受理"),
                            ("明天再说", "请发报事编号")):
            calls = await bot.send(101, typed)
            texts = [c.text for c in calls if c.chat_id == 101]
            assert any(said in text for text in texts), (typed, texts)
        asked = await bot.send(101, "不关联")
        await _record(bot, asked)
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert "issue" not in entry.data


async def test_without_an_open_report_it_is_not_asked_and_change_links_a_resolved_one(repo):
    fixed = _report(repo, 5001, "c1/1/1/101", 101, "井盖松了")
    repo.issue_step(fixed, pid(repo, 101), "resolved", "换好了")
    async with BotHarness(repo) as bot:
        asked = await _to_the_report_step(bot)
        assert "请发送收据或发票的照片" in asked[-1].text  # no step for a report
        await bot.send_photo(101, jpeg_bytes())
        summary = await bot.press(101, "exp:pub:1")
        assert "用于报事：不关联" in summary[-1].text
        await bot.press(101, "exp:edit")
        asked = await bot.press(101, "exp:fix:issue")
        assert "这笔支出是为哪个报事" in asked[-1].text
        summary = await bot.send(101, f"报事{fixed}")
        assert f"用于报事：#{fixed} 井盖松了" in summary[-1].text
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        await bot.press(101, ok)
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["issue"] == fixed


async def test_a_voice_report_is_offered_by_its_length_and_summary(repo):
    """Its button read "#147 安全隐患 语音留言（0:23），志…": every voice report alike."""
    from db.voice import PLACEHOLDER

    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    voiced = repo.submit(resident, Kind.ISSUE, "east",
                         {"category": "safety", "text": PLACEHOLDER, "voice": "a" * 64 + ".ogg",
                          "voice_seconds": 23})
    repo.approve(voiced.id, pid(repo, 102), summary="井盖松了")
    async with BotHarness(repo) as bot:
        asked = await _to_the_report_step(bot)
    labels = [label for label, _ in asked[-1].buttons()]
    assert labels[0].startswith(f"#{voiced.id} 安全隐患 🎤语音 0:23：井盖松了"), labels
