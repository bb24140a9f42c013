"""What every handler needs: the repository, the caller's person and language,
translated replies, domain errors turned into messages, and running blocking
store calls off the event loop."""

from __future__ import annotations

import asyncio
import atexit
import contextvars
import functools
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from telegram import Update
from telegram.error import RetryAfter, TelegramError
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind
from db.errors import DomainError, StoreError
from db.money import format_fen
from db.people import is_admin, supervisor_areas, volunteer_areas
from db.repository import Repository
from db.storage import disk_fix
from db.store import Store, Transaction, WouldBlock

from .alerts import Alerts
from .i18n import DEFAULT_LANGUAGE, lazy, tr
from .sending import deliver, retry_seconds, split_message
from .settings import Settings

__all__ = ["repo_of", "settings_of", "call", "read", "person_of", "lang_of", "t", "error_text",
           "TEXT_LIMIT", "CAPTION_LIMIT", "split_text", "reply", "alert_admins",
           "alerts_of", "ALERT_TASKS", "RIDER", "word", "status_word", "ERROR_MESSAGES",
           "drop_buttons", "newest_own", "OWN_LOOKED_AT", "entry_or_none"]

log = logging.getLogger(__name__)
T = TypeVar("T")

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


def repo_of(context: ContextTypes.DEFAULT_TYPE) -> Repository:
    return context.application.bot_data["repo"]


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.application.bot_data["settings"]


class _Writer:
    """The one thread that makes the repository's writes, several at a time.

    Writes queue up while the thread waits for the disk; it then takes all that
    are waiting (up to ``MAX_BATCH``) and makes them in one ``Store.batch``: each
    applied and journalled in turn, one fsync for all (a group commit). Nobody's
    call returns before that fsync. A write that fails (a domain error) fails
    alone; if the fsync fails, every write of the batch is undone and each of
    their callers gets the error. One thread busy with writes also costs the
    event loop less than several taking turns at the interpreter lock.
    """

    MAX_BATCH = 64
    NAME = "steward-write_0"

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[
            tuple[Store, Callable[[], Any], asyncio.AbstractEventLoop, asyncio.Future[Any]]
            | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def submit(self, store: Store, fn: Callable[[], T]) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put((store, fn, loop, future))
        if self._thread is None or not self._thread.is_alive():
            with self._start:
                if self._thread is None or not self._thread.is_alive():
                    if self._thread is None:
                        atexit.register(self.stop)
                    self._thread = threading.Thread(target=self._run, name=self.NAME,
                                                    daemon=True)
                    self._thread.start()
        return future

    def stop(self) -> None:
        """Finish what is queued, then end the thread (at interpreter exit)."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join(30)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            jobs = [first]
            while len(jobs) < self.MAX_BATCH:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    self._queue.put(None)  # stop once this batch is done
                    break
                jobs.append(job)
            by_store: dict[Store, list[Any]] = {}
            for job in jobs:
                by_store.setdefault(job[0], []).append(job)
            for store, of_store in by_store.items():
                try:
                    outcomes = self._make(store, [job[1] for job in of_store])
                except BaseException as exc:  # noqa: BLE001 -- a bug here must not stop the thread
                    log.exception("the writer thread failed a batch")
                    outcomes = [(False, exc)] * len(of_store)
                self._settle(of_store, outcomes)

    @staticmethod
    def _make(store: Store, fns: list[Callable[[], Any]]) -> list[tuple[bool, Any]]:
        outcomes: list[tuple[bool, Any]] = []
        try:
            with store.batch():
                for fn in fns:
                    try:
                        outcomes.append((True, fn()))
                    except BaseException as exc:  # noqa: BLE001 -- handed to its caller
                        outcomes.append((False, exc))
        except BaseException as exc:  # noqa: BLE001 -- the batch's fsync failed
            # Nothing of the batch is saved: its writes are undone.
            outcomes = [(False, exc) if ok else (ok, value) for ok, value in outcomes]
            outcomes += [(False, exc)] * (len(fns) - len(outcomes))
        return outcomes

    @staticmethod
    def _settle(jobs: list[Any], outcomes: list[tuple[bool, Any]]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[Any]] = {}
        for (_store, _fn, loop, future), (ok, value) in zip(jobs, outcomes, strict=True):
            by_loop.setdefault(loop, []).append((future, ok, value))
        for loop, settled in by_loop.items():
            try:
                loop.call_soon_threadsafe(_resolve, settled)
            except RuntimeError:  # that event loop is closed: nobody waits any more
                pass


def _resolve(settled: list[tuple[asyncio.Future[Any], bool, Any]]) -> None:
    for future, ok, value in settled:
        if future.cancelled():
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)


_WRITER = _Writer()


async def call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a store call off the event loop: a durable write waits for the disk,
    which must not stall the loop that serves everyone else. Repository calls go
    to the one writer thread (``_Writer``); anything else (photos) to asyncio's
    own threads."""
    store = _store_of(fn, args)
    if store is None:
        return await asyncio.to_thread(fn, *args, **kwargs)
    run = functools.partial(contextvars.copy_context().run, fn, *args, **kwargs)
    rider = RIDER.get()
    if rider is not None:  # the update being handled: its id goes with the write
        run = functools.partial(_riding, store, rider, run)
    return await _WRITER.submit(store, run)


# What a write made while handling an update also saves, in the same journal
# record (``Store.riding``): the update's id (``bot.state``). None: nothing.
RIDER: contextvars.ContextVar[Callable[[Transaction], None] | None] = \
    contextvars.ContextVar("steward_rider", default=None)


def _riding(store: Store, rider: Callable[[Transaction], None], run: Callable[[], T]) -> T:
    with store.riding(rider):
        return run()


async def read(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a read of the repository (a method of it, or a function given it) right
    here when it needs no waiting: the store's lock is free and what it reads is in
    memory, which is nearly always, and costs microseconds instead of a trip to a
    worker thread. Otherwise (``WouldBlock``) it runs in one of asyncio's worker threads."""
    store = _store_of(fn, args)
    if store is not None:
        try:
            return store.run_inline(fn, *args, **kwargs)  # type: ignore[no-any-return]
        except WouldBlock:
            pass
    return await asyncio.to_thread(fn, *args, **kwargs)


def _store_of(fn: Callable[..., Any], args: tuple[Any, ...]) -> Store | None:
    for obj in (getattr(fn, "__self__", None), *args):
        if isinstance(obj, Repository):
            return obj.store
    return None


async def entry_or_none(context: ContextTypes.DEFAULT_TYPE, entry_id: int) -> Entry | None:
    """Entry ``entry_id``, or None where ``Repository.entry`` refuses it with a
    ``DomainError``: no entry of that number (``NotFound``), not a whole number from 1
    (``bad_number``), or its partition unreadable (``StoreError``). How a button, a
    typed number or a finisher run at the start (``bot.state``) reads an entry it may
    not find."""
    try:
        return await read(repo_of(context).entry, entry_id)
    except DomainError:
        return None


OWN_LOOKED_AT = 20  # a person's newest entries of a kind that ``newest_own`` looks at


async def newest_own(context: ContextTypes.DEFAULT_TYPE, person_id: int, kind: Kind,
                     matches: Callable[[Entry], bool]) -> Entry | None:
    """The newest of a person's last ``OWN_LOOKED_AT`` entries of ``kind`` that
    ``matches``, or None: what a press cut short by a stop stored, found by its contents
    (the finishers ``bot.state`` runs at the start)."""
    found = [e for e in await read(repo_of(context).entries, kind=kind, author=person_id,
                                   limit=OWN_LOOKED_AT) if matches(e)]
    return found[-1] if found else None


async def person_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    """The caller's person record, created on first contact; cached per update.

    First contact keeps the Telegram id, the @username (by which an admin gives a
    volunteer-to-be a role: /grant @name) and the language, not the Telegram name: her
    name is kept once she asks to register a household (``Review.register``), or, given
    a volunteer's, an admin's or a supervisor's role, at her next message (here).
    Someone who only wrote 你好 (after /forget, too) had her name stored again, as any
    passer-by's."""
    user = update.effective_user
    assert user is not None
    repo = repo_of(context)
    person = await read(repo.person_by_telegram, user.id)
    if person is None or (not person.get("name") and user.full_name.strip() and
                          _staff(person)):
        # a write, but not the update's (bot.state): the same update again after a
        # crash finds the person and is answered as it was
        token = RIDER.set(None)
        try:
            if person is None:
                person = await call(repo.ensure_person, user.id,
                                    username=user.username or "",
                                    language=_guess_language(user.language_code))
            else:
                person = await call(repo.keep_name, person["id"], user.full_name)
        finally:
            RIDER.reset(token)
    context.user_data["lang"] = person.get("language") or DEFAULT_LANGUAGE  # type: ignore[index]
    return person


def _staff(person: dict[str, Any]) -> bool:
    """Whether ``person`` acts for an area or the street: a volunteer, an admin or a
    supervisor, whom the volunteers' chats name."""
    return bool(volunteer_areas(person) or is_admin(person) or supervisor_areas(person))


def _guess_language(code: str | None) -> str:
    return "en" if code and code.lower().startswith("en") else DEFAULT_LANGUAGE


def lang_of(context: ContextTypes.DEFAULT_TYPE) -> str:
    data = context.user_data
    return (data or {}).get("lang") or DEFAULT_LANGUAGE


def t(context: ContextTypes.DEFAULT_TYPE, msgid: str, /, **params: object) -> str:
    return tr(lang_of(context), msgid, **params)


def word(context: ContextTypes.DEFAULT_TYPE, table: dict[str, labels.Label], code: object) -> str:
    """The word for ``code`` in a ``db.labels`` table, in the user's language."""
    return labels.label(table, code, lang_of(context))


def status_word(context: ContextTypes.DEFAULT_TYPE, kind: object, status: object) -> str:
    """The word for an entry of ``kind`` in ``status``, in the user's language."""
    return labels.status_label(kind, status, lang_of(context))


# Domain error codes -> message ids. Unknown codes fall back to the generic one.
ERROR_MESSAGES: dict[str, str] = {
    "empty": lazy("Please type an amount, e.g. 120 or 120.50."),
    "negative": lazy("The amount cannot be negative."),
    "too_many_decimals": lazy("Amounts have at most two decimals (fen)."),
    "not_a_number": lazy("That is not an amount I understand. Try e.g. 120, 120.50 or 一百二十元."),
    "zero": lazy("The amount must be more than zero."),
    "too_large": lazy("That amount is above the limit of {limit}. Please check it."),
    "volunteer_only": lazy("Only a volunteer of this area may do that: this is not in your "
                           "area, and nothing was done. Please check the number (/pending lists "
                           "what waits in your area)."),
    "admin_only": lazy("Only an admin may do that; nothing was done. If it is needed, please "
                       "ask the admin (the community secretary)."),
    "not_resident": lazy("Please register your household first (/start)."),
    "not_confirmed": lazy("Your household has not been confirmed by a volunteer yet."),
    "other_area": lazy("This belongs to another area."),
    "vote_closed": lazy("Voting on this proposal is closed."),
    "vote_deadline": lazy("The voting deadline has passed."),
    "vote_changed": lazy("The household's vote changed in the meantime; nothing was recorded. "
                         "Please look again."),
    "maker_checker": lazy("A money entry must be approved by a different volunteer."),
    "illegal_transition": lazy("This entry cannot be changed that way now (it is {frm})."),
    "no_entry": lazy("There is no entry #{id}."),
    # db.private_words: asked again at each step before; said here for any other way in
    # (a resident's /pay, a script, a volunteer's command)
    "private_in_line": lazy("“{name}” may not go into the public accounts: a private person's "
                            "name, phone, ID number or licence plate is published only with "
                            "their consent. Nothing was recorded; write the trade or the "
                            "company instead (e.g. 维修工人, 电工（个人）, 孝义市安居门业)."),
    "recorded_private_in_line": lazy("#{id} cannot be approved: what its public ledger line "
                                     "would say holds “{name}”, a private person's name, "
                                     "phone, ID number or licence plate, which may be "
                                     "published only with their consent. Reject it (/reject "
                                     "{id}) and record it again with the trade or the company "
                                     "instead."),
    "names_a_person": lazy("“{name}” is the name of someone registered here, and the "
                           "accounts are public: a person's name may be published only with "
                           "their own consent. Write the trade or the company instead (e.g. "
                           "electrician, ABC Property Co.)."),
    "recorded_names_a_person": lazy("#{id} cannot be approved: what its public ledger line "
                                    "would say names “{name}”, someone registered here, and a "
                                    "person's name may be published only with their own "
                                    "consent. Reject it (/reject {id}) and record it again "
                                    "with the trade or the company instead."),
    "reason_required": lazy("Please give a reason."),
    "no_such_issue": lazy("There is no report #{id}. Please check the number (the public site "
                          "shows each report's number)."),
    "issue_other_area": lazy("Report #{id} is in another area: an expense can only name a "
                             "report of its own area. Nothing was linked."),
    "issue_not_public": lazy("Report #{id} has not been accepted by a volunteer (it is waiting "
                             "or was rejected): an expense can only name a report the public "
                             "can see. Nothing was linked."),
    "replaces_not_reversed": lazy("Line {seq} has not been reversed (or its reversal is "
                                  "still waiting for approval): only a reversed line is "
                                  "replaced by the right one."),
    "replaces_reversal": lazy("Line {seq} is itself a reversal (of line {reverses}): the right "
                              "one replaces the line that was reversed."),
    "replaces_other_kind": lazy("Line {seq} is of another kind: an expense replaces an "
                                "expense, a fee a fee."),
    "already_replaced": lazy("Line {seq} has already been replaced by line {by}."),
    "replacement_pending": lazy("#{id}, waiting for approval, already replaces line {seq}."),
    "not_open": lazy("This issue is no longer open."),
    # photos, voice notes and the resident flows
    "photo_too_large": lazy("That photo is too large (the limit is {limit_mb} MB). "
                            "Please send a smaller one."),
    "audio_too_large": lazy("That voice message is too long (the limit is {limit_mb} MB). "
                            "Please send a shorter one."),
    "photo_too_many_pixels": lazy("That image is too big ({width} × {height} pixels; at most "
                                  "{max_megapixels} megapixels). Please send an ordinary photo "
                                  "or screenshot."),
    "rate_limited": lazy("You have sent a lot in the last hour (each photo counts too). Please "
                         "try again in {minutes} min."),  # as bot.resident.RATE_LIMITED
    "bad_photo": lazy("I could not read that photo. Please send it again as a photo."),
    "bad_audio": lazy("I could not read that voice message. Please try again."),
    "download_failed": lazy("I could not download that file from Telegram. "
                            "Please send it again."),
    "no_household": lazy("There is no such household."),
    "no_unit": lazy("There is no such building unit in this area."),
    "fee_payer": lazy("In this area that fee is not paid that way (by a household, a building "
                      "unit or the whole area, as its fee schedule says)."),
    "fee_not_scheduled": lazy("That fee is not in this area's fee schedule."),
    "staff_forget": lazy("Volunteers and admins keep their role's records: ask an admin to "
                         "revoke your role first (/revoke), then send /forget again."),
    "not_correctable": lazy("Only a published report, opinion, announcement or progress note "
                            "can be corrected."),
    "not_author": lazy("Only its author or a volunteer of the area may correct it."),
    "correction_pending": lazy("A correction of #{id} is already waiting for review."),
    "not_proposal": lazy("That is not a proposal."),
    "candidate_personal": lazy("A candidate is named by a role title only, without a name "
                               "or a phone or ID number: \"{title}\". Nothing was opened."),
    "text_too_long": lazy("That text is too long ({count} characters; at most {max}). Please "
                          "shorten it and send it again."),
    "too_many_photos": lazy("That is more photos than one step may have (at most {max}). "
                            "Nothing more was added."),
    "forgotten": lazy("Your data was deleted at your request (/forget): what you sent before "
                      "is not published again."),
    "write_failed": lazy("Sorry, saving failed (the server's disk may be full). Nothing was "
                    "saved; please try again later. The admins have been told."),
}


def error_text(context: ContextTypes.DEFAULT_TYPE, exc: DomainError) -> str:
    if isinstance(exc, StoreError):
        # The user's text says "the admins have been told": tell them.
        repo = context.application.bot_data.get("repo")
        fix = disk_fix(repo.store.root if repo is not None else None, exc)
        alert_admins(context, exc.code, f"Steward 未能保存一项更改（{exc.code}）：{exc}\n"
                     f"Steward could not save a change ({exc.code}): {exc}"
                     + (f". To fix: {fix}" if fix else ""))
    msgid = ERROR_MESSAGES.get(exc.code)
    if msgid is None and isinstance(exc, StoreError):  # the server's fault, not hers
        return t(context, "Sorry, the server could not read or save that just now. Please "
                          "try again later; the admins have been told.")
    if msgid is None:
        if lang_of(context) == "en":  # the refusal's own words are English
            return t(context, "Sorry, that did not work: {reason}", reason=str(exc))
        # Not the English words to a Chinese reader (抱歉，操作未成功：there is no consent
        # to publication to withdraw): what to do, and the code a volunteer can look up.
        log.info("refused without a message of its own (%s): %s", exc.code, exc)
        return t(context, "Sorry, that did not work. Please check what you sent and try "
                          "again; if it keeps happening, please tell a volunteer (code: {code}).",
                 code=exc.code)
    params = dict(exc.params)
    if exc.code == "too_large":
        ceiling = params.get("ceiling_fen", 0)
        params["limit"] = format_fen(ceiling if isinstance(ceiling, int) else 0)
    if exc.code == "illegal_transition" and "frm" in params:
        params["frm"] = status_word(context, params.get("kind"), params["frm"])
    try:
        return t(context, msgid, **params)
    except (KeyError, IndexError):
        return t(context, msgid.split("{")[0])


# Background admin alerts still being sent (tests await them).
ALERT_TASKS: set[asyncio.Task[None]] = set()
ALERTS_KEY = "alerts"  # bot_data: the application's Alerts (bot/alerts.py)


def alerts_of(application: Any) -> Alerts:
    """The application's admin alerts: one message per kind of problem per ten minutes."""
    alerts = application.bot_data.get(ALERTS_KEY)
    if alerts is None:
        alerts = application.bot_data[ALERTS_KEY] = Alerts()
    return alerts  # type: ignore[no-any-return]


def alert_admins(context: ContextTypes.DEFAULT_TYPE, key: str, text: str, *,
                 logged: bool = True) -> None:
    """Log ``text`` and tell every admin (ADMIN_IDS and the street's admins): at
    once if nothing of kind ``key`` was told in the last ten minutes, else in
    one summary with a count when those ten minutes are over. ``logged=False``: the
    caller has logged it its own way."""
    if logged:
        log.error("%s", text)
    alerts = alerts_of(context.application)
    message = alerts.note(key, text)
    if message is not None:
        _send_alert(context, message)
        return
    _summary_later(context, alerts, key)


def _summary_later(context: ContextTypes.DEFAULT_TYPE, alerts: Alerts, key: str) -> None:
    """Send the summary of ``key`` when its window ends (once per kind)."""
    wait = alerts.next_due(key)
    scheduled = context.application.bot_data.setdefault("alerts_scheduled", set())
    if wait is None or key in scheduled:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # no event loop: nobody to send with; the log has it
        return
    scheduled.add(key)

    def summarise() -> None:
        scheduled.discard(key)
        for summary in alerts.due():
            _send_alert(context, summary)
        _summary_later(context, alerts, key)  # still counted: its window is not over yet

    loop.call_later(max(wait, 0.05), summarise)


def _send_alert(context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    async def send() -> None:
        ids = set(settings_of(context).admin_ids)
        try:
            ids |= {int(p["telegram_id"]) for p in await read(repo_of(context).people,
                                                               admins=True)}
        except Exception:  # noqa: BLE001 - the alert must go out to whoever is known
            log.exception("could not list the admins")
        for admin in sorted(ids):
            try:
                await deliver(context.application, admin, text[:TEXT_LIMIT])  # after a 429 too
            except Exception:  # noqa: BLE001
                log.exception("could not alert admin %s", admin)

    try:
        task = asyncio.get_running_loop().create_task(send())
    except RuntimeError:  # no event loop: nobody to send with; the log has it
        return
    ALERT_TASKS.add(task)
    task.add_done_callback(ALERT_TASKS.discard)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split at line breaks so each part fits Telegram's limit, counted as Telegram
    counts it (UTF-16 code units: an emoji is two): ``bot.sending.split_message``."""
    return split_message(text, limit)


REPLY_TRIES = 3  # sends of one answer refused with 429 (Telegram's flood control)
MAX_REPLY_WAIT = 60.0  # seconds an answer waits for Telegram's retry_after at most


async def drop_buttons(update: Update) -> None:
    """Take the buttons off the message whose button was pressed: its question is
    answered, so a tap on it later (scrolling back) does nothing without a new one.
    A message too old to edit, or already without buttons, is left as it is."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError:
        pass


async def reply(update: Update, text: str, **kwargs: Any) -> None:
    """Send ``text`` to the chat of ``update``, split to fit; markup goes on the last part.
    A part Telegram refuses with 429 (not delivered) is sent again after its
    ``retry_after``."""
    chat = update.effective_chat
    assert chat is not None
    parts = split_text(text)
    markup = kwargs.pop("reply_markup", None)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        for attempt in range(REPLY_TRIES):
            try:
                await chat.send_message(part, reply_markup=markup if last else None, **kwargs)
                break
            except RetryAfter as exc:  # not delivered: wait as Telegram says, send again
                if attempt == REPLY_TRIES - 1:
                    raise
                await asyncio.sleep(min(retry_seconds(exc), MAX_REPLY_WAIT))
