"""``build_application(settings)``: the one place the bot is put together.

Production (``steward run``), the demo, the terminal chat and the tests all
build the Application here; nothing runs at import time.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from db.errors import StoreError
from db.memory import give_back_freed_memory
from db.people import is_admin, volunteer_areas
from db.repository import Repository

from . import commands as command_table
from . import drawings_owed, kept, said_photos
from .application import StewardApplication, drop_redelivered, save_ended
from .commands import COMMANDS_KEY, Audience, Command, commands_of
from .concurrency import PerUserUpdateProcessor
from .context import person_of, t
from .context import reply as say
from .conversation import IdleConversation, sweep_idle, sweep_interval
from .drawings import drawings_of, sweep_left_folders
from .edited import EDITED_GROUP, edited_handler
from .edits import STOP_WAIT, edits_of
from .failures import on_error
from .flows import ALREADY, CANCEL_TEXT, REFUSED, answer, cancel, drop_drafts, interrupted
from .freetext import GO, not_understood
from .handlers import (
    accounts,
    announce,
    answers,
    ask,
    ask_author,
    ballot,
    ballot_doors,
    bulletin,
    called_ask,
    close_requests,
    closevote,
    common,
    decided,
    election,
    expense,
    field_note,
    follow,
    groups,
    hide_names,
    income,
    issue_saved,
    issue_work,
    meeting,
    mine,
    mode,
    money_saved,
    moved_out,
    moved_out_for,
    name_fix,
    opinion,
    overview,
    paper,
    paper_doors,
    paper_saved,
    pay,
    privacy,
    proposals,
    proxy,
    publish,
    queue,
    queue_saved,
    registration,
    registration_redo,
    relation,
    reminders,
    reply,
    report,
    reverse,
    role_revoke,
    role_steps,
    roles,
    show_entry,
    stage,
    stage_saved,
    submit_saved,
    take_back,
    unpaid,
    unpublish,
    voice_summary,
    vote,
    vote_opened,
    vote_typed,
    whoami,
    withdraw,
    work,
)
from .leaving import LEAVE_GROUP, bind_flows, leaving_handlers
from .media_sweep import schedule_media_sweep
from .menu import menu_filter, menu_of
from .mistyped import mistyped_group_command
from .notices import NOTICES_KEY, Notices, notices_of
from .posts import POSTS_KEY, Posts, posts_of
from .presses import PRESS_GROUP, press_handler, repeated
from .ptb_private import LazyBuilder
from .publisher import follow_changes, publisher_of, stop_following
from .ready import OFFLINE_KEY, log_ready, street_file_warnings
from .resident import AGREED
from .sending import MOVED_KEY, PACE_KEY, Pace
from .settings import Settings
from .staff import require_staff
from .state import FINISH_KEY, Inbox, Keeper, keeper_of
from .stopping import STOP_BUDGET, wait_left
from .timed_out import tell_timed_out, timed_out
from .unsaved import schedule_space_watch

__all__ = ["build_application", "command_menu", "register_commands", "all_commands",
           "all_handlers", "HANDLER_MODULES", "street_file_warnings", "OFFLINE_KEY"]

log = logging.getLogger(__name__)


# The modules that make up the bot, in registration order: each exports COMMANDS
# and, where it has them, HANDLERS (bot/commands.py).
HANDLER_MODULES = (common, registration, registration_redo, report, follow, opinion, reply, vote,
                   vote_typed,
                   pay, mine, accounts, ask, moved_out, queue, show_entry, ask_author, groups,
                   voice_summary,
                   hide_names,
                   issue_work,
                   field_note, called_ask,
                   income, expense, take_back, reverse, proposals, stage, proxy, paper, paper_doors,
                   bulletin,
                   closevote, withdraw, announce, roles, whoami, role_steps, role_revoke, publish,
                   privacy,
                   unpublish, election, ballot, ballot_doors, meeting, answers, mode, unpaid,
                   reminders, overview,
                   work, name_fix)


def all_commands() -> list[Command]:
    """The command table: every module's commands, in /help order."""
    cmds = [c for m in HANDLER_MODULES for c in getattr(m, "COMMANDS", [])]
    names = [c.name for c in cmds]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RuntimeError(f"commands defined twice: {sorted(dupes)}")
    return sorted(cmds, key=lambda c: (c.order, c.name))


def all_handlers() -> list[BaseHandler[Update, Any, Any]]:
    """Every module's other handlers (buttons, photo captions), in module order."""
    return [h for m in HANDLER_MODULES for h in getattr(m, "HANDLERS", [])]


def build_application(settings: Settings, *, repo: Repository | None = None,
                      request: BaseRequest | None = None,
                      updates_request: BaseRequest | None = None) -> Application:
    """Build the bot: handlers from the command table, persistence, error handler."""
    # Messages the bot sent are read only when used (bot.ptb_private.LazyBot).
    builder: ApplicationBuilder = LazyBuilder().token(settings.token or "0:offline")
    if settings.api_base_url:
        builder = builder.base_url(settings.api_base_url)
    if settings.api_file_url:
        builder = builder.base_file_url(settings.api_file_url)
    if request is not None:
        builder = builder.request(request)
        builder = builder.get_updates_request(updates_request or request)
    if settings.persistence:
        # Every update is saved before it is confirmed to Telegram (bot/state.py).
        builder = builder.update_queue(Inbox())
    builder = builder.application_class(StewardApplication)
    # Different people's updates at once, each person's in order (bot/concurrency.py).
    builder = builder.concurrent_updates(PerUserUpdateProcessor(settings.max_concurrent_updates))
    builder = builder.post_init(_post_init).post_stop(_post_stop).post_shutdown(_post_shutdown)
    app = builder.build()
    app.bot_data["settings"] = settings
    app.bot_data[COMMANDS_KEY] = all_commands()
    # The bot's own messages within Telegram's limits (bot/sending.py).
    app.bot_data[PACE_KEY] = Pace(settings.send_rate, settings.send_rate_per_chat)
    # A group that became a supergroup keeps its areas under its new id.
    app.bot_data[MOVED_KEY] = functools.partial(groups.group_moved, app)
    # Volunteers told of new entries in the background, several in one message.
    app.bot_data[NOTICES_KEY] = Notices(app, settings.notice_window,
                                        keep=settings.persistence)
    # The posts of pending entries, to edit every copy once one is decided (bot/posts.py).
    app.bot_data[POSTS_KEY] = Posts(keep=settings.persistence)
    if repo is not None:
        app.bot_data["repo"] = repo
    if settings.persistence:  # conversations, drafts and update ids kept in the store
        keeper = Keeper(app)
        app.bot_data[FINISH_KEY] = [ask_author.finish_question, ask_author.finish_answer,
                                    queue_saved.finish_saved, relation.finish_saved,
                                    moved_out.finish_saved, moved_out_for.finish_saved,
                                    vote_opened.finish_saved, closevote.finish_saved,
                                    closevote.finish_request,
                                    withdraw.finish_saved, stage_saved.finish_saved,
                                    submit_saved.finish_saved, submit_saved.finish_vote,
                                    submit_saved.finish_registration,
                                    submit_saved.finish_me_too, money_saved.finish_saved,
                                    paper_saved.finish_saved, reverse.finish_saved,
                                    take_back.finish_saved,
                                    issue_saved.finish_saved, issue_saved.finish_reopen,
                                    announce.finish_saved, vote.finish_relation,
                                    answers.finish_saved, roles.finish_saved,
                                    reply.finish_saved, unpublish.finish_saved,
                                    meeting.finish_saved, stage_saved.finish_progress,
                                    election.finish_seat, proxy.finish_saved,
                                    registration_redo.finish_saved, groups.finish_link,
                                    privacy.finish_forget, ballot.finish_saved,
                                    unpublish.finish_republish, mode.finish_saved,
                                    role_steps.finish_saved]
        if isinstance(app.update_queue, Inbox):
            app.update_queue.keeper = keeper
    else:  # the demo, the terminal chat: redelivered updates told apart in memory only
        app.add_handler(TypeHandler(Update, drop_redelivered), group=-100)
    app.add_handler(press_handler(), group=PRESS_GROUP)  # a button pressed twice at once
    app.add_handler(edited_handler(), group=EDITED_GROUP)  # a sent message edited: not used
    _add_handlers(app, settings)
    # Last in the group: what no command, flow or button took (a conversation
    # lost in a crash, an unknown command, a button of an old message).
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE,
                                   _not_understood))
    app.add_handler(MessageHandler(filters.ChatType.GROUPS & filters.COMMAND,
                                   mistyped_group_command))  # /aprove in the volunteers' group
    app.add_handler(CallbackQueryHandler(_unknown_button))
    app.add_error_handler(on_error)
    return app


def _pressed(callback: Any) -> Any:
    """``callback`` started by a go:<command> button: the press is answered first. The
    same button pressed again at once (a shaky double tap on 📝 报事) only gets a note
    on it: it asked 是什么问题？ a second time, the flow the first press began started
    over (``bot.leaving`` leaves it in place too)."""
    @functools.wraps(callback)
    async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        if repeated(update, context):
            await answer(update, t(context, ALREADY))
            return None
        await answer(update)
        return await callback(update, context)

    return run


async def _still_staff(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the person taking a step of a volunteers' flow is still a volunteer or an
    admin (``IdleConversation``'s ``step_guard``, asked before every step): if not, the
    refusal is said (``require_staff`` says why), the press answered, the draft dropped,
    and the flow ends. One whose role was taken in the middle of an /expense was asked
    收款方, 用途, the receipt's photo, and refused only at 确认登记."""
    person = await person_of(update, context)
    if volunteer_areas(person) or is_admin(person):
        return True
    await answer(update)  # a press: answered, the refusal comes as a message
    await require_staff(update, context)
    drop_drafts(context)
    return False


def _go(cmd: Command, callback: Any = None) -> CallbackQueryHandler[Any, Any]:
    """The go:<command> button of a command: it does what the command does (for a
    resident's actions that have no menu button; bot/freetext.py). With ``:agree``
    after it, the "I agree" of the publication notice a flow's start showed
    (``bot.resident.start_resident_flow``): the flow then goes on."""
    return CallbackQueryHandler(_pressed(callback or cmd.callback),
                                pattern=f"^{GO}:{cmd.name}"
                                        f"(:{AGREED}|:{said_photos.RECEIPT})?$")


def _add_handlers(app: Application, settings: Settings) -> None:
    # A menu button or a command in the middle of a flow leaves it first (bot/leaving.py).
    for handler in leaving_handlers(commands_of(app), GO):
        app.add_handler(handler, group=LEAVE_GROUP)
    for cmd in commands_of(app):
        if cmd.flow is None:
            app.add_handler(CommandHandler(cmd.name, cmd.callback))
            if cmd.menu_label:
                app.add_handler(MessageHandler(menu_filter(cmd.menu_label), cmd.callback))
            app.add_handler(_go(cmd))
            continue
        states = cmd.flow.states
        app.add_handler(IdleConversation(
            entry_points=kept.entry_points(app, cmd, functools.partial(_go, cmd)),
            states={**states,
                    ConversationHandler.TIMEOUT: [TypeHandler(Update, functools.partial(
                        timed_out, flow=cmd.flow.name))]},
            fallbacks=[CommandHandler("cancel", cancel), MessageHandler(CANCEL_TEXT, cancel),
                       MessageHandler(filters.COMMAND, interrupted)],
            name=cmd.flow.name,
            idle_timeout=settings.conversation_timeout * cmd.flow.idle_factor or None,
            tell=functools.partial(tell_timed_out, flow=cmd.flow.name),
            on_end=save_ended,
            step_guard=_still_staff if cmd.audience == Audience.VOLUNTEER else None,
            allow_reentry=True,
        ))
    if settings.conversation_timeout and app.job_queue is not None:
        interval = sweep_interval(settings.conversation_timeout)
        app.job_queue.run_repeating(sweep_idle, interval, first=interval, name="end idle flows")
        app.job_queue.run_repeating(kept.sweep_kept, interval, first=interval, name="kept drafts")
    for handler in [*all_handlers(), *kept.HANDLERS]:
        app.add_handler(handler)
    bind_flows(app)  # leaving a flow is asked only of a person in one
    closevote.schedule(app)  # votes close by themselves at their deadline
    reminders.schedule(app)  # the daily summary and the vote reminders, each once
    schedule_space_watch(app)  # the admins told before the disk fills (bot/unsaved.py)
    schedule_media_sweep(app)  # photos of abandoned drafts deleted (bot/media_sweep.py)


async def _not_understood(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message nothing else handled (bot/freetext.py)."""
    callbacks = {c.name: c.callback for c in commands_of(context.application) if c.flow is None}
    await not_understood(update, context, callbacks)


async def _unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Refuses a button whose data no handler knows (forged, or from an old version)."""
    chat = update.effective_chat
    if chat is not None and chat.type == chat.PRIVATE:
        await answer(update)
        await person_of(update, context)  # her language, read once (after a restart, say)
        menu = await menu_of(update, context)
        await say(update, t(context, REFUSED), reply_markup=menu)
    else:  # no message in a group: the note on the button is enough
        await answer(update, t(context, "That button is no longer valid."))


def command_menu(lang: str, audience: set[Audience] | None = None) -> list[BotCommand]:
    """The commands for Telegram's menu, from the same table as the handlers."""
    return command_table.command_menu(all_commands(), lang, audience)


async def register_commands(app: Application) -> None:
    menu = functools.partial(command_table.command_menu, commands_of(app))
    await app.bot.set_my_commands(menu("zh"), scope=BotCommandScopeDefault())
    await app.bot.set_my_commands(menu("en"), scope=BotCommandScopeDefault(),
                                  language_code="en")
    await roles.register_staff_commands(app)  # volunteers and admins see their commands too


async def _post_init(app: Application) -> None:
    settings: Settings = app.bot_data["settings"]
    if "repo" not in app.bot_data:
        repo = await asyncio.to_thread(Repository.open, settings.data_dir)
        try:
            # Every file against its checksum; a hand-edited ledger is not served, nor
            # one rewritten against its signed heads (checked from the last start on:
            # db.startcheck; `steward verify` checks everything).
            await asyncio.to_thread(repo.check_at_start)
        except BaseException:
            repo.store.abandon()  # write nothing into a damaged folder; release it
            raise
        app.bot_data["repo"] = repo
        settle_memory(repo)
    # Every durable public change rebuilds the site soon (no handler asks for it).
    follow_changes(app)
    await publisher_of(app).resume()  # steward run: build what a stop left unbuilt
    # The volunteers' posts remembered before the stop: edited once decided, by an
    # update handled again below too (bot.handlers.queue_saved).
    await posts_of(app).load(app.bot_data["repo"])
    await decided.mark_left(app)  # decided before the stop, their edits not made
    await close_requests.mark_left(app)  # requests to close a vote early, the same
    keeper = keeper_of(app)
    if keeper is not None:  # conversations as saved; updates received and not done queued
        await keeper.load()
        await asyncio.to_thread(sweep_left_folders)  # drawings' folders a kill left
        await drawings_owed.resume(app)  # notices asked for and not sent when it stopped
    notices = notices_of(app)
    if notices is not None:  # entries not yet posted to their volunteers when it stopped
        await notices.resume()
    await closevote.catch_up(app)  # votes whose deadline passed while the bot was down
    if settings.admin_ids:
        repo = app.bot_data["repo"]
        await _ensure_env_admins(repo, settings.admin_ids)
    if app.bot_data.get("register_commands", True):
        await register_commands(app)
    log_ready(app)


GC_THRESHOLDS = (20_000, 20, 100)


def settle_memory(repo: Repository | None = None) -> None:
    """After the street is loaded: build what every update needs (``warm_up``),
    then move what is in memory now (indexes, the street, the hot partitions:
    hundreds of thousands of objects that live as long as the bot) out of the
    garbage collector's sight. Otherwise every full collection walks all of
    them, a pause of tens of milliseconds that lands on whichever update is
    being answered. They are still freed when no longer used (reference
    counting); they only hold no reference cycles to find."""
    if repo is not None:
        # What the start read, checked and dropped is given back first: kept until
        # after warm_up, the two together were the start's peak (149 MB at 50 areas).
        give_back_freed_memory()
        repo.warm_up()
    gc.collect()
    gc.freeze()
    give_back_freed_memory()  # what start-up read, checked and dropped again
    # Each update makes thousands of short-lived objects (python-telegram-bot's
    # messages, keyboards, requests), nearly all freed by reference counting. A
    # young collection every 700 of them found next to nothing to collect and
    # cost the bot about a tenth of its rate under load (the bench's mix);
    # cycles are still collected, every 20,000 new objects.
    gc.set_threshold(*GC_THRESHOLDS)


async def _ensure_env_admins(repo: Repository, ids: tuple[int, ...]) -> None:
    import asyncio

    await asyncio.to_thread(repo.ensure_admins, ids)


# Seconds a stop waits for the volunteers' posts still waiting: a round with receipt
# photos goes one chat after the other at Telegram's pace, and a stop that waited for it
# all took more than 20 s (a service manager kills what takes 90 s). What did not go is
# posted at the next start (``bot.notices``: the round's mark is saved when it ends).
NOTICES_STOP_WAIT = 10.0
# bot_data: the stop's wait is over. run_polling calls post_stop and then, with the bot's
# connection closed, post_shutdown, which waited a second time for nothing (20 s).
STOPPED = "stop_waited"


async def _post_stop(app: Application) -> None:
    """Before the bot lets go of Telegram: the volunteers' posts still waiting go now
    (for at most ``NOTICES_STOP_WAIT`` seconds), and the edits of posts still waiting
    for at most a few seconds (``bot.edits``)."""
    import asyncio

    if app.bot_data.get(STOPPED):  # run_polling's post_stop came, before the shutdown
        return
    app.bot_data[STOPPED] = True
    notices = notices_of(app)
    wait = wait_left(app, NOTICES_STOP_WAIT)  # less when a SIGTERM's budget is (nearly) spent
    if notices is not None:
        try:
            await asyncio.wait_for(notices.drain(), timeout=wait)
        except TimeoutError:
            log.warning("停下时还有发给志愿者的待审核记录没有发完（等了 %.0f 秒），其余的下次"
                        "启动时再发 / stopped before every volunteers' post waiting went "
                        "(%.0f s); the rest are posted at the next start", wait, wait)
        except Exception:  # noqa: BLE001 - posted at the next start (Notices.resume)
            log.exception("停下时没能发出给志愿者的待审核记录，下次启动时再发 / could not send "
                          "the volunteers' posts waiting at the stop")
    try:
        await edits_of(app).drain(timeout=wait_left(app, STOP_WAIT, STOP_BUDGET + 1.0))
    except Exception:  # noqa: BLE001 - a post's button still says who decided
        log.exception("停下时没能更新发给志愿者的帖子 / could not send the edits of "
                      "volunteers' posts waiting at the stop")
    await drawings_of(app).at_stop(app)  # the notices being drawn, a little while


async def _post_shutdown(app: Application) -> None:
    await _post_stop(app)  # (the offline bot stops without run_polling's post_stop)
    await drawings_of(app).cancel()  # their child processes killed
    notices = notices_of(app)
    if notices is not None:  # a round the wait gave up on: owed, posted at the next start
        await notices.cancel()
    stop_following(app)
    publisher = app.bot_data.get("publisher")
    if publisher is not None:
        await publisher.shutdown()
    repo = app.bot_data.get("repo")
    if repo is not None and app.bot_data.get("owns_repo", True):
        import asyncio

        try:
            await asyncio.to_thread(repo.close)
        except StoreError as exc:
            # A nearly full disk: the closing checkpoint could not be written. Every
            # saved change is in the journal, which the next start replays; stop
            # cleanly, with one line saying so, not a traceback.
            log.warning("停下时没能写入最后的检查点（%s）；保存过的每个改动都在数据目录的 "
                        "journal 里，下次启动时会重新读入 / stopped without the closing "
                        "checkpoint (%s); every saved change is in the journal and is read "
                        "again at the next start", exc, exc)
            repo.store.abandon()
