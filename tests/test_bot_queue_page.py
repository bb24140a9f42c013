"""/pending a page at a time (``bot.handlers.queue_page``): several entries in one
message, each with its buttons, 下一页 for the next ones, 📷 for an entry's photos and
its own post; decisions from the page as from a single post.

Before, /pending sent one message per entry, twenty a press: sixty waiting took over
twenty seconds to arrive through Telegram's pacing, and another press sent the same
twenty again."""

from __future__ import annotations

import json

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from bot.sending import TELEGRAM_LIMIT
from db.entries import Kind, Status


def issue(repo, text="路灯坏了", author=5001):
    return repo.submit(pid(repo, author), Kind.ISSUE, "east",
                       {"category": "lighting", "text": text})


def listed(call):
    """The entries a message has an Approve button of."""
    return [int(d.split(":")[-1]) for _t, d in call.buttons() if d.startswith("q:a:")]


def page_of(calls):
    [page] = [c for c in calls if listed(c)]
    return page


async def test_sixty_waiting_come_in_two_messages_a_page_of_eight_with_next(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entries = [issue(repo, f"第{i}件事") for i in range(60)]
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending")
    assert [c.method for c in calls] == ["sendMessage", "sendMessage"]
    assert "60" in calls[0].text
    page = calls[1]
    assert listed(page) == [e.id for e in entries[:8]]
    assert "待审核（第 1–8 条，共 60 条）：" in page.text
    assert "第7件事" in page.text and "第8件事" not in page.text
    assert page.buttons()[-1] == ("下一页 ▶（还有 52 条）", f"qn:{entries[7].id}")
    assert page.buttons()[:2] == [(f"#{entries[0].id} ✅ 通过", f"q:a:{entries[0].id}"),
                                  (f"#{entries[0].id} ❌ 驳回", f"q:r:{entries[0].id}")]


async def test_next_page_lists_the_following_ones_that_still_wait(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entries = [issue(repo, f"第{i}件事") for i in range(20)]
    repo.approve(entries[9].id, pid(repo, 101))  # another volunteer, meanwhile
    async with BotHarness(repo) as bot:
        await bot.send(102, "/pending")
        calls = await bot.press_label(102, "下一页")
        last = await bot.press_label(102, "下一页")
    page = page_of(calls)
    assert listed(page) == [e.id for e in entries[8:17] if e.id != entries[9].id]
    assert "待审核（第 9–16 条，共 19 条）：" in page.text
    assert listed(page_of(last)) == [e.id for e in entries[17:]]
    assert "待审核（第 17–19 条，共 19 条）：" in page_of(last).text
    assert not any("下一页" in t for t, _d in page_of(last).buttons())


async def test_approving_from_the_page_edits_it_and_leaves_the_others_buttons(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    first, second, third = (issue(repo, f"第{i}件事") for i in range(3))
    async with BotHarness(repo) as bot:
        shown = page_of(await bot.send(102, "/pending"))
        calls = await bot.press(102, f"q:a:{second.id}", message_id=shown.message_id,
                                text=shown.text)
    assert repo.entry(second.id).status == Status.APPROVED
    edits = [c for c in calls if c.method == "editMessageText"
             and c.params.get("message_id") == shown.message_id]
    assert edits, [c.method for c in calls]
    edit = edits[-1]
    assert f"#{second.id} ✅ 已由" in edit.text and "第0件事" in edit.text
    assert listed(edit) == [first.id, third.id]
    assert any(f"#{second.id}" in c.text and "公示" in c.text for c in calls
               if c.chat_id == 5001)  # its author told, as from a single post


async def test_rejecting_from_the_page_asks_the_reason_and_tells_the_author(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    first, second = issue(repo, "第一"), issue(repo, "第二")
    async with BotHarness(repo) as bot:
        shown = page_of(await bot.send(102, "/pending"))
        asked = await bot.press(102, f"q:r:{first.id}", message_id=shown.message_id,
                                text=shown.text)
        calls = await bot.send(102, "这盏灯上周已经修好了，不用再报")
    assert f"#{first.id}" in asked[-1].text
    assert repo.entry(first.id).status == Status.REJECTED
    assert repo.entry(second.id).status == Status.PENDING
    assert any("上周已经修好" in c.text for c in calls if c.chat_id == 5001)
    edits = [c for c in calls if c.method == "editMessageText"
             and c.params.get("message_id") == shown.message_id]
    assert edits and listed(edits[-1]) == [second.id]


async def test_photos_button_sends_the_album_then_the_entrys_own_post(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    issue(repo, "没有照片的事", author=7001)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "路灯坏了三天了")
        for i in range(2):
            await bot.send_photo(7001, jpeg_bytes((60 + i, 40), label=str(i)))
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
        [with_photos] = [e for e in repo.entries(kind=Kind.ISSUE) if e.data.get("photos")]
        page = page_of(await bot.send(102, "/pending"))
        labels = [t for t, _d in page.buttons()]
        opened = await bot.press_label(102, "看照片")
        decided = await bot.press_label(102, "✅ 通过", exact=True)
    # ✅ ❌ 📷 and 🙈 隐去名字 of the report with photos, ✅ ❌ 🙈 of the other
    assert labels.count(f"#{with_photos.id} 📷 看照片") == 1 and len(labels) == 7
    # nothing is above the page: its words point at the button, not 照片见上
    assert f"照片 2 张：点下面的“#{with_photos.id} 📷 看照片”查看" in page.text
    assert "见上" not in page.text
    assert "照片见上：2 张" in opened[-1].text  # on its own post, under its album
    assert [c.method for c in opened] == ["answerCallbackQuery", "sendMediaGroup", "sendMessage"]
    assert opened[-1].buttons()[0] == ("✅ 通过", f"q:a:{with_photos.id}")
    assert repo.entry(with_photos.id).status == Status.APPROVED
    assert decided  # pressed on the post under the photos


async def test_photos_button_of_another_areas_entry_shows_nothing(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 6001, "c2/1/1/101", 103)
    west = repo.submit(pid(repo, 6001), Kind.ISSUE, "west",
                       {"category": "lighting", "text": "西边的秘密"})
    async with BotHarness(repo) as bot:
        calls = await bot.press(102, f"q:o:{west.id}")
    assert not any("西边的秘密" in c.text for c in calls)
    assert not any(c.method in ("sendPhoto", "sendMediaGroup") for c in calls)


async def test_a_page_of_long_entries_fits_one_message_and_telegrams_button_limits(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    for i in range(30):
        issue(repo, f"{i}号" + "楼道里的灯坏了很久，晚上很黑。" * 40)
    async with BotHarness(repo) as bot:
        page = page_of(await bot.send(102, "/pending"))
    assert len(page.text.encode("utf-16-le")) // 2 <= TELEGRAM_LIMIT
    rows = json.loads(page.params["reply_markup"])["inline_keyboard"] \
        if isinstance(page.params["reply_markup"], str) else \
        page.params["reply_markup"]["inline_keyboard"]
    assert sum(len(r) for r in rows) <= 100 and all(len(r) <= 8 for r in rows)
    assert 1 <= len(listed(page)) <= 8 and "下一页" in page.buttons()[-1][0]


async def test_a_last_page_of_one_says_which_one_it_is(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    for i in range(9):
        issue(repo, f"第{i}件事")
    async with BotHarness(repo) as bot:
        await bot.send(102, "/pending")
        calls = await bot.press_label(102, "下一页")
    assert "待审核（第 9 条，共 9 条）：" in page_of(calls).text  # not 第 9–9 条


async def test_next_page_stays_on_the_page_after_a_decision(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    first, *_rest = [issue(repo, f"第{i}件事") for i in range(9)]
    async with BotHarness(repo) as bot:
        shown = page_of(await bot.send(102, "/pending"))
        calls = await bot.press(102, f"q:a:{first.id}", message_id=shown.message_id,
                                text=shown.text)
    [edit] = [c for c in calls if c.method == "editMessageText"
              and c.params.get("message_id") == shown.message_id]
    assert edit.buttons()[-1][0] == "下一页 ▶（还有 1 条）"
    assert first.id not in listed(edit)
