"""A confirmation applies to the draft its summary showed (bot/flows.py rule 7):
when the draft kept is another one — restored from an older backup, say — a
press of the summary's button saves nothing and shows the summary of the draft
kept, to be confirmed anew. The flows of elections, modes and announcements."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind

ADMIN, VOLUNTEER = 900, 102
SAID = "这次没有保存"


def texts(calls, chat):
    return "\n".join(c.text for c in calls if c.chat_id == chat and c.text)


def sealed_button(calls, chat, confirm):
    [data] = [d for c in calls if c.chat_id == chat for _, d in c.buttons()
              if d.startswith(confirm + "~")]
    return data


def restore(bot, chat, flow, **fields):
    """The draft as an older backup would hold it."""
    bot.app.user_data[chat][f"flow:{flow}"].update(fields)


async def test_a_mode_change_confirmed_under_another_summary_is_not_recorded(repo):
    async with BotHarness(repo) as bot:
        shown = await bot.send(ADMIN, "/mode west 物管会 居民推选物管会")
        go = sealed_button(shown, ADMIN, "mode:ok:1")
        restore(bot, ADMIN, "mode", mode="party_branch", reason="成立小区党支部")
        again = await bot.press(ADMIN, go)
        assert SAID in texts(again, ADMIN) and "社区托管 → 小区党支部" in again[-1].text
        assert len(repo.mode_history("west")) == 1  # nothing recorded
        assert await bot.press(ADMIN, go) and len(repo.mode_history("west")) == 1  # nor now
        done = await bot.press(ADMIN, sealed_button(again, ADMIN, "mode:ok:1"))
    assert "小区党支部" in done[-1].text
    assert [h["mode"] for h in repo.mode_history("west")] == ["trusteeship", "party_branch"]


async def test_an_election_opened_under_another_summary_is_not_opened(repo):
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/election")
        await bot.send(VOLUNTEER, "第一届物管会选举")
        await bot.send(VOLUNTEER, "2")
        await bot.send(VOLUNTEER, "候选人甲（退休教师）\n候选人乙（网格员）")
        await bot.press(VOLUNTEER, "elx:cand:done")
        shown = await bot.press(VOLUNTEER, "elx:days:14")
        go = sealed_button(shown, VOLUNTEER, "elx:ok:1")
        restore(bot, VOLUNTEER, "election", title="第二届物管会选举")
        again = await bot.press(VOLUNTEER, go)
        assert SAID in texts(again, VOLUNTEER) and "第二届物管会选举" in again[-1].text
        assert not [e for e in repo.entries(kind=Kind.PROPOSAL) if e.data.get("election")]
        await bot.press(VOLUNTEER, sealed_button(again, VOLUNTEER, "elx:ok:1"))
    [e] = [e for e in repo.entries(kind=Kind.PROPOSAL) if e.data.get("election")]
    assert e.data["title"] == "第二届物管会选举"


async def test_an_announcement_sent_under_another_preview_is_not_sent(repo):
    async with BotHarness(repo) as bot:
        shown = await bot.send(VOLUNTEER, "/announce east 周六上午停水，请提前储水。")
        go = sealed_button(shown, VOLUNTEER, "an:ok:1")
        restore(bot, VOLUNTEER, "announce", text="周日下午停电。")
        again = await bot.press(VOLUNTEER, go)
        assert SAID in texts(again, VOLUNTEER) and "周日下午停电。" in again[-1].text
        assert repo.entries(kind=Kind.ANNOUNCEMENT) == []
        await bot.press(VOLUNTEER, sealed_button(again, VOLUNTEER, "an:ok:1"))
    [a] = repo.entries(kind=Kind.ANNOUNCEMENT)
    assert a.data["text"] == "周日下午停电。"


async def test_cancel_under_a_summary_saves_nothing_whatever_the_draft(repo):
    async with BotHarness(repo) as bot:
        shown = await bot.send(ADMIN, "/mode west 物管会 居民推选物管会")
        restore(bot, ADMIN, "mode", reason="另一个理由")
        [stop] = [d for c in shown for _, d in c.buttons() if d.startswith("mode:ok:0")]
        done = await bot.press(ADMIN, stop)
        assert "已取消" in done[-1].text
        late = await bot.press(ADMIN, sealed_button(shown, ADMIN, "mode:ok:1"))
    assert late and len(repo.mode_history("west")) == 1


async def test_the_admin_names_the_new_steward_body_before_recording_a_change_of_mode(repo):
    before = repo.street.area("west").steward
    async with BotHarness(repo) as bot:
        shown = await bot.send(ADMIN, "/mode west 物管会 居民推选物管会")
        assert f"管理主体：{before}（不变）" in shown[-1].text
        await bot.press_label(ADMIN, "更改管理主体")
        long = await bot.send(ADMIN, "物" * 61)
        assert "不超过 60 个字" in long[-1].text
        again = await bot.send(ADMIN, "西小区物管会")
        assert f"管理主体：{before} → 西小区物管会" in again[-1].text
        assert repo.street.area("west").steward == before  # not before confirming
        done = await bot.press_label(ADMIN, "记录这一变化")
    assert "管理方式为物管会" in done[-1].text
    assert repo.street.area("west").steward == "西小区物管会"
