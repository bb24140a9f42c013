"""The bot's publisher neither signs nor builds on a head log cut at its end while the bot
runs (``db.heads_cut``): before, signing failed but the site was built all the same,
publishing the log without the records cut; now the admins are told what was found and
that nothing was signed or published."""

from __future__ import annotations

from heads_support import money
from test_bot_publish import FakeBuild
from test_bot_witness import harness
from test_head_log_cut import _cut_last

from db.heads import HEAD_LOG


async def test_the_publisher_signs_and_publishes_nothing_on_a_cut_head_log(repo, tmp_path):
    data = repo.store.root
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild()
        money(repo, "east", 12000)
        await bot.send(102, "/publish")
        money(repo, "east", 300)
        await bot.send(102, "/publish")
        before = _cut_last(data)
        money(repo, "east", 700)
        build = bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(102, "/publish")
        told = bot.texts_to(900)
        asked = bot.texts_to(102)
    assert build.calls == []  # nothing published
    assert (data / HEAD_LOG).read_bytes() == before  # nothing signed
    assert any("被截短了" in t and "Nothing was signed or published" in t for t in told), told
    assert any("被截短了" in t for t in asked), asked


async def test_the_publisher_is_as_strict_as_verify_when_heads_seen_goes_with_the_cut(repo,
                                                                                    tmp_path):
    """The records cut and ``heads.seen`` removed with them while the bot runs: the start
    check's mark still tells. Before, the signer and the publisher asked ``heads.seen``
    only, and signed a new record in the place of the one cut."""
    from db.heads_cut import SEEN_FILE

    data = repo.store.root
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild()
        money(repo, "east", 12000)
        await bot.send(102, "/publish")
        money(repo, "east", 300)
        await bot.send(102, "/publish")
        repo.check_at_start()  # as at the bot's start: it marks the records verified
        before = _cut_last(data)
        (data / SEEN_FILE).unlink()
        money(repo, "east", 700)
        build = bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(102, "/publish")
        told = bot.texts_to(900)
    assert build.calls == []  # nothing published
    assert (data / HEAD_LOG).read_bytes() == before  # nothing signed
    assert any("被截短了" in t and "Nothing was signed or published" in t for t in told), told
