"""The demo year plays what residents and volunteers gained this session, each as a
user sees it (``conftest.demo_year``, built once): a name corrected, a question to a
report's author instead of a rejection, /approve of several numbers, a vote typed as
people say it, and 我报的事怎么样了. tests/test_demo.py checks the rest of the year."""

from __future__ import annotations

import pytest

from db.entries import Kind, Status
from db.repository import Repository


@pytest.fixture(scope="module")
def demo(demo_year):
    return demo_year


@pytest.fixture(scope="module")
def repo(demo_year):
    opened = Repository.open(demo_year["data"], readonly=True)
    yield opened
    opened.close()


def line(demo, words: str) -> str:
    return next(x for x in demo["out"].splitlines() if words in x)


def test_a_resident_corrects_the_name_kept_for_her_and_the_site_never_shows_it(demo, repo):
    said = line(demo, "发“我的名字写错了”")
    assert "我们保存的您的名字是：冯丽。只有本小区的志愿者能看到它" in said
    assert "按“✅ 改为 冯丽华”：“已改好：您的名字现在是 冯丽华" in said
    assert repo.person_by_telegram(7000013)["name"] == "冯丽华"
    for page in demo["site"].rglob("*.html"):
        text = page.read_text("utf-8")
        assert "冯丽华" not in text and "冯丽" not in text, page


def test_a_volunteer_asks_a_reports_author_without_rejecting_it_and_she_answers(demo, repo):
    said = line(demo, "只问提交人")
    assert "点“❓ 只问提交人，先不驳回”：梁文静 收到问题和“✍️ 回答”按钮，报事没有被驳回" in said
    assert "回答连同“✅ 通过 / ❌ 驳回”按钮发给本区志愿者（2 条）" in said
    pipes = next(e for e in repo.entries(kind=Kind.ISSUE, area="yixinyuan")
                 if e.data.get("category") == "pipes")
    assert pipes.status == Status.PENDING and f"#{pipes.id} 仍是“待审核”" in said


def test_a_volunteer_approves_several_registrations_with_one_approve(demo, repo):
    said = line(demo, "一次打“/approve ")
    typed = said.split("一次打“/approve ")[1].split("”")[0]
    numbers = [int(n) for n in typed.split("，")]
    assert len(numbers) == 3
    assert "3 条登记一起通过（机器人答：“已通过 3 条：" in said
    assert all(repo.entry(n).status == Status.APPROVED for n in numbers)


def test_a_vote_typed_as_people_say_it_shows_the_proposal_and_its_button(demo, repo):
    said = line(demo, "直接打“我不同意”")
    assert "机器人答“您打的是“我不同意”，也就是投“反对”。”" in said
    assert "“✅ 确认对 #" in said and "（只打字不记票）" in said


def test_a_resident_asking_after_her_report_is_shown_it_with_where_it_stands(demo):
    said = line(demo, "打字问“我报的路灯怎么样了”")
    assert "机器人答以“我的”：“#" in said and "路灯照明：盐业小区2单元门口的路灯坏了" in said
    assert "—— 处理中" in said
