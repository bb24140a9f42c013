"""Steps that told the user to send /cancel, a command elderly users and busy volunteers
do not type: the announcement's text, the reason to close a vote early or to withdraw a
proposal, an expense's receipt asked again, an admin's role steps, and the questions
answered by a reply (words to hide, a voice message's summary, why a fee is a separate
payment). Now a step with buttons has 取消 and says to press it; every one says 取消, and
取消 (or cancel) typed there leaves it, nothing saved."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid, settle

from bot.i18n import load_catalog
from db.entries import Kind, Status
from db.hidden_names import hidden_of

CANCELLED = "已取消"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


def test_no_chinese_message_tells_anyone_to_send_slash_cancel():
    said = [m.id for m in load_catalog("zh_CN") if m.id and "/cancel" in str(m.string)]
    assert said == []


async def test_the_announcements_text_has_a_cancel_button_and_typed_quxiao_leaves(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/announce")
        assert "请点“取消”" in asked[-1].text and "/cancel" not in asked[-1].text
        assert labels(asked[-1]) == ["取消"]
        again = await bot.send_raw(101, sticker={"file_id": "s", "file_unique_id": "s",
                                                 "width": 1, "height": 1, "is_animated": False,
                                                 "is_video": False, "type": "regular"})
        assert labels(again[-1]) == ["取消"]
        left = await bot.press_label(101, "取消")
        assert CANCELLED in left[-1].text
        await bot.send(101, "/announce")
        typed = await bot.send(101, "取消")
        after = await bot.send(101, "明天停水")  # no longer the announcement's text
    assert CANCELLED in typed[-1].text
    assert repo.entries(kind=Kind.ANNOUNCEMENT) == []
    assert not any("公告" in (c.text or "") and "预览" in (c.text or "") for c in after)


@pytest.mark.parametrize(("command", "word"), [("closevote", "不结束"), ("withdraw", "不撤回")])
async def test_the_reason_to_close_or_withdraw_has_cancel_and_it_stays_open(repo, command,
                                                                            word):
    p = repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="三个单元",
                             budget_fen=300000, matter="everyday", deadline="2099-01-01")
    if command == "closevote":
        settle(repo, p.id)  # its result settled: it may close early (db.closing)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/{command} {p.id}")
        assert f"{word}请点“取消”（或回复“取消”）" in asked[-1].text, asked[-1].text
        assert "/cancel" not in asked[-1].text and labels(asked[-1]) == ["取消"]
        left = await bot.press_label(101, "取消")
        assert CANCELLED in left[-1].text
        await bot.send(101, f"/{command} {p.id}")
        typed = await bot.send(101, "取消")
    assert CANCELLED in typed[-1].text
    assert repo.entry(p.id).status == Status.OPEN


async def test_an_expenses_receipt_asked_again_says_press_cancel_and_has_it(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        await bot.send(101, "保洁公司")
        await bot.send(101, "一月清运")
        asked = await bot.press(101, "exp:cat:cleaning")
        assert "收据" in asked[-1].text or "发票" in asked[-1].text, asked[-1].text
        again = await bot.send(101, "收据在家里")
        assert "不登记了请点“取消”" in again[-1].text and "/cancel" not in again[-1].text
        assert labels(again[-1]) == ["没有收据", "⬅️ 上一步", "取消"]  # 2a1caad7
        filed = await bot.send_document(101, b"%PDF-1.4", mime_type="application/pdf",
                                        file_name="invoice.pdf")
        assert "不登记了请点“取消”" in filed[-1].text and labels(filed[-1])[-1] == "取消"
        left = await bot.press_label(101, "取消")
    assert CANCELLED in left[-1].text
    assert repo.entries(kind=Kind.EXPENSE) == []


async def test_the_admins_role_steps_have_cancel(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        areas = await bot.send(900, "马红")
        assert labels(areas[-1]) == ["东小区", "西小区", "取消"]
        role = await bot.press_label(900, "西小区")
        assert labels(role[-1]) == ["志愿者", "监督员", "取消"]
        again = await bot.send(900, "随便")
        assert "请点“取消”" in again[-1].text and "/cancel" not in again[-1].text
        assert labels(again[-1])[-1] == "取消"
        titles = await bot.press_label(900, "志愿者")
        assert labels(titles[-1])[-1] == "取消"
        left = await bot.press_label(900, "取消")
    assert CANCELLED in left[-1].text
    assert repo.person_by_telegram(5001).get("roles") in (None, [])


async def test_the_words_to_hide_say_reply_quxiao_and_it_hides_nothing(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "sanitation", "text": "李建国把垃圾堆在楼道"})
    async with BotHarness(repo) as bot:
        asked = await bot.press(101, f"q:h:{entry.id}")
        assert "不隐去请回复“取消”" in asked[-1].text and "/cancel" not in asked[-1].text
        wrong = await bot.send(101, "张三丰")
        assert "或回复“取消”" in wrong[-1].text
        left = await bot.send(101, "取消")
    assert CANCELLED in left[-1].text
    assert hidden_of(repo.entry(entry.id)) == []


async def test_a_voice_messages_summary_says_reply_quxiao_and_it_leaves(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send_voice(5001)
        entry = repo.entries(kind=Kind.ISSUE)
        if not entry:  # the report goes on to its summary first
            await bot.press(5001, "rep:photos")
            await bot.press(5001, "rep:pn")
            await bot.press(5001, "rep:ok")
            entry = repo.entries(kind=Kind.ISSUE)
        asked = await bot.press(101, f"q:v:{entry[0].id}")
        assert "不写了请回复“取消”" in asked[-1].text and "/cancel" not in asked[-1].text
        left = await bot.send(101, "取消")
    assert CANCELLED in left[-1].text


async def test_the_photo_of_an_expense_then_cancel_records_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        await bot.send(101, "保洁公司")
        await bot.send(101, "一月清运")
        await bot.press(101, "exp:cat:cleaning")
        await bot.send_photo(101, jpeg_bytes())
        left = await bot.send(101, "取消")
    assert CANCELLED in left[-1].text
    assert repo.entries(kind=Kind.EXPENSE) == []
