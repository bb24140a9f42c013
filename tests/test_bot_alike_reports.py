"""Two neighbours report the same broken lamp within the hour (volunteers' week trial):
the second was not offered the first ("me too"), which was still waiting for approval,
and the volunteers' post of the second said nothing of it. The post now names the
earlier reports alike, open or waiting, so the volunteer can reject it as reported."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.similar import earlier_alike


def report(repo, tid, text, category="lighting"):
    return repo.submit(pid(repo, tid), Kind.ISSUE, "east", {"category": category, "text": text})


def post_of(calls, entry):
    """The words of ``entry`` on its post, or on the /pending page that lists it."""
    [post] = [c for c in calls if f"q:a:{entry.id}" in [d for _, d in c.buttons()]]
    return next(part for part in post.text.split("\n\n")
                if part.startswith(f"#{entry.id} ")) + "\n"


async def test_the_post_of_a_second_report_of_the_same_lamp_names_the_first(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    first = report(repo, 5001, "1号楼1单元门口路灯坏了一个星期，晚上很黑")
    second = report(repo, 5002, "1单元门口路灯不亮，晚上黑")
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending")
    text = post_of(calls, second)
    assert f"⚠️ 可能已有人报过：#{first.id}（待审核）1号楼1单元门口路灯坏了一个星期，晚上很黑\n" \
        in text, text
    assert f"请驳回这一条并写明理由（例如“已有人报过，见 #{first.id}”）" in text
    assert "已有人报过" not in post_of(calls, first)  # the first names no later one


async def test_an_approved_one_is_named_and_another_category_or_other_words_are_not(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    lamp = report(repo, 5001, "3号楼路灯不亮")
    repo.approve(lamp.id, pid(repo, 101))
    report(repo, 5001, "3号楼路灯不亮", category="safety")  # another category
    report(repo, 5001, "垃圾没人清运")  # other words
    again = report(repo, 5001, "三号楼的路灯不亮了")
    assert [e.id for e in earlier_alike(repo, again)] == [lamp.id]
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending")
    assert f"可能已有人报过：#{lamp.id}（已受理）3号楼路灯不亮\n" in post_of(calls, again)


async def test_an_english_volunteer_reads_it_in_english(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    first = report(repo, 5001, "路灯坏了")
    second = report(repo, 5001, "路灯坏了")
    repo.set_language(pid(repo, 102), "en")
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending")
    text = post_of(calls, second)
    assert f"⚠️ Maybe reported already: #{first.id} (" in text, text
    assert f"(e.g. \"already reported, see #{first.id}\")" in text
