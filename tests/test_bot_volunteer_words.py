"""Words a volunteer or an admin read that sent them the wrong way: /roles (a volunteer
asking what she may do) was answered 您是想发送 /progress 吗？ (spelling alone); /grant's
usage listed the areas by their ids (xinguotu（新国土小区）), and the admin typed the id
from the example, though the commands take the names people say."""

from __future__ import annotations

from bot_harness import BotHarness


async def test_roles_typed_by_a_volunteer_offers_whoami_not_progress(repo):
    async with BotHarness(repo) as bot:
        said = await bot.send(101, "/roles")
    assert "/whoami" in said[-1].text and "/progress" not in said[-1].text, said[-1].text


async def test_roles_typed_in_the_volunteers_group_offers_whoami(repo):
    repo.link_group(next(p["id"] for p in repo.people() if p.get("telegram_id") == 101),
                    "east", -500)
    async with BotHarness(repo) as bot:
        said = await bot.send(101, "/roles", chat_id=-500)
    assert "/whoami" in said[-1].text and "/progress" not in said[-1].text, said[-1].text


async def test_the_grant_and_revoke_usage_name_the_areas_as_they_are_typed(repo):
    async with BotHarness(repo) as bot:
        grant = await bot.send(900, "/grant help")
        revoke = await bot.send(900, "/revoke help")
    for said in (grant[-1].text, revoke[-1].text):
        assert "管理区域有：东小区、西小区。" in said and "east" not in said, said
    assert "/grant 马红 volunteer 东小区 网格员" in grant[-1].text


async def test_an_area_name_from_the_usage_grants_the_role(repo):
    repo.ensure_person(5001)
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant 5001 volunteer 西小区 网格员")
    from db.people import volunteer_areas

    assert volunteer_areas(repo.person_by_telegram(5001)) == ["west"]


async def test_revoke_says_whose_role_ended_by_role_and_name_not_telegram_id(repo):
    """/revoke 103 volunteer west read 已完成：103 不再是西小区的志愿者: the id typed
    (900303 in the demo), which the admin had from a list and could not put a face to."""
    async with BotHarness(repo) as bot:
        said = await bot.send(900, "/revoke 103 volunteer west")
    [done] = [c.text for c in said if c.chat_id == 900 and "不再是" in c.text]
    assert done.startswith("已完成：网格员甲 丙志愿者 不再是西小区的志愿者"), done
    assert "103" not in done


async def test_grant_to_someone_without_a_name_says_their_number_not_telegram_id(repo):
    repo.ensure_person(5001)
    number = next(p["id"] for p in repo.people() if p.get("telegram_id") == 5001)
    async with BotHarness(repo) as bot:
        said = await bot.send(900, "/grant 5001 volunteer west 网格员")
    [done] = [c.text for c in said if c.chat_id == 900 and "现在是" in c.text]
    assert done.startswith(f"已完成：#{number} 现在是西小区的网格员"), done
    assert "5001" not in done


async def test_the_revoke_buttons_name_someone_without_a_name_by_number(repo):
    repo.ensure_person(5001)
    number = next(p["id"] for p in repo.people() if p.get("telegram_id") == 5001)
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant 5001 volunteer west 网格员")
        listed = await bot.send(900, "/revoke")
    labels = [label for label, _ in listed[-1].buttons()]
    assert any(f"#{number}" in label for label in labels), labels
    assert not any("5001" in label for label in labels), labels


async def test_grant_of_a_role_held_already_names_the_person_not_the_id_typed(repo):
    """/grant 103 volunteer west 网格员 to who holds it read 103 已经是西小区的网格员."""
    async with BotHarness(repo) as bot:
        same = await bot.send(900, "/grant 103 volunteer west 网格员")
        kept = await bot.send(900, "/grant 103 volunteer west")
    assert same[-1].text.startswith("丙志愿者 已经是西小区的网格员"), same[-1].text
    assert kept[-1].text.startswith("丙志愿者 已经是西小区的网格员"), kept[-1].text
    assert "/grant 103 volunteer 西小区 网格员" in kept[-1].text  # the example: as typed
