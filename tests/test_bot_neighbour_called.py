"""A grid worker writes down what an old man without a phone says (/proxy):
李大爷家厨房下水堵了. The post to approve showed the text with its phone number masked,
and nothing about 李大爷: approved, the site read 李大爷家厨房下水堵了 beside 1号楼 1单元,
which tells the street who he is as well as his name would. Now the post says that such
words read like a neighbour called by name and how to hide them (🙈 隐去名字…)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.chinese_names import neighbours_called
from db.entries import Kind


def _report(repo, text):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "septic", "text": text})


async def test_a_report_calling_a_neighbour_by_surname_says_so_on_its_post(repo):
    entry = _report(repo, "李大爷家厨房下水堵了，楼上王奶奶也说臭")
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/pending")
    post = listed[-1].text
    assert f"#{entry.id}" in post
    assert "“李大爷”、“王奶奶”像是在称呼一位邻居，公开后街坊都认得出是谁" in post
    assert "🙈 隐去名字…" in post


async def test_once_hidden_or_for_a_job_the_post_says_nothing(repo):
    entry = _report(repo, "李大爷家厨房下水堵了，保安大爷也知道")
    repo.hide_words(entry.id, pid(repo, 101), ["李大爷"])
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/pending")
    assert "像是在称呼一位邻居" not in listed[-1].text


def test_neighbours_called_reads_surname_and_kin_title_not_a_job():
    assert neighbours_called("2单元302王奶奶说楼道灯又不亮了") == ["王奶奶"]
    assert neighbours_called("张阿姨和王奶奶，还有张阿姨") == ["张阿姨", "王奶奶"]
    assert neighbours_called("门卫大爷和保安大爷说，保洁阿姨来过") == []
    assert neighbours_called(None) == []
