"""One table of words (db/labels.py): every status of every kind has its words in
both languages, and the bot, the site and the guides say the same word."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.context import status_word, word
from db import labels
from db.entries import (
    EXPENSE_CATEGORIES,
    FEE_TYPES,
    INITIAL_STATUS,
    ISSUE_CATEGORIES,
    TRANSITIONS,
    Kind,
    ProjectStage,
    Status,
)
from db.tally import Choice, Rule
from site_builder.collect import collect, status_zh

GUIDES = Path(__file__).resolve().parent.parent / "content" / "guides"


def states_of(kind: Kind) -> set[Status]:
    """Every status an entry of ``kind`` can be in."""
    found = {INITIAL_STATUS[kind]}
    for frm, to in TRANSITIONS[kind].items():
        found |= {frm, *to}
    return found


EVERY_STATE = [(kind, status) for kind in Kind for status in sorted(states_of(kind))]


def user(lang: str) -> SimpleNamespace:
    """What the bot's word functions read of a handler's context: the user's language."""
    return SimpleNamespace(user_data={"lang": lang})


def test_the_walk_covers_every_kind_and_more_than_one_state_of_most():
    assert {kind for kind, _ in EVERY_STATE} == set(Kind)
    assert len(states_of(Kind.ISSUE)) == 7 and len(EVERY_STATE) > 25


@pytest.mark.parametrize(("kind", "status"), EVERY_STATE)
def test_every_state_of_every_kind_has_a_word_in_chinese_and_english(kind, status):
    zh = labels.status_label(kind, status, "zh")
    en = labels.status_label(kind, status, "en")
    assert re.search("[\u4e00-\u9fff]", zh), (kind, status, zh)
    assert en and en.isascii() and not re.search("[\u4e00-\u9fff]", en), (kind, status, en)


@pytest.mark.parametrize(("kind", "status"), EVERY_STATE)
def test_the_bot_and_the_site_say_the_same_word_for_every_state(kind, status):
    assert status_word(user("zh"), kind, status) == status_zh(kind, status)
    assert status_word(user("en"), kind, status) == labels.status_label(kind, status, "en")
    assert status_word(user("en"), kind, status) != status_zh(kind, status)


@pytest.mark.parametrize("kind", list(Kind))
def test_two_states_of_one_kind_never_share_a_word(kind):
    for lang in labels.LANGUAGES:
        words = [labels.status_label(kind, s, lang) for s in states_of(kind)]
        assert len(set(words)) == len(words), (kind, lang, words)


def test_the_words_residents_asked_for():
    assert [labels.status_label(Kind.PROPOSAL, s) for s in
            (Status.OPEN, Status.PASSED, Status.FAILED, Status.WITHDRAWN)] == \
        ["表决中", "通过", "未通过", "已撤回"]
    assert labels.status_label(Kind.ISSUE, Status.APPROVED) == "已受理"
    assert labels.status_label(Kind.ISSUE, Status.REOPENED) == "重新处理"
    assert labels.status_label(Kind.FEE_INCOME, Status.APPROVED) == "已入账"


def test_every_code_of_every_table_has_both_languages():
    tables = {
        "kind": (labels.KIND, set(Kind)),
        "issue category": (labels.ISSUE_CATEGORY, set(ISSUE_CATEGORIES)),
        "fee type": (labels.FEE_TYPE, set(FEE_TYPES)),
        "expense category": (labels.EXPENSE_CATEGORY, set(EXPENSE_CATEGORIES)),
        "stage": (labels.STAGE, set(ProjectStage)),
        "choice": (labels.CHOICE, set(Choice)),
        "rule": (labels.RULE, set(Rule)),
        "rule name": (labels.RULE_NAME, set(Rule)),
        "close reason": (labels.CLOSE_REASON, {"duplicate", "no_action"}),
        "line kind": (labels.LINE_KIND, {"income", "expense", "reversal", "opening", "lost"}),
    }
    for name, (table, codes) in tables.items():
        assert set(table) == codes, name
        for code, w in table.items():
            assert re.search("[\u4e00-\u9fff]", w.zh) and w.en.isascii() and w.en, (name, code)
    # db.entries' Chinese tables are the same words, not a copy that can drift
    assert ISSUE_CATEGORIES == {c: w.zh for c, w in labels.ISSUE_CATEGORY.items()}


def test_an_unknown_code_reads_as_itself_and_a_known_one_in_the_asked_language():
    assert labels.label(labels.FEE_TYPE, "sanitation", "en") == "Sanitation fee"
    assert labels.label(labels.FEE_TYPE, "sanitation") == "卫生费"
    assert labels.label(labels.FEE_TYPE, "tips", "en") == "tips"
    assert labels.label(labels.FEE_TYPE, "tips", default="") == ""
    assert word(user("en"), labels.STAGE, "in_progress") == "under way"
    assert labels.status_label(Kind.ISSUE, "mislaid") == "mislaid"


async def test_mine_and_the_site_show_the_same_word_through_an_issues_whole_life(repo):
    author = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    vol = pid(repo, 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    steps = [lambda: repo.approve(issue.id, vol),
             lambda: repo.issue_step(issue.id, vol, Status.IN_PROGRESS, "已联系电工"),
             lambda: repo.issue_step(issue.id, vol, Status.RESOLVED, "已修好"),
             lambda: repo.reopen(issue.id, author, "还是不亮"),
             lambda: repo.issue_step(issue.id, vol, Status.CLOSED, "重复",
                                     close_reason="duplicate")]
    seen = []
    async with BotHarness(repo) as bot:
        for step in steps:
            step()
            status = repo.entry(issue.id).status
            mine = (await bot.send(7001, "/mine"))[-1].text
            with repo.store.lock:
                site = collect(repo)
            [shown] = [i for a in site["areas"] for i in a["issues"] if i["id"] == issue.id]
            assert shown["status_zh"] == labels.status_label(Kind.ISSUE, status)
            assert f"— {shown['status_zh']}" in mine, (status, mine)
            seen.append(shown["status_zh"])
    assert seen == ["已受理", "处理中", "已解决", "重新处理", "已关闭"]


def test_the_residents_guide_lists_the_status_words_of_the_table():
    text = (GUIDES / "residents.md").read_text(encoding="utf-8")
    section = text.split("## 状态是什么意思", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", section, re.M)
    by_name = {w.zh: Kind(code) for code, w in labels.KIND.items()}
    listed = {by_name[name]: set(re.findall(r"[\u4e00-\u9fff]+", re.sub(r"（.*?）", "", words)))
              for name, words in rows if name in by_name}
    assert set(listed) == {Kind.REGISTRATION, Kind.ISSUE, Kind.OPINION, Kind.FEE_INCOME,
                           Kind.PROPOSAL, Kind.VOTE, Kind.QUESTION}
    # Residents never see a proposal pending or rejected (a volunteer opens it).
    unseen = {Kind.PROPOSAL: {Status.PENDING, Status.REJECTED}, Kind.VOTE: {Status.REPLACED}}
    for kind, words in listed.items():
        wanted = {labels.status_label(kind, s) for s in states_of(kind) - unseen.get(kind, set())}
        assert words == wanted, kind
    assert f"“{labels.status_label(Kind.VOTE, Status.REPLACED)}”" in section
