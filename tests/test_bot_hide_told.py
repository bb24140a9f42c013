"""Who is told when /hide takes words off the site. The author of an entry is told which
of her own words the site no longer shows (bot.handlers.hide_names). A volunteer's
words on her entry are not hers: after /progress 148 已请电工老杨明天来看 and
/hide 148 老杨, the resident who reported 148 read 志愿者在网站上隐去了您的报事 #148
中的“老杨”, though nothing she wrote was touched. Now she is told only of words of
her own (her report, her correction of it); a volunteer's step note, or an answer to
her question, hidden alone tells her nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.hidden_names import hidden_of
from db.redact import NAME_MASK

TOLD = "保护他人隐私"  # the opening of what the author is told


def _report(repo, text="楼道灯不亮，王大明说是线路老化"):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})
    return repo.approve(entry.id, pid(repo, 102))


def _to(calls, chat_id):
    return [c for c in calls if c.chat_id == chat_id and c.method == "sendMessage"]


async def test_hiding_a_word_of_a_volunteers_step_note_does_not_tell_the_reporter(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/progress {entry.id} 已请电工老杨明天来看")
        await bot.press_label(101, "照发")  # asked first: test_bot_called_ask
        calls = await bot.send(101, f"/hide {entry.id} 老杨")
    assert hidden_of(repo.entry(entry.id)) == ["老杨"]
    assert not [c for c in _to(calls, 5001) if TOLD in c.text]
    assert "老杨" in _to(calls, 101)[-1].text  # the volunteer is told it is hidden


async def test_hiding_her_words_and_a_notes_at_once_tells_her_only_of_hers(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/progress {entry.id} 已请电工老杨明天来看")
        await bot.press_label(101, "照发")  # asked first: test_bot_called_ask
        calls = await bot.send(101, f"/hide {entry.id} 老杨 王大明")
    [told] = [c for c in _to(calls, 5001) if TOLD in c.text]
    assert "“王大明”" in told.text and "老杨" not in told.text


async def test_her_own_words_hidden_after_a_notes_are_still_told(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/progress {entry.id} 已请电工老杨明天来看")
        await bot.press_label(101, "照发")  # asked first: test_bot_called_ask
        first = await bot.send(101, f"/hide {entry.id} 老杨")
        then = await bot.send(102, f"/hide {entry.id} 王大明")
    assert not [c for c in _to(first, 5001) if TOLD in c.text]
    [told] = [c for c in _to(then, 5001) if TOLD in c.text]
    assert "“王大明”" in told.text and "老杨" not in told.text


async def test_hiding_a_word_of_the_answer_to_her_question_does_not_tell_her(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.ask(pid(repo, 5001), "east", "line", 1, "这笔钱给了谁？")
    repo.approve(q.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/answer {q.id} 付给清运公司，是张阿姨联系的")
        await bot.press_label(102, "照发")  # asked first: test_bot_called_ask_replies
        calls = await bot.send(102, f"/hide {q.id} 张阿姨")
    assert hidden_of(repo.entry(q.id)) == ["张阿姨"]
    assert not [c for c in _to(calls, 5001) if TOLD in c.text]


async def test_a_word_of_her_own_correction_hidden_on_her_report_is_told(repo):
    entry = _report(repo, "楼道灯不亮")
    fixed = repo.correct(pid(repo, 5001), entry.id, "楼道灯不亮，王大明说是线路老化")
    repo.approve(fixed.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/hide {entry.id} 王大明")
    [told] = [c for c in _to(calls, 5001) if TOLD in c.text]
    assert "“王大明”" in told.text


async def test_the_volunteer_reads_the_note_a_word_was_hidden_in_as_the_site_will(repo):
    # she read only the report's words (楼道灯不亮…), where nothing changed
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/progress {entry.id} 已请电工老杨明天来看")
        await bot.press_label(101, "照发")  # asked first: test_bot_called_ask
        calls = await bot.send(101, f"/hide {entry.id} 老杨")
    told = _to(calls, 101)[-1].text
    assert f"楼道灯不亮，王大明说是线路老化\n已请电工{NAME_MASK}明天来看" in told


async def test_mydata_lists_under_her_report_only_the_hidden_words_she_wrote(repo):
    # it listed 志愿者在网站上隐去了：“老杨”、“王大明” under her report, 老杨 from a
    # volunteer's note she never wrote
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/progress {entry.id} 已请电工老杨明天来看")
        await bot.press_label(101, "照发")  # asked first: test_bot_called_ask
        await bot.send(101, f"/hide {entry.id} 老杨 王大明")
        mine = await bot.send(5001, "/mydata")
    [listed] = [c.text for c in mine if "志愿者在网站上隐去了" in c.text]
    assert "志愿者在网站上隐去了：“王大明”" in listed and "老杨" not in listed


async def test_mydata_lists_a_hidden_word_of_her_correction_under_her_report(repo):
    entry = _report(repo, "楼道灯不亮")
    fixed = repo.correct(pid(repo, 5001), entry.id, "楼道灯不亮，王大明说是线路老化")
    repo.approve(fixed.id, pid(repo, 102))
    repo.hide_words(entry.id, pid(repo, 101), ["王大明"])
    async with BotHarness(repo) as bot:
        mine = await bot.send(5001, "/mydata")
    assert any("志愿者在网站上隐去了：“王大明”" in c.text for c in mine)
