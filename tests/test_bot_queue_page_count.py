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
