"""The bot's throughput for ``make bench``: the bot mix (reports, votes, registrations,
fee reports with a receipt photo, approvals, /accounts, /mine, as the Bot API would
deliver them) through ``Application.process_update`` against a bare echo bot in the
same run, python-telegram-bot's own flow step as a floor, and where the mix's time
goes, kind by kind (``cost_by_kind``, ``kind_table``, ``mix_explanation``)."""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench.mix import PHOTO_ID, newcomers_and_payers, photo
from bench.synthetic import resident_tid, volunteer_tid
from db.entries import Kind, Status
from db.repository import Repository

MIX_TARGET = 0.40  # the bot mix's rate against the bare echo's
BATCHES = 5  # of the mix, and of each echo; the median is reported

class Updates:
    """Hand-made Telegram updates (what the Bot API would deliver)."""

    def __init__(self) -> None:
        self.update_id = 0
        self.message_id = 0

    def _user(self, uid: int) -> dict[str, Any]:
        return {"id": uid, "is_bot": False, "first_name": f"u{uid}", "language_code": "zh"}

    def text(self, uid: int, text: str) -> dict[str, Any]:
        self.update_id += 1
        self.message_id += 1
        msg: dict[str, Any] = {"message_id": self.message_id, "date": 1735689600,
                               "chat": {"id": uid, "type": "private"},
                               "from": self._user(uid), "text": text}
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
        return {"update_id": self.update_id, "message": msg}

    def photo(self, uid: int, file_id: str, size: tuple[int, int]) -> dict[str, Any]:
        self.update_id += 1
        self.message_id += 1
        return {"update_id": self.update_id, "message": {
            "message_id": self.message_id, "date": 1735689600,
            "chat": {"id": uid, "type": "private"}, "from": self._user(uid),
            "photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}",
                       "width": size[0], "height": size[1]}]}}

    def press(self, uid: int, data: str) -> dict[str, Any]:
        self.update_id += 1
        return {"update_id": self.update_id, "callback_query": {
            "id": str(self.update_id), "from": self._user(uid), "chat_instance": "ci",
            "data": data, "message": {"message_id": 1, "date": 1735689600,
                                      "chat": {"id": uid, "type": "private"},
                                      "from": {"id": 1, "is_bot": True, "first_name": "b"},
                                      "text": "…"}}}


def bot_mix(repo: Repository, areas: int, rounds: int, seed: int = 7,
            first_update: int = 0, first_newcomer: int = 0) -> list[dict[str, Any]]:
    """A realistic mix: reports (6 updates each), registrations (6), fee reports with a
    receipt photo (6), votes, approvals, /accounts, /mine."""
    rng = random.Random(seed)
    make = Updates()
    make.update_id = make.message_id = first_update  # update ids are never reused
    open_props = {a: [e.id for e in repo.entries(area=f"a{a}", kind=Kind.PROPOSAL,
                                                 status=Status.OPEN)] for a in range(areas)}
    pending = {a: [e.id for e in repo.entries(area=f"a{a}", status=Status.PENDING)
                   if e.kind != Kind.PROPOSAL] for a in range(areas)}
    out = []
    for i in range(rounds):
        a = i % areas
        r1, r2, r3 = (resident_tid(a, n) for n in rng.sample(range(100), 3))
        out += [make.text(r1, "/report"), make.press(r1, "rep:cat:lighting"),
                make.text(r1, description(rng)),
                make.press(r1, "rep:photos"), make.press(r1, "rep:pn"),
                make.press(r1, "rep:ok")]
        if open_props[a]:
            out += [make.text(r2, "/vote"),
                    make.press(r2, f"vote:{open_props[a][0]}:{rng.choice(['agree', 'disagree'])}")]
        if pending[a]:
            out.append(make.text(volunteer_tid(a, 1), f"/approve {pending[a].pop(0)}"))
        out += [make.text(r3, "/accounts"), make.text(r1, "/mine")]
        out += newcomers_and_payers(repo, make, a, i, areas, rng, first_newcomer)
    return out


# Characters for the reports' descriptions: drawn at random, no two share enough pairs
# of characters to be offered as the same problem ("Me too", db.similar), so every
# report of the mix goes the whole way, at any number of areas and batches.
DESCRIPTION_CHARS = ("楼道灯路口门窗墙顶水管井盖车棚电梯台阶扶手栏杆垃圾桶树枝草坪围栏"
                     "屋檐管道阀门开关线箱柜锁牌窗户地砖排污雨棚烟囱空调外机晾衣架监控"
                     "花坛座椅健身器材信报箱消防栓灭火器应急灯广告牌自行车充电桩凉亭")


def description(rng: random.Random) -> str:
    """A report's description: 12 characters at random from DESCRIPTION_CHARS."""
    return "".join(rng.choice(DESCRIPTION_CHARS) for _ in range(12))


async def run_updates(app: Any, updates: list[dict[str, Any]]) -> float:
    """Feed the updates as the bot takes them when they arrive together: through the
    Application's update processor (different users at once, each user in order)."""
    from telegram import Update

    objs = [Update.de_json(u, app.bot) for u in updates]
    gc.collect()  # each batch starts clean: no collection is owed for an earlier batch
    t0 = time.perf_counter()
    await asyncio.gather(*(app.update_processor.process_update(u, app.process_update(u))
                           for u in objs))
    await drain_notices(app)  # the volunteers' posts still waiting count too
    return time.perf_counter() - t0


async def drain_notices(app: Any) -> None:
    """Send the volunteers' posts the updates queued (``bot.notices``) now: their
    cost is the mix's, and none is left to fall into the next measure."""
    notices = app.bot_data.get("notices")
    if notices is not None:
        await notices.drain()


# What each kind of update in the mix is (its first word or button prefix).
KINDS = {
    "/report": "/report (shows the categories)",
    "rep:cat": "report: category button",
    "text": "report: description typed",
    "rep:photos": "report: no photo button",
    "rep:pn": "report: no place button (shows the summary)",
    "rep:ok": "report: submit (durable write; receipt and 2 volunteers' posts)",
    "/vote": "/vote (open proposals with their counts)",
    "vote": "vote button (durable write; the new count)",
    "/approve": "/approve N (durable write; the author and volunteers told)",
    "/accounts": "/accounts (balance, month, last lines)",
    "/mine": "/mine (the resident's last entries)",
    "/start": "/start by a newcomer (shows the compounds)",
    "reg:c": "registration: compound button",
    "reg:b": "registration: building button",
    "reg:u": "registration: unit button",
    "reg:h": "registration: room button (shows the notice)",
    "reg:ok": "registration: I agree (durable write; volunteers told)",
    "/pay": "/pay (shows the fees)",
    "pay:fee": "fee report: fee button",
    "pay:per": "fee report: period button",
    "amount": "fee report: amount typed",
    "photo": "fee report: receipt photo (downloaded, cleaned, stored)",
    "pay:ok": "fee report: submit (durable write; volunteers told)",
}


def kind_of(update: dict[str, Any]) -> str:
    message = update.get("message", {})
    if "photo" in message:
        return "photo"
    text = message.get("text")
    if text is not None:
        if text.isdigit():
            return "amount"
        return text.split()[0] if text.startswith("/") else "text"
    data = update["callback_query"]["data"]
    return "vote" if data.startswith("vote:") else ":".join(data.split(":")[:2])


async def cost_by_kind(app: Any, request: Any, updates: list[dict[str, Any]]
                       ) -> dict[str, tuple[int, float, float, int]]:
    """kind -> (updates, CPU seconds of the event loop's thread, of the whole process,
    Bot API calls), taking the updates one at a time (so that each one's CPU, its
    worker thread's included, is its own)."""
    from telegram import Update

    out: dict[str, tuple[int, float, float, int]] = {}
    for raw in updates:
        update = Update.de_json(raw, app.bot)
        calls, loop_cpu, cpu = request.made, time.thread_time(), time.process_time()
        await app.process_update(update)
        await drain_notices(app)  # its volunteers' posts, each alone (no other to join)
        n, total_loop, total, made = out.get(kind_of(raw), (0, 0.0, 0.0, 0))
        out[kind_of(raw)] = (n + 1, total_loop + time.thread_time() - loop_cpu,
                             total + time.process_time() - cpu, made + request.made - calls)
    return out


def step_baseline() -> Any:
    """python-telegram-bot alone taking a flow's step: a ConversationHandler whose button
    answers the press and edits the message into the next question (two Bot API calls),
    what every button of the mix's flows does; with the bot's own Bot (``LazyBot``: the
    answers read only when used), as the bot's flows make their calls."""
    import warnings

    from telegram import InlineKeyboardButton, InlineKeyboardMarkup
    from telegram.ext import (
        CallbackQueryHandler,
        CommandHandler,
        ConversationHandler,
    )

    from bot.offline import RecordingRequest
    from bot.ptb_private import LazyBuilder

    app = LazyBuilder().token("123:STEP").request(RecordingRequest(keep=False)) \
        .get_updates_request(RecordingRequest()).build()
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("下一步", callback_data="s:1")]])

    async def first(update: Any, context: Any) -> int:
        await update.effective_message.reply_text("第一步", reply_markup=keyboard)
        return 1

    async def step(update: Any, context: Any) -> int:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text("下一步", reply_markup=keyboard)
        return 1

    with warnings.catch_warnings():  # per_message=False, as the bot's own flows
        warnings.simplefilter("ignore")
        app.add_handler(ConversationHandler(
            [CommandHandler("go", first)], {1: [CallbackQueryHandler(step, pattern="^s:")]},
            [], per_message=False))
    return app


def step_updates(n: int, first_user: int, per_user: int = 5
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each flow's start (/go) and ``n`` button presses, ``per_user`` a user."""
    make = Updates()
    users = [first_user + i for i in range(max(1, n // per_user))]
    starts = [make.text(uid, "/go") for uid in users]
    presses = [make.press(users[i % len(users)], "s:1") for i in range(n)]
    return starts, presses




async def bot_throughput(repo: Repository, data: Path, areas: int, rounds: int,
                         runs: int = BATCHES, *, persistence: bool = False,
                         project: Path | None = None
                         ) -> tuple[float, float, int, dict[str, Any]]:
    """Median rates over ``runs`` batches of the mix and of the echo, taken in turn
    (so that a garbage collection or a checkpoint falls on either alike). With
    ``persistence`` the bot keeps its conversations as ``steward run`` does (each
    update's state and id saved with it, bot/state.py). With ``project`` (a copy of
    the site project) publishing is on, as in ``steward run``: every public change
    asks the build worker (``steward build --follow``) for a new site, meanwhile."""
    from telegram.ext import ApplicationBuilder, MessageHandler, filters

    from bot.app import build_application, settle_memory
    from bot.offline import RecordingRequest
    from bot.ptb_private import LazyBuilder
    from bot.settings import Settings

    # No pacing of the bot's own messages (bot.sending: Telegram's 30 a second, one a
    # second to a chat): the stand-in Bot API has no limits and the echo's replies are
    # not paced either. With it, the mix measured the volunteers' chats' one message a
    # second (the handlers sleeping), not the bot: 25 updates/s on 16:03's run.
    # Nor the hourly limit on each person's submissions (bot.ratelimit, 20): the batches
    # put a street's hour of reports and fee reports into seconds, and on a small street
    # the same residents come round often enough to meet it (then the mix measured the
    # refusal and the dead buttons after it, not the reports).
    settings = Settings(token="123:BENCH", data_dir=data, persistence=persistence,
                        site_url="https://example.org/", project_dir=project,
                        send_rate=0, send_rate_per_chat=0, rate_limit_per_hour=0)
    # Counted, not kept: a real deployment's request keeps nothing either, and
    # tens of thousands of kept calls would slow every garbage collection.
    mix_request, echo_request = RecordingRequest(keep=False), RecordingRequest(keep=False)
    app = build_application(settings, repo=repo, request=mix_request)
    app.bot_data["register_commands"] = False
    app.bot_data["owns_repo"] = False
    if project is None:
        app.bot_data["build_site"] = lambda *a, **k: None  # the site is measured apart
    mix_request.files[PHOTO_ID] = photo()  # the receipt every payer sends
    settle_memory(repo)  # what the bot does once the street is loaded
    before = {k: repo.count_entries(kind=k)
              for k in (Kind.ISSUE, Kind.VOTE, Kind.REGISTRATION, Kind.FEE_INCOME)}

    echo = ApplicationBuilder().token("123:ECHO").request(echo_request) \
        .get_updates_request(RecordingRequest()).build()

    async def reply(update: Any, context: Any) -> None:
        await update.effective_message.reply_text(update.effective_message.text)

    echo.add_handler(MessageHandler(filters.TEXT, reply))
    # The same echo, but replying as many times per update as the mix calls the Bot
    # API, and through the bot's own Bot (LazyBot: an answer read only when used, as the
    # bot's are): what python-telegram-bot alone costs for the mix's calls. With the
    # stock Bot, each reply's answer made into a Message, it was a floor the bot does not
    # stand on (59 % of the echo on 2026-12-04 20:48).
    many = LazyBuilder().token("123:MANY").request(RecordingRequest(keep=False)) \
        .get_updates_request(RecordingRequest()).build()
    per_update = [1.0]

    async def replies(update: Any, context: Any) -> None:
        n = int(update.effective_message.text.split()[1])
        for _ in range(int((n + 1) * per_update[0]) - int(n * per_update[0])):
            await update.effective_message.reply_text(update.effective_message.text)

    many.add_handler(MessageHandler(filters.TEXT, replies))
    steps = step_baseline()
    mix_rates, echo_rates, many_rates, step_rates, n_updates = [], [], [], [], 0
    async with app, echo, many, steps:
        # As in the running bot: the start-up hook (the publisher follows the
        # repository's changes) and the job queue (the sweep that ends idle flows).
        assert app.post_init is not None and app.post_shutdown is not None
        await app.post_init(app)
        assert app.job_queue is not None
        await app.job_queue.start()
        mix_request.made = echo_request.made = 0  # start-up calls (getMe) are not the mix's
        for run in range(runs):
            updates = bot_mix(repo, areas, rounds, seed=7 + run, first_update=n_updates,
                              first_newcomer=run * rounds)
            n_updates += len(updates)
            calls = mix_request.made
            mix_rates.append(len(updates) / await run_updates(app, updates))
            per_update[0] = (mix_request.made - calls) / len(updates)
            make = Updates()
            echo_updates = [make.text(1000 + i % 200, f"echo {i}") for i in range(len(updates))]
            echo_rates.append(len(echo_updates) / await run_updates(echo, echo_updates))
            make = Updates()
            many_updates = [make.text(1000 + i % 200, f"echo {i}") for i in range(len(updates))]
            many_rates.append(len(many_updates) / await run_updates(many, many_updates))
            starts, presses = step_updates(len(updates), first_user=10_000 + run * len(updates))
            await run_updates(steps, starts)  # each user's first question: not measured
            step_rates.append(len(presses) / await run_updates(steps, presses))
        after = {k: repo.count_entries(kind=k) for k in before}
        made: dict[str, Any] = {str(k): after[k] - before[k] for k in before}
        went_through(made, runs * rounds)
        made["mix_calls"], made["echo_calls"] = mix_request.made, echo_request.made
        # Where the mix's time goes: one more batch, one update at a time.
        updates = bot_mix(repo, areas, rounds, seed=7 + runs, first_update=n_updates,
                          first_newcomer=runs * rounds)
        last_checkpoint = repo.store.last_checkpoint
        kinds = await cost_by_kind(app, mix_request, updates)
        made["checkpoint"] = repo.store.last_checkpoint is not last_checkpoint
        make = Updates()
        echo_cost = await cost_by_kind(echo, echo_request, [
            make.text(1000 + i % 200, f"echo {i}") for i in range(len(updates))])
        await app.job_queue.stop(wait=False)
        from bot.publisher import publisher_of

        made["builds"] = publisher_of(app).builds if project is not None else 0
        await app.post_shutdown(app)
    made["many_rate"] = statistics.median(many_rates)
    made["step_rate"] = statistics.median(step_rates)
    made["kinds"] = kinds
    made["echo_cost"] = echo_cost["text"]
    return statistics.median(mix_rates), statistics.median(echo_rates), n_updates, made


class MixWentAstray(RuntimeError):
    """The mix's flows did not all reach their end: its rate would not be the bot's."""


def went_through(made: dict[str, Any], rounds: int) -> None:
    """Each round of the mix reports a problem, registers a newcomer and (where the area
    has fees) reports a fee paid: raise unless every one of them was stored."""
    expected = {"issue": rounds, "registration": rounds, "fee_income": rounds}
    short = {kind: (made.get(kind, 0), n) for kind, n in expected.items()
             if made.get(kind, 0) < n}
    if short:
        raise MixWentAstray("the bot mix's flows did not all go through (made, expected): "
                            + ", ".join(f"{k} {m}/{n}" for k, (m, n) in short.items()))


def mix_explanation(kinds: dict[str, tuple[int, float, float, int]],
                    echo: tuple[int, float, float, int], ptb_ceiling: float | None = None
                    ) -> str:
    """Why the mix is slower than the echo, in this run's numbers (``ptb_ceiling``:
    the echo replying as often as the mix calls the Bot API, against the bare echo)."""
    n_all = sum(k[0] for k in kinds.values())
    loop_all = sum(k[1] for k in kinds.values())
    cpu_all = sum(k[2] for k in kinds.values())
    per_update, per_echo = loop_all / n_all, echo[1] / echo[0]
    heaviest = max(kinds, key=lambda k: kinds[k][2] - kinds[k][1])
    off_loop = kinds[heaviest][2] - kinds[heaviest][1]
    writes = [k for k in ("rep:ok", "vote", "/approve", "reg:ok", "pay:ok") if k in kinds]
    write_share = sum(kinds[k][1] for k in writes) / loop_all
    steps = [k for k in ("rep:cat", "rep:photos") if k in kinds]
    step_cost = (sum(kinds[k][1] for k in steps) / sum(kinds[k][0] for k in steps)
                 if steps else 0.0)
    return (f"Taken one at a time, an update of the mix costs the event loop "
            f"{per_update * 1e6:,.0f} µs against the echo's {per_echo * 1e6:,.0f} µs "
            f"({per_echo / per_update:.0%} of the echo's rate at best; run together, "
            "the writer thread's share of the interpreter and the per-person ordering take "
            "some more). "
            f"Counting the worker threads too (they share the one interpreter, but for C code "
            f"that lets go of it, such as the image codecs), an update "
            f"costs {cpu_all / n_all * 1e6:,.0f} µs of process CPU, "
            f"{per_echo * n_all / cpu_all:.0%} of the echo's rate at best on one core; "
            f"{KINDS.get(heaviest, heaviest)} is the heaviest off the event loop "
            f"({off_loop / kinds[heaviest][0] * 1e3:,.1f} ms each, "
            f"{off_loop / cpu_all:.0%} of the process CPU). "
            + (f"python-telegram-bot alone, making the mix's Bot API calls as the bot makes "
               f"them (LazyBot), reaches {ptb_ceiling:.0%} of the echo (the echo replying "
               "as often, above). "
               + budget_words(per_update, per_echo, ptb_ceiling)
               if ptb_ceiling else "")
            + f"The durable writes are {len(writes)} of {len(kinds)} kinds of update but "
            f"{write_share:.0%} of the event loop's time: each also tells other people "
            "(receipt, volunteers' posts with buttons, the new count) and hands the "
            "write to the writer thread. A flow step that only answers a button and asks "
            f"the next question costs {step_cost * 1e6:,.0f} µs: two Bot API calls and the "
            "conversation handler.")


def budget_words(per_update: float, per_echo: float, ptb_ceiling: float) -> str:
    """What the target leaves for the bot's own work, once python-telegram-bot has made
    the mix's calls: per update, at ``MIX_TARGET`` of the echo's rate, the event loop may
    spend per_echo / MIX_TARGET, of which per_echo / ptb_ceiling is python-telegram-bot's."""
    ptb = per_echo / ptb_ceiling
    budget, own = per_echo / MIX_TARGET - ptb, per_update - ptb
    if budget <= 0:
        return (f"At {MIX_TARGET:.0%}, python-telegram-bot's own share would leave nothing "
                "for the bot's work. ")
    return (f"At {MIX_TARGET:.0%} of the echo, an update may cost the event loop "
            f"{per_echo / MIX_TARGET * 1e6:,.0f} µs, {ptb * 1e6:,.0f} µs of which are "
            f"python-telegram-bot's: that leaves {budget * 1e6:,.0f} µs for the bot's own "
            f"work, which takes {own * 1e6:,.0f} µs now ({own / budget:.1f} × as much). ")


BUTTON_STEPS = ("rep:cat", "rep:photos", "rep:pn", "reg:c", "reg:b", "reg:u", "reg:h",
                "pay:fee", "pay:per")  # buttons that only ask the next question


def step_share(kinds: dict[str, tuple[int, float, float, int]],
               echo: tuple[int, float, float, int], step_rate: float, echo_rate: float
               ) -> str:
    """The mix's own button steps (one at a time) against the echo (one at a time), to
    hold against python-telegram-bot's own step, also as a share of the echo."""
    found = [k for k in BUTTON_STEPS if k in kinds]
    if not found:
        return "not measured"
    per_step = sum(kinds[k][1] for k in found) / sum(kinds[k][0] for k in found)
    per_echo = echo[1] / echo[0]
    return (f"{per_step * 1e6:,.0f} µs of event loop each, {per_echo / per_step:.0%} of "
            f"the echo taken the same way (python-telegram-bot's step: "
            f"{step_rate / echo_rate:.0%})")


def kind_table(kinds: dict[str, tuple[int, float, float, int]],
               echo: tuple[int, float, float, int], checkpoint: bool | None = None) -> str:
    """The mix's updates by kind: how many, their Bot API calls, CPU per update (and
    whether a checkpoint fell among them, when known)."""
    n_all = sum(k[0] for k in kinds.values())
    loop_all = sum(k[1] for k in kinds.values())
    cpu_all = sum(k[2] for k in kinds.values())
    lines = [f"One more batch of the mix ({n_all} updates), taken one update at a time. "
             "\"Event loop\" is the CPU of the thread that runs python-telegram-bot and the "
             "handlers, the one that bounds the rate; \"process\" adds the worker threads "
             "beside it: a durable write's (the write itself and the kernel's side of its "
             "fsync) and, when one falls in the batch, a checkpoint's (every partition changed "
             "since the last one written again, counted to the updates it ran beside: at 50 "
             "areas, seconds of CPU that show as tens of ms on one kind). "
             + ("" if checkpoint is None else
                "A checkpoint fell in this batch. " if checkpoint else
                "No checkpoint fell in this batch. ")
             + "The bare echo, taken the same way, costs "
             f"{echo[1] / echo[0] * 1e6:,.0f} µs of event loop per update.", "",
             "| kind of update | share of updates | Bot API calls each | event loop per "
             "update | process per update | share of the event loop |",
             "|---|---:|---:|---:|---:|---:|"]
    for kind, (n, loop, cpu, calls) in sorted(kinds.items(), key=lambda kv: -kv[1][1]):
        lines.append(f"| {KINDS.get(kind, kind)} | {n / n_all:.0%} | {calls / n:.1f} "
                     f"| {loop / n * 1e6:,.0f} µs | {cpu / n * 1e6:,.0f} µs "
                     f"| {loop / loop_all:.0%} |")
    lines.append(f"| all | 100% | {sum(k[3] for k in kinds.values()) / n_all:.1f} "
                 f"| {loop_all / n_all * 1e6:,.0f} µs | {cpu_all / n_all * 1e6:,.0f} µs "
                 "| 100% |")
    return "\n".join(lines)


# -- what a miss means ----------------------------------------------------------------

# Written into results.md under the table for every target this run missed.
