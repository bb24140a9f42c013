"""A ledger line is public and chained as made: the site cannot mask a name in it
later. The words a volunteer types that a line says (an expense's payee and purpose,
a reversal's reason, the reason a fee is a separate payment) are refused when they
hold the whole name of a person the street knows (db.ledger_names); the bot asks
again at the step where it was typed."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import pid

from db.entries import Kind, Status
from db.errors import DomainError
from db.redact import NameMask, whole_names


def _expense(repo, payee: str, purpose: str = "更换路灯灯泡"):
    return repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": payee, "purpose": purpose, "category": "lighting"})


def test_an_expense_paid_to_a_registered_person_by_name_is_refused_and_nothing_stored(repo):
    repo.ensure_person(5002, name="王秀兰")
    repo.ensure_person(5003, name="建国 张")
    for payee, purpose in (("王秀兰", "更换路灯灯泡"), ("电工", "给王秀兰家修水管"),
                           ("电工", "张建国垫付的灯泡款"), ("电工", "建国张垫付")):
        with pytest.raises(DomainError) as refused:
            _expense(repo, payee, purpose)
        assert refused.value.code == "names_a_person"
        assert refused.value.params["name"] in ("王秀兰", "张建国", "建国张")
    assert repo.entries(kind=Kind.EXPENSE) == []
    # a given name alone may be an ordinary word (建国路), and a trade names nobody
    kept = _expense(repo, "建国路五金店", "更换路灯灯泡")
    assert kept.status == Status.PENDING


def test_a_reversal_reason_naming_a_person_is_refused(repo):
    spent = _expense(repo, "光明电器")
    repo.approve(spent.id, pid(repo, 102))
    repo.ensure_person(5002, name="王秀兰")
    with pytest.raises(DomainError) as refused:
        repo.reverse("east", 1, pid(repo, 101), "王秀兰说没有修")
    assert refused.value.code == "names_a_person"
    assert repo.entries(kind=Kind.REVERSAL) == []
    assert repo.reverse("east", 1, pid(repo, 101), "没有修好，退款").kind == Kind.REVERSAL


def _before_strangers_were_refused(monkeypatch):  # type: ignore[no-untyped-def]
    """Entries recorded before a stranger's full name was refused in a line's words
    (``db.private_words``): data of an earlier Steward, still waiting."""
    monkeypatch.setattr("db.ledger_names.private_words", lambda text: None)


def test_an_expense_recorded_before_its_payee_registered_is_not_approved(repo, monkeypatch):
    with monkeypatch.context() as m:
        _before_strangers_were_refused(m)
        spent = _expense(repo, "李建华")  # nobody of that name yet
    repo.ensure_person(5004, name="李建华")  # then the plumber registers as a resident
    with pytest.raises(DomainError) as refused:
        repo.approve(spent.id, pid(repo, 102))
    assert refused.value.code == "recorded_names_a_person"
    assert refused.value.params == {"id": spent.id, "name": "李建华"}
    assert repo.entry(spent.id).status == Status.PENDING and repo.ledger("east") == []


def test_the_reason_of_a_separate_payment_may_not_name_a_person(repo):
    data = {"amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
            "household": "c1/1/1/101"}
    first = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", data)
    repo.approve(first.id, pid(repo, 102))
    again = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", data)
    repo.ensure_person(5002, name="王秀兰")
    with pytest.raises(DomainError) as refused:
        repo.approve(again.id, pid(repo, 102), separate="王秀兰替邻居交的")
    assert refused.value.code == "names_a_person"
    assert len(repo.ledger("east")) == 1
    repo.approve(again.id, pid(repo, 102), separate="替邻居代交")
    assert len(repo.ledger("east")) == 2


def test_the_names_follow_the_people_and_are_given_back_as_typed(repo):
    assert repo.named_person("付给Wang Xiulan") is None
    repo.ensure_person(5005, name="Xiulan Wang")
    assert repo.named_person("付给wang xiulan 的款") == "wang xiulan"
    assert repo.named_person("Wangxiulanshop") is None  # a Latin name is a whole word
    assert NameMask(whole_names([{"name": "秀兰 王"}])).first("[王秀兰]") == "王秀兰"
    assert whole_names([{"name": "秀兰 王"}]) == {"秀兰 王", "王 秀兰", "秀兰王", "王秀兰"}


def test_a_nickname_that_is_an_ordinary_word_is_refused_only_as_the_whole_of_the_words(repo):
    # people who go by an ordinary word on Telegram (阳光 and 高峰 are common words too)
    for tid, name in ((5006, "阳光"), (5007, "平安"), (5008, "Sunny"), (5009, "高峰")):
        repo.ensure_person(tid, name=name)
    repo.ensure_person(5002, name="王秀兰")
    for payee, purpose in (("阳光物业公司", "平安保险理赔后修门"),
                           ("Sunny Property Co.", "高峰期加班费")):
        assert _expense(repo, payee, purpose).status == Status.PENDING
    for alone, name in (("阳光", "阳光"), (" 平安！", "平安"), ("高峰师傅", "高峰"),
                        ("sunny", "sunny"), ("老高峰", "高峰")):
        with pytest.raises(DomainError) as refused:
            _expense(repo, alone)
        assert refused.value.params["name"] == name
    # an ordinary word set aside, a person's name after it is still found
    assert repo.named_person("阳光物业，王秀兰经手") == "王秀兰"
    assert repo.named_person("高峰期阳光房") is None
    assert len(repo.entries(kind=Kind.EXPENSE)) == 2


async def test_the_bot_asks_the_payee_again_when_it_names_a_resident(repo):
    repo.ensure_person(5002, name="王秀兰")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "350")
        told = await bot.send(101, "王秀兰")
        [said] = [c.text for c in told if c.chat_id == 101]  # one message, not two
        assert said.startswith("“王秀兰”是本小区登记过的人的姓名") and "付给了谁" in said, said
        asked = await bot.send(101, "光明电器维修部")
        assert "用途" in asked[-1].text
        [told] = await bot.send(101, "给王秀兰家换灯泡")
        assert "“王秀兰”" in told.text and "用途" in told.text
    assert repo.entries(kind=Kind.EXPENSE) == []


async def test_the_bot_asks_a_reversal_reason_again_when_it_names_a_resident(repo):
    spent = _expense(repo, "光明电器")
    repo.approve(spent.id, pid(repo, 102))
    repo.ensure_person(5002, name="王秀兰")
    async with BotHarness(repo) as bot:
        told = await bot.send(101, "/reverse 1 王秀兰说没有修")
        [said] = [c.text for c in told if c.chat_id == 101]
        assert said.startswith("“王秀兰”") and "为什么要冲正" in said, said
        [again] = await bot.send(101, "又是王秀兰说的")
        assert again.text.startswith("“王秀兰”") and "为什么要冲正" in again.text
        confirm = await bot.send(101, "没有修好，退款")
        assert "原因：没有修好，退款" in confirm[-1].text
        await bot.press(101, "rev:ok:1")
    [reversal] = repo.entries(kind=Kind.REVERSAL)
    assert reversal.data["reason"] == "没有修好，退款"


async def test_a_separate_payments_reason_naming_a_resident_is_asked_again(repo):
    data = {"amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
            "household": "c1/1/1/101"}
    repo.approve(repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", data).id, pid(repo, 102))
    again = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", data)
    repo.ensure_person(5002, name="王秀兰")
    async with BotHarness(repo) as bot:
        await bot.press(102, f"q:s:{again.id}")
        [told] = await bot.send(102, "王秀兰替邻居交的")
        assert told.text.startswith("“王秀兰”是本小区登记过的人的姓名") and "理由" in told.text
        assert repo.entry(again.id).status == Status.PENDING
        await bot.send(102, "替邻居代交")
    assert repo.ledger("east")[-1]["note"] == "另行缴费：替邻居代交"


async def test_an_expense_recorded_before_strangers_were_refused_is_not_approved(
        repo, monkeypatch):
    with monkeypatch.context() as m:
        _before_strangers_were_refused(m)
        spent = _expense(repo, "李建华", "修晋J12345门口的灯")  # nobody of that name
    with pytest.raises(DomainError) as refused:
        repo.approve(spent.id, pid(repo, 102))
    assert refused.value.code == "recorded_private_in_line"
    assert refused.value.params == {"id": spent.id, "name": "李建华", "what": "name"}
    assert repo.entry(spent.id).status == Status.PENDING and repo.ledger("east") == []
    async with BotHarness(repo) as bot:  # the approver is told what to do, in her words
        told = await bot.send(102, f"/approve {spent.id}")
    said = [c.text for c in told if c.chat_id == 102][-1]
    assert said.startswith(f"#{spent.id} 不能通过：它的公开账目会写出“李建华”"), said
    assert f"/reject {spent.id}" in said and repo.ledger("east") == []


async def test_approving_an_expense_that_names_a_resident_says_to_reject_and_record_again(
        repo, monkeypatch):
    with monkeypatch.context() as m:
        _before_strangers_were_refused(m)
        spent = _expense(repo, "李建华")  # nobody of that name yet
    repo.ensure_person(5004, name="李建华")
    async with BotHarness(repo) as bot:
        told = await bot.send(102, f"/approve {spent.id}")
    said = [c.text for c in told if c.chat_id == 102][-1]
    assert f"#{spent.id} 不能通过" in said and "“李建华”" in said
    assert f"/reject {spent.id}" in said and repo.ledger("east") == []


def test_a_name_reads_the_same_however_many_people_share_it():
    """``loose_names`` reads each distinct name once, kept by name (6,551 people of the
    bench street share 452 names; every check after a newcomer read every person's
    again, 88 ms): what it says of a name is the same however many share it."""
    from db.ledger_names import loose_names

    people = [{"name": "阳光"}, {"name": "阳光"}, {"name": "王秀兰"}, {"name": "Wang"},
              {"name": "Wang Xiulan"}, {"name": ""}, {}]
    assert loose_names(people) == frozenset({"wang"})  # a Latin name of one word
    assert loose_names([{"name": "Wang"}] * 3) == frozenset({"wang"})
    assert loose_names([{"name": "秀兰 王"}]) == frozenset()  # 王秀兰 in the other order
