"""A payee that names a person goes into the public accounts for good: the ledger line
is chained as it is made and nothing masks it later. A grid worker typed 怡馨苑门卫老杨
(or 电工李师傅) as the payee, pressed 确认登记, and the second volunteer approved a post
that said nothing of it. Now the summary says the payee reads like a person and offers
改写 (the payee asked again) or 就这样提交; the approval post says so too. Companies and
jobs (清运公司, 环卫队, 电工（个人）) are recorded as before (db.payee_person)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from db.entries import Kind
from db.payee_person import person_called, plain_payee

SAID = ("收款方“怡馨苑门卫老杨”像是一个人的称呼。账目公开后永远不能改，"
        "建议写成“怡馨苑门卫（个人）”或单位名称。")


async def _summary(bot: BotHarness, payee: str, purpose: str = "楼门口换灯泡"):
    await bot.send(101, "/expense")
    await bot.send(101, "85.5")
    await bot.send(101, payee)
    await bot.send(101, purpose)
    await bot.press(101, "exp:cat:lighting")
    await bot.send_photo(101, jpeg_bytes())
    calls = await bot.press(101, "exp:pub:0")
    return calls[-1]


async def test_a_payee_naming_a_person_is_asked_about_before_it_is_recorded(repo):
    async with BotHarness(repo) as bot:
        summary = await _summary(bot, "怡馨苑门卫老杨")
        assert SAID in summary.text, summary.text
        assert summary.text.startswith("请核对这笔支出，点“就这样提交”后才会登记")
        labels = [label for label, _ in summary.buttons()]
        assert labels[:2] == ["改写", "就这样提交"], labels
        asked = await bot.press_label(101, "改写")
        assert repo.entries(kind=Kind.EXPENSE) == []
        again = await bot.send(101, "怡馨苑门卫（个人）")
        assert "像是一个人的称呼" not in again[-1].text
        await bot.press_label(101, "确认登记")
    [entry] = repo.entries(kind=Kind.EXPENSE)
    assert entry.data["payee"] == "怡馨苑门卫（个人）" and asked


async def test_recorded_as_it_is_the_approval_post_says_it_reads_like_a_person(repo):
    async with BotHarness(repo) as bot:
        await _summary(bot, "电工李师傅")
        await bot.press_label(101, "就这样提交")
        [entry] = repo.entries(kind=Kind.EXPENSE)
        queue = await bot.send(102, "/pending")
    assert entry.data["payee"] == "电工李师傅"
    post = "\n".join(c.text for c in queue if c.chat_id == 102 and f"#{entry.id} " in c.text)
    assert ("收款方“电工李师傅”像是一个人的称呼。账目公开后永远不能改：不妥的话请驳回，"
            "请登记人写成“电工（个人）”") in post, post


async def test_a_purpose_calling_someone_by_surname_is_asked_about_too(repo):
    async with BotHarness(repo) as bot:
        summary = await _summary(bot, "怡馨苑物管会", "付给老杨的1月门卫值班费")
        assert "用途里的“老杨”像是一个人的称呼。账目公开后永远不能改，建议写工种" in summary.text
        assert ("改写", "exp:fix:purpose") in summary.buttons()
        await bot.press_label(101, "就这样提交")
        [entry] = repo.entries(kind=Kind.EXPENSE)
        queue = await bot.send(102, "/pending")
    post = "\n".join(c.text for c in queue if c.chat_id == 102 and f"#{entry.id} " in c.text)
    assert "用途里的“老杨”像是一个人的称呼。账目公开后永远不能改：不妥的话请驳回。" in post


async def test_a_company_payee_is_recorded_as_before(repo):
    async with BotHarness(repo) as bot:
        summary = await _summary(bot, "怡馨苑环卫队")
        assert "像是一个人的称呼" not in summary.text
        assert [label for label, _ in summary.buttons()][0] == "确认登记"


@pytest.mark.parametrize("payee", [
    "清运公司", "某某建筑工程有限公司", "老王五金店", "李师傅家电维修部", "怡馨苑环卫队",
    "废品回收站", "家电维修中心", "光明电器维修部", "阳光物业", "城建小区物业", "市自来水厂",
    "电工（个人）", "电工", "保洁员", "门卫师傅", "水电工", "保洁阿姨", "小区保洁", "江南",
    "高峰", "个人", "五金商店", "供电局", "社区居委会", "苏宁", "万达", "华联", "黄河",
    "金星", "物管会主任委员"])
def test_companies_and_jobs_do_not_read_as_a_person(payee):
    assert person_called(payee) == []


@pytest.mark.parametrize(("payee", "words", "plain"), [
    ("怡馨苑门卫老杨", ["老杨"], "怡馨苑门卫（个人）"), ("电工李师傅", ["李师傅"], "电工（个人）"),
    ("小王", ["小王"], "个人"), ("张建国", ["张建国"], "个人"),
    ("电工张建国", ["张建国"], "电工（个人）"), ("物业公司王经理", ["王经理"], "物业公司（个人）"),
    ("保洁王阿姨", ["王阿姨"], "保洁（个人）"), ("刘先生", ["刘先生"], "个人"),
    ("李明", ["李明"], "个人"), ("王平", ["王平"], "个人")])
def test_a_person_called_by_name_or_nickname_reads_as_a_person(payee, words, plain):
    assert (person_called(payee), plain_payee(payee)) == (words, plain)


async def test_a_reversal_whose_reason_calls_someone_says_so_on_its_post(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    rev = repo.reverse("east", 1, pid(repo, 101), "老杨说这笔已经由社区付过了")
    async with BotHarness(repo) as bot:
        queue = await bot.send(102, "/pending")
    post = "\n".join(c.text for c in queue if c.chat_id == 102 and f"#{rev.id} " in c.text)
    assert "原因里的“老杨”像是一个人的称呼。账目公开后永远不能改：不妥的话请驳回。" in post, post
