"""A registration for the wrong household, withdrawn by whoever asked for it while it
waits for a volunteer, and the household chosen again.

An elderly resident pressed 402 for 401 and agreed; from then on everything she
tried (房号错了 是401, 我住2号楼2单元401, /start, 帮助's 🏠 登记或更换住户) was
answered "您的住户登记正在等待志愿者确认": no way to correct it but to wait for a
volunteer to refuse it, or to approve the wrong room (found in the elderly
residents' trial of the real ``steward run``). Every "waiting" message now has a
button (``regwd:<id>``). It asks first (是否撤回？ 确认撤回 ``regwd:<id>:y`` / 不撤回
``regwd:<id>:n``): one mis-tap under "waiting" withdrew her registration. Confirmed, the
registration is withdrawn
(``Repository.withdraw_own``: only its author, only while pending), the
volunteers' posts of it say so and lose their buttons, and the picker is shown.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.entries import Kind
from db.errors import DomainError, NotFound
from db.people import resident_area
from db.review import WITHDRAWN_NOTE

from ..context import call, drop_buttons, entry_or_none, person_of, read, reply, repo_of, t
from ..flows import ALREADY, answer, keyboard, refuse
from ..i18n import lazy
from ..notify import mark_decided
from ..presses import repeated
from .decided import WITHDRAWN_BY
from .registration import ASKED, REDO, label, show, show_compounds
from .registration_picker import DECLINED_AT

__all__ = ["COMMANDS", "HANDLERS", "finish_saved"]

ASK = lazy("Withdraw registration #{id} ({household})? The volunteers will then not confirm "
           "it, and you choose your household again.")
ASK_CHANGE = lazy("Withdraw your change request #{id} to {household}? Your household stays "
                  "{home}, as it is now.")
KEPT = lazy("Not withdrawn: registration #{id} ({household}) is still waiting for a volunteer "
            "to confirm it. You need not do anything.")
KEPT_CHANGE = lazy("Not withdrawn: your change request #{id} to {household} is still waiting "
                   "for a volunteer to confirm it. You need not do anything.")


async def on_redo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Asks to confirm withdrawing the caller's waiting registration (``regwd:<id>``);
    withdraws it and shows the household picker (``regwd:<id>:y``), or keeps it
    (``regwd:<id>:n``)."""
    if repeated(update, context):  # pressed twice at once: the first press is enough
        await answer(update, t(context, ALREADY))
        return
    await answer(update)
    query = update.callback_query
    field = (query.data or "").split(":") if query else []
    if len(field) not in (2, 3) or not field[1].isascii() or not field[1].isdigit() or \
            len(field[1]) > 9 or (len(field) == 3 and field[2] not in ("y", "n")):
        await refuse(update, context)
        return
    person = await person_of(update, context)
    repo = repo_of(context)
    choice = field[2] if len(field) == 3 else ""
    try:
        entry = await read(repo.entry, int(field[1]))
        if entry.kind != Kind.REGISTRATION:
            raise NotFound("no such registration")
        if choice == "y":
            entry = await call(repo.withdraw_own, entry.id, person["id"])
        else:  # asked, or kept: only checked, as withdraw_own would check it
            entry = await read(repo.withdrawable, entry.id, person["id"])
    except NotFound:
        await refuse(update, context)
        return
    except DomainError as exc:
        if choice:  # the question's buttons are answered
            await drop_buttons(update)
        if exc.code not in ("withdraw_decided", "withdraw_approved"):
            await refuse(update, context)
        elif entry.history and entry.history[-1].get("note") == WITHDRAWN_NOTE:
            await reply(update, t(context, "Registration #{id} is withdrawn already. To "
                                           "choose your household, send /start.", id=entry.id))
        else:
            await reply(update, t(context, "Registration #{id} was already decided by a "
                                           "volunteer, so it cannot be withdrawn. To change "
                                           "your household, send /start.", id=entry.id))
        return
    if choice == "y":  # the question becomes the answer (``show``)
        await _withdrawn(update, context, entry)
    elif choice == "n":
        await _kept(update, context, person, entry)
    else:
        await _ask(update, context, person, entry)


async def _ask(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
               entry: Any) -> None:
    """Asks whether to withdraw waiting registration ``entry``: one tap withdrew it before
    (a mis-tap under "waiting for a volunteer" took her registration back)."""
    repo = repo_of(context)
    home = person.get("household") if resident_area(person) else None
    said = {"id": entry.id, "household": label(repo, str(entry.data.get("household", "")))}
    if home:
        text = t(context, ASK_CHANGE, home=label(repo, home), **said)
    else:
        text = t(context, ASK, **said)
    await reply(update, text, reply_markup=keyboard(
        [(t(context, "Yes, withdraw it"), f"{REDO}:{entry.id}:y"),
         (t(context, "No, keep it"), f"{REDO}:{entry.id}:n")]))


async def _kept(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                entry: Any) -> None:
    """Says registration ``entry`` is kept, still waiting: nothing changed (in place of
    the question)."""
    repo = repo_of(context)
    home = person.get("household") if resident_area(person) else None
    await show(update, t(context, KEPT_CHANGE if home else KEPT, id=entry.id,
                         household=label(repo, str(entry.data.get("household", "")))), None)


async def _withdrawn(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Any) -> None:
    """The volunteers' posts of the registration just withdrawn say so and lose their
    buttons; she is told, and shown the household picker."""
    repo = repo_of(context)
    await mark_decided(context, entry.id, WITHDRAWN_BY)
    (context.user_data or {}).pop(ASKED, None)
    (context.user_data or {}).pop(DECLINED_AT, None)  # its 不公开也登记 is stale too
    person = await person_of(update, context)
    home = person.get("household") if resident_area(person) else None
    if home:  # a change request withdrawn: before, only 请在下面重新选择您的住址, as if
        # she had no home any more
        text = t(context, "Registration #{id} ({household}) is withdrawn; the volunteers "
                          "will not confirm it. Your household is still {home}: nothing "
                          "changed. To change it after all, choose below; if not, you need "
                          "not press anything.", id=entry.id, home=label(repo, home),
                 household=label(repo, entry.data.get("household", "")))
    else:
        text = t(context, "Registration #{id} ({household}) is withdrawn; the volunteers "
                          "will not confirm it. Please choose your household again below.",
                 id=entry.id, household=label(repo, entry.data.get("household", "")))
    await show(update, text, None)
    await show_compounds(update, context, 0, fresh=True)


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A "wrong household" withdrawal confirmed (``regwd:<id>:y``), stored just before
    the bot stopped: she is told it is withdrawn and shown the household picker, and the
    volunteers' posts are marked, as the press would have (before, she read "already
    saved … start again from the menu", not whether it was withdrawn, and no picker);
    whether it was such a press (the registration hers and withdrawn by her)."""
    query = update.callback_query
    field = (query.data or "").split(":") if query else []
    if len(field) != 3 or field[0] != REDO or field[2] != "y" or not field[1].isdigit() or \
            len(field[1]) > 9 or update.effective_user is None:
        return False
    person = await person_of(update, context)
    entry = await entry_or_none(context, int(field[1]))
    if entry is None:
        return False
    last = entry.history[-1] if entry.history else {}
    if entry.kind != Kind.REGISTRATION or entry.author != person["id"] or \
            last.get("note") != WITHDRAWN_NOTE or last.get("by") != person["id"]:
        return False
    await _withdrawn(update, context, entry)
    return True


COMMANDS: list[Any] = []
HANDLERS = [CallbackQueryHandler(on_redo, pattern=f"^{REDO}:")]
