"""A stop does not wait for a step's send that Telegram holds past the stop's deadline
(a 429's retry_after, the pause before calling an unreachable Telegram again): the send
is given up at once, as a cancellation, so that the step ends as a kill would end it and
is handled again at the next start (bot.stopping). The volunteers' posts and anything
outside a step wait as before; without a stop nothing changes."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

import httpx
import pytest
from telegram.error import NetworkError, RetryAfter

from bot.sending import PACE_KEY, Pace, paced
from bot.stopping import IN_STEP, STEPS_WAIT, Abandoned, stopping_of


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _app() -> tuple[SimpleNamespace, Clock]:
    clock = Clock()
    app = SimpleNamespace(bot_data={})
    app.bot_data[PACE_KEY] = Pace(0, 0, clock=clock, sleep=clock.sleep)
    return app, clock


def _refused_once(error: Exception):
    calls: list[int] = []

    async def send(chat: int) -> str:
        calls.append(chat)
        if len(calls) == 1:
            raise error
        return "sent"

    return send, calls


def _unreachable() -> NetworkError:
    exc = NetworkError("httpx.ConnectError: All connection attempts failed")
    exc.__cause__ = httpx.ConnectError("refused")
    return exc


@pytest.mark.parametrize("error", [RetryAfter(40), _unreachable()],
                         ids=["429 retry after 40 s", "out of reach"])
async def test_a_steps_send_held_past_the_stops_deadline_is_given_up_at_once(error):
    app, clock = _app()
    stopping_of(app).began = time.monotonic()
    send, calls = _refused_once(error)
    token = IN_STEP.set(True)
    try:
        with pytest.raises(Abandoned):
            await paced(app, 7001, send)
    finally:
        IN_STEP.reset(token)
    assert calls == [7001]  # not called again, and no wait for the hold
    assert not clock.slept
    assert isinstance(Abandoned(), asyncio.CancelledError)  # no handler takes it as "not sent"


@pytest.mark.parametrize("error", [RetryAfter(40), _unreachable()],
                         ids=["429 retry after 40 s", "out of reach"])
async def test_outside_a_step_or_without_a_stop_the_send_waits_and_goes_as_before(error):
    for in_step, stop in ((False, True), (True, False)):
        app, clock = _app()
        if stop:
            stopping_of(app).began = time.monotonic()
        send, calls = _refused_once(error)
        token = IN_STEP.set(in_step)
        try:
            assert await paced(app, 7001, send) == "sent"
        finally:
            IN_STEP.reset(token)
        assert calls == [7001, 7001] and clock.slept


async def test_a_short_hold_within_the_stops_deadline_is_still_waited_for():
    app, clock = _app()
    stopping_of(app).began = time.monotonic()
    send, calls = _refused_once(RetryAfter(max(0.1, STEPS_WAIT / 4)))
    token = IN_STEP.set(True)
    try:
        assert await paced(app, 7001, send) == "sent"
    finally:
        IN_STEP.reset(token)
    assert calls == [7001, 7001]
