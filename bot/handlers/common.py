"""Commands every user has: /help, /language, /cancel, and the main menu."""

from __future__ import annotations

import functools

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes, ConversationHandler

from db.people import is_admin, volunteer_areas

from ..commands import Audience, Command, all_commands
from ..context import call, lang_of, person_of, reply, repo_of, t
from ..i18n import lazy, tr
from ..keyboards import menu

__all__ = ["COMMANDS", "HANDLERS", "main_menu", "cancel", "interrupted", "MENU_LABELS"]

# The main menu, in the order residents see it (msgids; translated per user).
MENU_LABELS = (lazy("Report"), lazy("Opinion"), lazy("Vote"), lazy("Fee paid"),
               lazy("Accounts"), lazy("Mine"), lazy("Help"))
LANG_PREFIX = "lang:"


@functools.lru_cache(maxsize=8)
def main_menu(lang: str) -> ReplyKeyboardMarkup:
    """The menu under the typing field, in ``lang`` (made once: it is immutable)."""
    labels = [tr(lang, m) for m in MENU_LABELS]
    return menu([labels[0:3], labels[3:6], labels[6:]])


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lists the commands this user may use, from the command table."""
    person = await person_of(update, context)
    audience = {Audience.EVERYONE, Audience.RESIDENT}
    if volunteer_areas(person) or is_admin(person):
        audience.add(Audience.VOLUNTEER)
    if is_admin(person):
        audience.add(Audience.ADMIN)
    lines = [t(context, "Steward helps your compound: report problems, vote, and see "
                        "where every yuan goes. Commands:")]
    for cmd in all_commands():
        if cmd.audience in audience:
            lines.append(f"/{cmd.name} — {t(context, cmd.description)}")
    await reply(update, "\n".join(lines), reply_markup=main_menu(lang_of(context)))


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offers 中文 / English."""
    await person_of(update, context)
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("中文", callback_data=f"{LANG_PREFIX}zh"),
        InlineKeyboardButton("English", callback_data=f"{LANG_PREFIX}en"),
    ]])
    await reply(update, t(context, "Choose your language:"), reply_markup=keyboard)


async def language_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stores the chosen language and shows the menu in it."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    choice = (query.data or "")[len(LANG_PREFIX):]
    if choice not in ("zh", "en"):
        await reply(update, t(context, "That button is no longer valid."))
        return
    person = await person_of(update, context)
    await call(repo_of(context).set_language, person["id"], choice)
    context.user_data["lang"] = choice  # type: ignore[index]
    await reply(update, tr(choice, "Language set to English."), reply_markup=main_menu(choice))


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Leaves any flow; nothing half-done is stored."""
    for key in [k for k in (context.user_data or {}) if k.startswith("flow:")]:
        context.user_data.pop(key, None)  # type: ignore[union-attr]
    await reply(update, t(context, "Cancelled. Nothing was saved."),
                reply_markup=main_menu(lang_of(context)))
    return ConversationHandler.END


async def interrupted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """A command arrived in the middle of a flow: end the flow and say so."""
    for key in [k for k in (context.user_data or {}) if k.startswith("flow:")]:
        context.user_data.pop(key, None)  # type: ignore[union-attr]
    await reply(update, t(context, "The previous step was cancelled (nothing was saved). "
                                   "Please send the command again."),
                reply_markup=main_menu(lang_of(context)))
    return ConversationHandler.END


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel outside any flow."""
    await reply(update, t(context, "There is nothing to cancel."),
                reply_markup=main_menu(lang_of(context)))


COMMANDS = [
    Command("help", "Show what I can do", help_command, menu_label="Help", order=90),
    Command("language", "Switch between 中文 and English", language, order=91),
    Command("cancel", "Leave the current step", cancel_command, order=92),
]

HANDLERS = [CallbackQueryHandler(language_chosen, pattern=f"^{LANG_PREFIX}")]
