"""The bot mix's baselines in ``make bench``: python-telegram-bot alone taking a
flow's button step (answer the press, edit the message), as every button step of
the mix does, and how the mix's own steps are held against it."""

from __future__ import annotations

import bench.throughput as bench


async def test_the_step_baseline_answers_and_edits_for_every_press():
    app = bench.step_baseline()
    starts, presses = bench.step_updates(20, first_user=77_000)
    assert len(starts) == 4 and len(presses) == 20
    async with app:
        request = app.bot.request
        await bench.run_updates(app, starts)
        made = request.made
        await bench.run_updates(app, presses)
        assert request.made - made == 2 * len(presses)  # answerCallbackQuery + edit


async def test_the_baselines_make_their_calls_through_the_bots_own_bot():
    """python-telegram-bot's floor for the mix is measured with the Bot the bot uses
    (LazyBot, its answers read only when used): with the stock Bot, each answer made into
    a Message, the floor was one the bot does not stand on."""
    from bot.ptb_private import LazyBot

    app = bench.step_baseline()
    assert isinstance(app.bot, LazyBot)


def test_the_mix_s_own_steps_are_shown_beside_the_baseline():
    kinds = {"rep:cat": (10, 0.002, 0.002, 20), "reg:b": (10, 0.002, 0.002, 20),
             "pay:ok": (10, 0.02, 0.03, 60)}
    echo = (10, 0.001, 0.001, 10)
    text = bench.step_share(kinds, echo, step_rate=4_000, echo_rate=8_000)
    assert text.startswith("200 µs of event loop each, 50% of the echo")
    assert text.endswith("(python-telegram-bot's step: 50%)")
    assert bench.step_share({"pay:ok": kinds["pay:ok"]}, echo, 1, 1) == "not measured"


def test_the_synthetic_residents_vote_online_on_a_joint_matter_as_owners(tmp_path):
    """The mix's vote presses are votes cast: the street's residents are owners, so a
    joint matter (Civil Code art. 278) asks none of them how they stand to their home."""
    from bench.synthetic import generate, volunteer_tid

    repo, _ = generate(tmp_path / "street", areas=1, households_per_area=20, years=1)
    try:
        maker = repo.person_by_telegram(volunteer_tid(0, 0))
        joint = repo.create_proposal(maker["id"], "a0", title="增设停车位", description="",
                                     budget_fen=0, matter="other_major",
                                     deadline="2099-01-01")
        resident = next(p for p in repo.people() if p.get("household"))
        vote, _ = repo.cast_vote(resident["id"], joint.id, "agree")
        assert vote.data["proposal"] == joint.id
    finally:
        repo.close()
