"""A resident sends a photo at a step that takes none (the ledger line /ask asks for, a
vote's choice, the fee's summary): it was answered 这张照片没有保存：这一步不收照片, and
the photo was lost; she had to find it in her gallery again. A voice message there is kept
a day and offered (``bot.kept_voice``); now a photo is kept the same way
(``bot.kept_photos``), with 📝 用照片报事 under it, and the step is asked again. At a
report's building or summary step, where it plainly belongs to the report, it is added to
the report's photos."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident

from bot import said_photos
from db.entries import Kind

HOME = "c1/1/1/101"


def _texts(calls) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text or "" for c in calls)


async def test_a_photo_sent_at_a_step_that_takes_none_is_kept_and_offered(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask")
        told = await bot.send_photo(7001, jpeg_bytes())
        said = _texts(told)
        assert "没有保存" not in said, said
        assert "留着" in said and "这一步不收照片" in said, said
        assert said_photos.kept_of(bot.app.user_data[7001])
        offered = [label for c in told for label, _ in c.buttons()]
        assert "📝 用照片报事" in offered, offered
        assert "请按上面的账目" in told[-1].text  # the step asked again, last
        await bot.send(7001, "/cancel")
        await bot.press(7001, "rep:said")  # after the flow: the report starts with it
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道的灯坏了")
        await bot.press_label(7001, "完成")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 1


async def test_a_photo_at_the_reports_building_step_goes_with_the_report(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道的灯坏了")
        await bot.press_label(7001, "没有照片")
        told = await bot.send_photo(7001, jpeg_bytes())  # at 在哪里？
        assert "已加到这次报事" in _texts(told), _texts(told)
        assert any(data.startswith("rep:p") for _, data in told[-1].buttons())
        await bot.press(7001, "rep:pn")
        summary = await bot.send_photo(7001, jpeg_bytes(colour=(9, 9, 200)))  # at the summary
        assert "照片：2 张" in summary[-1].text, _texts(summary)
        await bot.press_label(7001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 2


async def test_a_photo_at_an_opinions_confirmation_goes_with_the_opinion(repo):
    """The photo of the broken bench her opinion is about, sent at its confirmation: it
    was kept apart for a report (用照片报事). It goes with the opinion, seen by the
    volunteers only, as photos kept before it do."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send(7001, "院子里的长椅坏了，建议换新的")
        told = await bot.send_photo(7001, jpeg_bytes())
        said = _texts(told)
        assert "用照片报事" not in said and "和您的意见一起" in said, said
        assert "照片：1 张" in told[-1].text, told[-1].text
        ok = next(d for _, d in told[-1].buttons() if d.startswith("op:ok"))
        await bot.press(7001, ok)
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert len(opinion.data["photos"]) == 1
