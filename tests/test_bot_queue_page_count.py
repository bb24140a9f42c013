"""待审核's page: its 下一页 ▶（还有 N 条） is counted again when a decision edits the
page (``bot.page_count``), so that N is what waits after it now; nothing waiting, the
button goes. Before, N stayed what it was when the page was sent: entries after it
decided on the next page, or by another volunteer, still counted."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def issue(repo, text):
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": text})


def page_of(calls):
    [page] = [c for c in calls if any(d.startswith("q:a:") for _t, d in c.buttons())]
    return page


def edit_of(calls, message_id):
    edits = [c for c in calls if c.method in ("editMessageText", "editMessageReplyMarkup")
             and c.params.get("message_id") == message_id]
    assert edits, [c.method for c in calls]
    return edits[-1]


async def test_next_pages_count_is_what_waits_after_it_once_a_decision_edits_it(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entries = [issue(repo, f"第{i}件事") for i in range(12)]
    async with BotHarness(repo) as bot:
        first = page_of(await bot.send(102, "/pending"))
        assert first.buttons()[-1][0] == "下一页 ▶（还有 4 条）"
        second = page_of(await bot.press_label(102, "下一页"))
        for e in entries[8:10]:  # decided on the next page
            await bot.press(102, f"q:a:{e.id}", message_id=second.message_id, text=second.text)
        repo.approve(entries[10].id, pid(repo, 101))  # by another volunteer
        calls = await bot.press(102, f"q:a:{entries[0].id}", message_id=first.message_id,
                                text=first.text)
        edit = edit_of(calls, first.message_id)
        assert edit.buttons()[-1] == ("下一页 ▶（还有 1 条）", f"qn:{entries[7].id}")
        repo.approve(entries[11].id, pid(repo, 101))
        calls = await bot.press(102, f"q:a:{entries[1].id}", message_id=first.message_id,
                                text=first.text)
        edit = edit_of(calls, first.message_id)
    assert not any("下一页" in label for label, _d in edit.buttons())
    assert f"#{entries[2].id} ✅ 通过" in [label for label, _d in edit.buttons()]


async def test_the_pages_head_counts_what_waits_now_once_a_decision_edits_it(repo):
    # before, 待审核（第 1–8 条，共 12 条） stayed on the page after decisions made from it
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entries = [issue(repo, f"第{i}件事") for i in range(12)]
    async with BotHarness(repo) as bot:
        first = page_of(await bot.send(102, "/pending"))
        assert "共 12 条" in first.text
        calls = await bot.press(102, f"q:a:{entries[0].id}", message_id=first.message_id,
                                text=first.text)
        assert "共 11 条" in edit_of(calls, first.message_id).text
        repo.approve(entries[10].id, pid(repo, 101))  # by another volunteer
        calls = await bot.press(102, f"q:a:{entries[1].id}", message_id=first.message_id,
                                text=first.text)
        edit = edit_of(calls, first.message_id)
    assert "共 9 条" in edit.text and "共 12 条" not in edit.text
    assert f"#{entries[0].id}" in edit.text  # the page still lists what it listed


async def test_a_last_pages_head_says_when_nothing_waits_any_more(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entries = [issue(repo, f"第{i}件事") for i in range(3)]
    async with BotHarness(repo) as bot:
        page = page_of(await bot.send(102, "/pending"))
        assert "共 3 条" in page.text
        for e in entries:
            calls = await bot.press(102, f"q:a:{e.id}", message_id=page.message_id,
                                    text=page.text)
        edit = edit_of(calls, page.message_id)
    assert "共 3 条" not in edit.text and "现在没有了" in edit.text


def test_a_pages_area_is_kept_with_its_post_over_a_restart():
    from bot.posts import Post
    digest = {"blocks": [[0, "待审核"], [5, "#5"]], "verdicts": [], "rows": [], "queue": "east"}
    kept = Post.of({**Post(7, 102, 1001, "", "zh", digest, [5]).doc(), "doc_id": 7})
    assert kept.digest is not None and kept.digest["queue"] == "east"
    plain = {"blocks": [[0, "新的"]], "verdicts": [], "rows": []}  # a catch-up list
    assert "queue" not in Post.of({**Post(8, 102, 1002, "", "zh", plain, []).doc(),
                                   "doc_id": 8}).digest
