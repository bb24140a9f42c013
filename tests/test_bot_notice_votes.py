"""/notice N: a volunteer in the field (who prints at a copy shop from her phone) gets
the paper notice (表决公告) of an open vote or election of her area from the bot, as a PDF
drawn by ``steward notice AREA --vote N`` in a process of its own (the site's own PDF
when its last build drew it from the same content); /notice alone offers the open
votes' notices with buttons beside the monthly one. Before, /notice 498 answered
用法：/notice 年-月 and /notice alone offered nothing but the monthly notice."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, past_deadline, pid

from bot.settings import Settings
from site_builder.notice_pdf import content_digest
from site_builder.vote_lookup import vote_notice_for


def _proposal(repo, area="east", volunteer=101, title="更换路灯", deadline="2099-12-31"):
    return repo.create_proposal(pid(repo, volunteer), area, title=title,
                                description="把院里 6 盏路灯换成 LED", budget_fen=360000,
                                matter="everyday", deadline=deadline)


def _documents(calls):
    return [c for c in calls if c.method == "sendDocument"]


def _file(call):
    [(name, body)] = call.params["_files"].values()
    return name, body


async def test_a_volunteer_gets_an_open_votes_notice_by_its_number_and_by_its_button(repo):
    p = _proposal(repo)
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（网格员）"],
                           deadline="2099-12-31")
    async with BotHarness(repo) as bot:
        typed = await bot.send(101, f"/notice {p.id}")
        offered = await bot.send(101, "/notice")
        pressed = await bot.press(101, f"ntc:v:{e.id}")
    [doc] = _documents(typed)
    name, body = _file(doc)
    assert name == f"vote-east-{p.id}.pdf" and body.startswith(b"%PDF")
    assert doc.chat_id == 101 and f"提议 #{p.id} 的表决公告" in doc.text and "A4" in doc.text
    offer = [c for c in offered if c.buttons()][-1]
    assert "表决公告" in offer.text
    assert [d for _, d in offer.buttons()] == [f"ntc:v:{p.id}", f"ntc:v:{e.id}"]
    assert any("选举 #" in label and "第一届物管会选举" in label for label, _ in offer.buttons())
    [doc] = _documents(pressed)
    assert _file(doc)[0] == f"vote-east-{e.id}.pdf" and f"选举 #{e.id}" in doc.text


async def test_a_closed_vote_another_areas_a_missing_one_and_a_resident_are_refused(repo):
    west = _proposal(repo, area="west", volunteer=103, title="西区修路")
    closed = _proposal(repo, deadline="2025-01-31")
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    past_deadline(repo, closed.id)
    async with BotHarness(repo) as bot:
        other = await bot.send(101, f"/notice {west.id}")
        forged = await bot.press(101, f"ntc:v:{west.id}")
        over = await bot.send(101, f"/notice #{closed.id}")
        missing = await bot.send(101, "/notice 9999")
        resident = await bot.send(5001, f"/notice {closed.id}")
        english = await bot.send(103, f"/notice {west.id}")  # his own: drawn
    for calls in (other, forged, over, missing, resident):
        assert not _documents(calls)
    assert "不是您负责的区域的" in other[-1].text and "西小区" in other[-1].text
    assert "不是您负责的区域的" in forged[-1].text
    assert "投票已经结束" in over[-1].text
    assert "没有编号为 #9999 的表决或选举" in missing[-1].text
    assert "志愿者和监督员" in resident[-1].text
    assert _file(_documents(english)[0])[0] == f"vote-west-{west.id}.pdf"


async def test_the_sites_own_pdf_is_sent_when_current_and_drawn_again_when_not(repo, tmp_path):
    p = _proposal(repo)
    kept = tmp_path / "project" / "content" / "downloads" / "east" / f"vote-{p.id}.pdf"
    kept.parent.mkdir(parents=True)
    digest = content_digest(vote_notice_for(repo, "east", p.id))
    kept.write_bytes(b"%PDF-1.4 the site's own steward-notice " + digest.encode())
    settings = Settings(token="123:TEST", data_dir=repo.store.root,
                        project_dir=tmp_path / "project")
    async with BotHarness(repo, settings=settings) as bot:
        current = await bot.send(101, f"/notice {p.id}")
        kept.write_bytes(b"%PDF-1.4 an older build steward-notice " + b"0" * 64)
        stale = await bot.send(101, f"/notice {p.id}")
    assert _file(_documents(current)[0])[1].startswith(b"%PDF-1.4 the site's own")
    body = _file(_documents(stale)[0])[1]
    assert body.startswith(b"%PDF") and b"older build" not in body


def _election(repo, area="east", volunteer=101):
    return repo.open_election(pid(repo, volunteer), area, title="第一届物管会选举", seats=1,
                              candidates=["候选人甲（退休教师）", "候选人乙（网格员）"],
                              deadline="2099-12-31")


async def test_the_offer_says_beside_the_monthly_notice_only_when_there_is_one(repo):
    """An area with no accounts yet (a new one electing its first committee) has no
    monthly notice: /notice said so, then offered the vote's notice 贴在公示单旁边, beside
    a notice there is not. Now it says to put it up on the bulletin board; beside the
    monthly one only once that was sent."""
    from datetime import datetime

    from db.core import CHINA_TZ
    from db.entries import Kind

    e = _election(repo)
    async with BotHarness(repo) as bot:
        alone = await bot.send(101, "/notice")
        several = await bot.send(900, "/notice")  # the admin: which area first
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
        repo.approve(spent.id, pid(repo, 102))
        repo.clock.now = datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ)  # January is over
        beside = await bot.send(101, "/notice")
    assert "东小区的账目还没有任何一笔，所以还没有公示单" in alone[0].text
    [offer] = [c for c in alone if c.buttons()]
    assert "贴在公示栏里" in offer.text and "公示单旁边" not in offer.text
    assert [d for _, d in offer.buttons()] == [f"ntc:v:{e.id}"]
    [asked] = [c for c in several if c.buttons()]
    assert "贴在公示栏里" in asked.text and "公示单旁边" not in asked.text
    assert _documents(beside) and _file(_documents(beside)[0])[0] == "notice-east-2025-01.pdf"
    [offer] = [c for c in beside if c.buttons()]
    assert "贴在公示单旁边" in offer.text
