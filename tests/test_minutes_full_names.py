"""Minutes saying 决定：由王建国负责催缴 were approved and published with the name: only
registered names and surnames called (老杨, 李师傅) were caught. Now the post that asks
another volunteer to approve them says the name reads like a person's full name, with
the /hide command, and the recorder's summary says so before she submits them. Ordinary
words (王府井, 张贴, 李子树, the demo's minutes, the guides) say nothing."""

from __future__ import annotations

import glob
import re

from bot_harness import BotHarness
from conftest import pid

from db.full_names import full_names


def _minutes(repo, topics, decisions):
    return repo.record_meeting(pid(repo, 101), "east", meeting_kind="diagnosis",
                               date="2025-01-01", place="活动室", roles=["网格员"], residents=3,
                               topics=topics, decisions=decisions)


async def _post(repo, entry_id, who=102):
    async with BotHarness(repo) as bot:
        listed = await bot.send(who, "/pending")
    [post] = [c.text for c in listed if f"#{entry_id} " in c.text]
    return post


async def test_waiting_minutes_with_a_full_name_say_so_with_the_hide_command(repo):
    m = _minutes(repo, "物业费催缴", "决定：由王建国负责催缴，周桂兰同意")
    post = await _post(repo, m.id)
    assert "“王建国”、“周桂兰”像是一个人的全名，会议纪要公开后一直留在网站上" in post
    assert f"/hide {m.id} 王建国 周桂兰" in post


async def test_a_full_name_hidden_or_ordinary_words_say_nothing(repo):
    m = _minutes(repo, "王府井的店在楼道张贴通知", "院里的李子树由王建国负责修剪")
    repo.hide_words(m.id, pid(repo, 102), ["王建国"])
    assert "全名" not in await _post(repo, m.id)


async def test_the_recorder_is_told_of_a_full_name_before_submitting(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/meeting")
        await bot.press_label(101, "会诊")
        await bot.press_label(101, "今天")
        for typed in ("社区活动室", "网格员", "12", "物业费催缴", "下一步", "由王建国负责催缴"):
            await bot.send(101, typed)
        await bot.press_label(101, "无")
        calls = await bot.press_label(101, "跳过")
    summary = "\n".join(c.text for c in calls if c.chat_id == 101)
    assert "“王建国”像是一个人的全名" in summary


ORDINARY = ("王府井的店", "在楼道张贴通知", "院里的李子树结果了", "陈述了意见", "林荫道",
            "朱红色大门", "华为手机", "周末开会", "高层住户反映电梯", "井盖松了", "苗圃",
            "请电工李师傅换灯", "门卫老杨")


def test_ordinary_words_read_as_no_full_name():
    assert {t: full_names(t) for t in ORDINARY} == {t: [] for t in ORDINARY}
    assert full_names("决定：由王建国负责催缴，黄志强对接") == ["王建国", "黄志强"]


def test_the_demos_minutes_and_the_guides_name_almost_no_one():
    sentences = [s for f in [*glob.glob("content/guides/*.md"), *glob.glob("bot/demo*.py")]
                 for s in re.split(r"[。；\n]", open(f, encoding="utf-8").read())
                 if re.search(r"[\u4e00-\u9fff]{4}", s)]
    found = [w for s in sentences for w in full_names(s)]
    examples = {"王芳", "李建国", "张建国", "王秀兰", "孙玉梅", "张建华"}  # names, on purpose
    wrong = [w for w in found if w not in examples]
    assert len(sentences) > 1000 and len(wrong) <= 3, wrong
