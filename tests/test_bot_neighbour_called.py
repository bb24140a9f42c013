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
    assert "“李大爷”、“王奶奶”像是在用姓氏称呼某个人，公开后街坊都认得出是谁" in post
    assert "🙈 隐去名字…" in post


async def test_once_hidden_or_for_a_job_the_post_says_nothing(repo):
    entry = _report(repo, "李大爷家厨房下水堵了，保安大爷也知道")
    repo.hide_words(entry.id, pid(repo, 101), ["李大爷"])
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/pending")
    assert "像是在用姓氏称呼某个人" not in listed[-1].text


def test_neighbours_called_reads_surname_and_kin_title_not_a_job():
    assert neighbours_called("2单元302王奶奶说楼道灯又不亮了") == ["王奶奶"]
    assert neighbours_called("张阿姨和王奶奶，还有张阿姨") == ["张阿姨", "王奶奶"]
    assert neighbours_called("门卫大爷和保安大爷说，保洁阿姨来过") == []
    assert neighbours_called(None) == []


# -- every kind of entry a volunteer approves into public words (walk109) ----------------


def _ledger_line(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))


async def _post(repo, entry_id, who=102):
    async with BotHarness(repo) as bot:
        listed = await bot.send(who, "/pending")
    [post] = [c.text for c in listed if f"#{entry_id} " in c.text]
    return post


async def test_a_waiting_question_calling_a_worker_by_surname_says_so_on_its_post(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    _ledger_line(repo)
    q = repo.ask(pid(repo, 5001), "east", "line", 1, "这钱是不是给了门卫老杨？")
    post = await _post(repo, q.id)
    assert "“老杨”像是在用姓氏称呼某个人，公开后街坊都认得出是谁" in post
    assert "🙈 隐去名字…" in post


async def test_waiting_minutes_calling_neighbours_by_surname_say_so_on_their_post(repo):
    m = repo.record_meeting(pid(repo, 101), "east", meeting_kind="diagnosis",
                            date="2025-01-01", place="活动室", roles=["网格员"], residents=3,
                            topics="小王家漏水，李大爷反映路灯", decisions="请电工李师傅换灯")
    post = await _post(repo, m.id)
    assert "“小王”、“李大爷”、“李师傅”像是在用姓氏称呼某个人" in post


async def test_a_waiting_correction_calling_a_neighbour_by_surname_says_so_on_its_post(repo):
    entry = _report(repo, "楼道堆满了杂物")
    repo.approve(entry.id, pid(repo, 101))
    fix = repo.correct(pid(repo, 5001), entry.id, "老杨家把杂物堆在三楼楼道")
    post = await _post(repo, fix.id)
    assert "“老杨”像是在用姓氏称呼某个人" in post


async def test_minutes_with_a_name_hidden_say_nothing_of_it(repo):
    m = repo.record_meeting(pid(repo, 101), "east", meeting_kind="diagnosis",
                            date="2025-01-01", place="活动室", roles=["网格员"], residents=3,
                            topics="老杨家漏水", decisions="修")
    repo.hide_words(m.id, pid(repo, 102), ["老杨"])
    assert "像是在称呼" not in await _post(repo, m.id)


# -- what reads as a person called by surname, and what does not -------------------------

ORDINARY = (
    "老人", "老师", "小区", "小孩", "老旧", "小时", "老化", "小心", "小时候", "老年人", "小卖部",
    "老百姓", "小朋友", "老伴", "小组", "老板", "小学", "老乡", "小伙子", "老公", "小吃", "老鼠",
    "老式", "小型", "老旧小区", "小广告", "老楼", "老房子", "老党员", "小程序", "老管道", "小于",
    "小计", "小康", "小孔", "小米", "小车", "小包", "小费", "小叶", "小花园", "小石头", "井盖",
    "老井盖", "小房间", "小方桌", "一小段路", "大小车辆", "养老金", "敬老院", "老毛病", "老路灯",
    "小商贩", "小高层", "老单元", "小单元", "小项目", "老项目", "老司机", "老沙发", "老衣柜",
    "老江湖", "老关系", "保安师傅", "门卫师傅", "水管师傅", "这位师傅", "那位师傅", "环卫师傅",
    "修车师傅", "工程师傅", "门房师傅", "物管师傅", "老师傅", "小师傅", "保安大爷", "门卫大爷",
    "老龄化", "小龙虾", "小黄车", "小白菜", "小时工", "老练", "老花眼", "老成", "小雨", "老天",
    "每天一小时", "水管老化", "路灯老化了要换", "小区门口的老人", "老师和小孩", "小心地滑",
    "物业公司", "清运公司", "保洁阿姨", "维修师傅", "电工师傅")
CALLED = {
    "门卫老杨说": ["老杨"], "小王来修的": ["小王"], "电工李师傅换了灯": ["李师傅"],
    "老李师傅": ["老李师傅"], "张阿姨和小刘": ["张阿姨", "小刘"], "找老陈": ["老陈"],
    "王奶奶家": ["王奶奶"], "杨师傅说明天来": ["杨师傅"], "小赵和老周吵架": ["小赵", "老周"],
}


def test_ordinary_words_with_old_small_or_master_call_no_one():
    called = {w: neighbours_called(w) for w in ORDINARY}
    assert {w: c for w, c in called.items() if c} == {}


def test_a_surname_after_old_or_small_or_before_master_calls_a_person():
    assert {t: neighbours_called(t) for t in CALLED} == CALLED
