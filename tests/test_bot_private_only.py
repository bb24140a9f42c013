"""What is kept about a person is said only in her private chat with the bot. /mydata
sent in a group (the compound's chat the bot is in, the volunteers' group) posted her
name, phone, household and every entry there for all to read, and its 📄 button sent
the file of it all into the group with the caption "Only you received this file"; /mine
listed her entries and her household's fees there; /forget asked there. Now each says,
in the group, to send it in a private chat, and shows nothing."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident

GROUP = -5000
HOME = "c1/1/1/101"


@pytest.mark.parametrize("command", ["/mydata", "/mine", "/forget", "/unpublish"])
async def test_a_personal_command_in_a_group_shows_nothing_there(repo, command):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.ensure_person(7001)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, command, chat_id=GROUP)
    there = [c for c in calls if c.chat_id == GROUP]
    said = "\n".join(c.text for c in there)
    assert "私聊" in said, said
    assert "东小区 1号楼 1单元 101" not in said and "101" not in said, said
    assert not any(c.buttons() for c in there), [c.buttons() for c in there]
    assert not [c for c in calls if c.method == "sendDocument"]


async def test_the_mydata_file_button_pressed_in_a_group_sends_no_file_there(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        file = await bot.press(7001, "md:file", chat_id=GROUP)
        page = await bot.press(7001, "md:p:2", chat_id=GROUP)
    assert not [c for c in file + page if c.method in ("sendDocument", "sendMessage")
                and c.chat_id == GROUP and "101" in c.text]
    assert not [c for c in file if c.method == "sendDocument"]


async def test_mydata_in_the_private_chat_is_as_before(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mydata")
        file = await bot.press(7001, "md:file")
    assert "东小区 1号楼 1单元 101" in calls[0].text
    assert [c for c in file if c.method == "sendDocument" and c.chat_id == 7001]


def _waiting(repo):
    from db.entries import Kind
    author = confirmed_resident(repo, 7001, HOME, 101)
    return repo.submit(author, Kind.ISSUE, "east", {"category": "lighting",
                                                    "text": "502室门口的灯坏了T1X"})


async def test_pending_in_a_group_not_linked_to_her_areas_lists_nothing_there(repo):
    """/pending typed in the compound's chat (not the volunteers' group) posted every
    waiting report's words, registration and fee there, with Approve buttons."""
    _waiting(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/pending", chat_id=GROUP)
    said = "\n".join(c.text for c in calls if c.chat_id == GROUP)
    assert "T1X" not in said and "志愿者群" in said, said
    assert not any(c.buttons() for c in calls if c.chat_id == GROUP)


async def test_pending_in_the_areas_volunteers_group_lists_what_waits_there(repo):
    from conftest import pid
    waiting = _waiting(repo)
    repo.link_group(pid(repo, 101), "east", GROUP - 1)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending", chat_id=GROUP - 1)
    assert any(f"#{waiting.id}" in c.text and "T1X" in c.text for c in calls
               if c.chat_id == GROUP - 1), [c.text for c in calls]


def _vote(repo):
    from conftest import pid
    return repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


@pytest.mark.parametrize("typed", ["/paper {id}", "/paper {id} 1/1/101 同意", "/paper",
                                   "/unpaid 卫生费 2025"])
async def test_door_lists_in_a_group_not_linked_to_her_areas_name_no_household(repo, typed):
    """/paper 5 in the compound's chat listed the flats that had not voted, /paper 5
    1/1/101 同意 said there how 101 signed, /unpaid the flats that had not paid."""
    from db.entries import Kind
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, typed.format(id=vote.id), chat_id=GROUP)
        pressed = await bot.press(101, f"pd:c:{vote.id}:0:agree", chat_id=GROUP)
    said = "\n".join(c.text for c in calls + pressed if c.chat_id == GROUP)
    assert "101" not in said and "102" not in said and "志愿者群" in said, said
    assert not any(c.buttons() for c in calls + pressed if c.chat_id == GROUP)
    assert not repo.entries(kind=Kind.VOTE)


@pytest.mark.parametrize("typed", ["/paper {id}", "/paper {id} 1/1/101 同意",
                                   "/unpaid 卫生费 2025", "/income", "/proxy"])
async def test_door_lists_and_household_flows_in_the_areas_volunteers_group_name_no_household(
        repo, typed):
    """The linked volunteers' group too may hold anyone (the bot cannot know who), and a
    resident agreed to her home being seen by her area's volunteers only: /paper 5 there
    listed 101、102、201 (the flats that had not voted), /unpaid the flats that had not
    paid, /income and /proxy picked a household by its room in front of the group. Each
    now says to send it privately (bot.group_post); in a private chat they work as
    before."""
    from conftest import pid
    vote = _vote(repo)
    repo.link_group(pid(repo, 101), "east", GROUP - 1)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, typed.format(id=vote.id), chat_id=GROUP - 1)
        private = await bot.send(102, f"/paper {vote.id}")
    said = "\n".join(c.text for c in calls if c.chat_id == GROUP - 1)
    assert "101" not in said and "102" not in said and "私聊" in said, said
    assert not any(c.buttons() for c in calls if c.chat_id == GROUP - 1)
    assert any("101、102、201" in c.text for c in private), [c.text for c in private]


@pytest.mark.parametrize("command", ["/start", "/whoami"])
async def test_start_and_whoami_in_a_group_say_nothing_of_her_home_there(repo, command):
    """/start typed in the compound's chat said 您的住户：东小区 1号楼 1单元 101 there
    (a newcomer's: the compounds to pick her flat from, in front of everyone); /whoami
    her Telegram number and her flat."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, command, chat_id=GROUP)
        newcomer = await bot.send(7005, command, chat_id=GROUP)
    there = [c for c in calls + newcomer if c.chat_id == GROUP]
    said = "\n".join(c.text for c in there)
    assert "101" not in said and "7001" not in said and "私聊" in said, said
    assert not any(c.buttons() for c in there), [c.buttons() for c in there]


@pytest.mark.parametrize("command", ["/report", "/pay", "/opinion"])
async def test_a_residents_flow_is_not_started_in_a_group(repo, command):
    """/pay typed in the compound's chat went on there, its summary saying 住户：东小区
    1号楼 1单元 101 to the whole group (a report's and an opinion's likewise)."""
    confirmed_resident(repo, 7001, HOME, 101)  # she agreed to the notice: flows start
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, command, chat_id=GROUP)
    there = [c for c in calls if c.chat_id == GROUP]
    said = "\n".join(c.text for c in there)
    assert "私聊" in said, said
    assert not any(c.buttons() for c in there), [c.buttons() for c in there]


@pytest.mark.parametrize("command", ["/income", "/proxy", "/expense"])
async def test_a_volunteers_money_or_proxy_flow_is_not_started_in_another_group(repo, command):
    """/income or /proxy typed in the compound's chat went on there: its rooms, the
    household a fee or a vote was for, and the summary, in front of the whole group."""
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, command, chat_id=GROUP)
    there = [c for c in calls if c.chat_id == GROUP]
    said = "\n".join(c.text for c in there)
    assert "志愿者群" in said, said
    assert not any(c.buttons() for c in there), [c.buttons() for c in there]


@pytest.mark.parametrize(("command", "what"), [("/income", "不在这里登记收费"),
                                               ("/expense", "不在这里登记支出"),
                                               ("/proxy", "不在这里代住户登记")])
async def test_a_money_or_proxy_flow_refused_in_another_group_says_what_it_would_show(
        repo, command, what):
    """/expense in the compound's chat was refused with the households' words (不列出任何
    住户（谁还没交费、没投票，哪户签了什么）), nothing an expense shows; each now says what
    it keeps out of the group, and where to send the command."""
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, command, chat_id=GROUP)
    said = "\n".join(c.text for c in calls if c.chat_id == GROUP)
    assert what in said and command in said and "志愿者群" in said, said
    assert "谁还没交费" not in said and "没投票" not in said, said


async def test_expense_in_the_areas_volunteers_group_starts_as_before(repo):
    """An expense names no household: it goes on in the linked group."""
    from conftest import pid
    repo.link_group(pid(repo, 101), "east", GROUP - 1)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/expense", chat_id=GROUP - 1)
    assert any(c.buttons() for c in calls if c.chat_id == GROUP - 1), [c.text for c in calls]


async def test_a_households_vote_is_never_said_or_cast_in_a_group(repo):
    """/vote typed in the compound's chat listed the proposals there with 您家已投：反对
    under each, and its buttons, pressed there by anyone, cast their household's vote and
    said in the group how it had voted before and now."""
    from db.entries import Kind
    proposal = _vote(repo)
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"vote:{proposal.id}:disagree")  # in her private chat
        listed = await bot.send(7001, "/vote", chat_id=GROUP)
        pressed = await bot.press(7001, f"vote:{proposal.id}:agree", chat_id=GROUP)
    there = [c for c in listed + pressed if c.chat_id == GROUP]
    said = "\n".join(c.text for c in there)
    assert "反对" not in said and "同意" not in said and "私聊" in said, said
    assert not any(c.buttons() for c in there)
    [vote] = [v for v in repo.entries(kind=Kind.VOTE) if v.status == "current"] or \
        repo.entries(kind=Kind.VOTE)
    assert vote.data["choice"] == "disagree"


async def test_a_typed_choices_proposal_button_pressed_in_a_group_shows_nothing(repo):
    proposal = _vote(repo)
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.press(7001, f"vt:{proposal.id}:agree", chat_id=GROUP)
    assert not [c for c in calls if c.method == "sendMessage"], [c.text for c in calls]
