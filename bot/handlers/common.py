"""Commands every user has: /help, /language and /cancel (outside a flow; inside
one, ``bot.flows.cancel`` ends it)."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.people import resident_area

from ..commands import Audience, Command, audience_of, commands_of, shown
from ..context import call, person_of, reply, repo_of, settings_of, t
from ..flows import answer, keyboard, refuse
from ..freetext import go_data
from ..i18n import lazy, tr
from ..menu import menu_of
from .name_fix import ASK_BUTTON as NAME_BUTTON
from .name_fix import ASK_DATA as NAME_ASK

__all__ = ["COMMANDS", "HANDLERS"]

LANG_PREFIX = "lang"
LANGUAGE_QUESTION = "请选择语言 / Choose your language:"


# The actions of everyone and residents that have no main-menu button: a button each
# under /help (go:<command>, bot.freetext), so nothing needs a command typed.
MORE = {"start": lazy("🏠 Register or change my household"),
        "ask": lazy("❓ Ask in public about the accounts"),
        "movedout": lazy("🚚 I moved out"),
        "mydata": lazy("📄 Everything kept about me"),
        "correct": lazy("✏️ Correct what I published"),
        "unpublish": lazy("🚫 Stop publishing what I sent"),
        "forget": lazy("🗑 Delete my personal data"),
        "language": "🌐 中文 / English",
        "whoami": lazy("👤 My roles")}

# An admin's, first under her /help's 更多操作: giving and taking roles, by buttons
# (bot.handlers.role_steps), without typing /grant and its English words.
ADMIN_MORE = {"grant": lazy("👤 Make someone a volunteer or supervisor"),
              "revoke": lazy("👤 Take a volunteer's or supervisor's role away")}

# Above a volunteer's commands: the one thing they do most needs none.
BUTTONS_FIRST = lazy("Entries to approve come to this chat with \"✅ Approve\" and \"❌ Reject\" "
                     "buttons under them: press one, no command needed. The first row of the "
                     "menu does the daily work without commands: \"To approve\" (what waits), "
                     "\"Handle reports\" (open reports, and how to record a visit), \"Record "
                     "money\" (a fee collected, an expense). The commands below are for the rest "
                     "of the work; N is an entry's number (#12: /approve 12).")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Names the menu's buttons, offers a button for every other action, and lists a
    volunteer's commands, from the command table. A volunteer (or supervisor) with no
    household registered gets her commands first and not the menu's household words."""
    person = await person_of(update, context)
    audience = audience_of(person)
    table = commands_of(context.application)
    staff = [c for c in table if shown(c, audience)
             and c.audience not in (Audience.EVERYONE, Audience.RESIDENT)]
    if Audience.VOLUNTEER in audience:  # a resident's command a volunteer also uses her way
        staff = sorted(staff + [
            replace(c, description=c.extra["staff_help"], order=c.extra["staff_order"])
            for c in table if "staff_help" in c.extra], key=lambda c: (c.order, c.name))
    names = {c.name for c in table if c.audience in (Audience.EVERYONE, Audience.RESIDENT)}
    more = [(t(context, label) if name != "language" else label, go_data(name))
            for name, label in MORE.items() if name in names]
    if person.get("name"):  # 改名字 by a button too, after 查看保存的我的全部信息 (it shows it)
        at = next((i + 1 for i, (_, data) in enumerate(more) if data == go_data("mydata")),
                  len(more))
        more.insert(at, (t(context, NAME_BUTTON), NAME_ASK))
    if Audience.ADMIN in audience:
        more = [(t(context, label), go_data(name)) for name, label in ADMIN_MORE.items()
                if name in {c.name for c in staff}] + more
    if staff and resident_area(person) is None:
        # a volunteer living elsewhere: the menu's words for "your household" (投票 — 为您
        # 家对提议投票) are not hers; her commands first, then what anyone may do
        await reply(update, _staff_help(context, audience, staff),
                    reply_markup=await menu_of(update, context))
        await reply(update, t(context, "More:"), reply_markup=keyboard(more, 1))
        return
    lines = [t(context, "Steward helps your compound: report problems, vote, and see "
                        "where every yuan goes. Press the buttons of the menu below:")]
    lines += [f"{t(context, c.menu_label)} — {t(context, c.description)}"
              for c in table if c.menu_label]
    if resident_area(person) is not None:  # a voice or a photo alone is kept (said_voice)
        lines.append(t(context, SPEAK_IT))
    # told at a street meeting to look it up on the site, she found no address here
    base = (settings_of(context).site_url or repo_of(context).street.site_url or "").rstrip("/")
    if base:
        area = resident_area(person)
        lines.append(t(context, SITE, url=f"{base}/areas/{area}/" if area else f"{base}/"))
    await reply(update, "\n".join(lines), reply_markup=await menu_of(update, context))
    await reply(update, t(context, "More:"), reply_markup=keyboard(more, 1))
    if staff:
        await reply(update, _staff_help(context, audience, staff))


# Nothing said that she could just speak her complaint: the help listed buttons only.
SPEAK_IT = lazy("Buttons are hard to use? You can also just send a voice message or a photo: "
                "I keep it and ask whether it is a problem to report or an opinion.")
SITE = lazy("The public website (every fee and expense, what became of each report, the "
            "votes): {url}")


def _staff_help(context: ContextTypes.DEFAULT_TYPE, audience: set[Audience],
                staff: list[Command]) -> str:
    """A volunteer's (or a supervisor's) commands under /help."""
    if Audience.VOLUNTEER in audience:
        start = [t(context, BUTTONS_FIRST), t(context, "Your commands as a volunteer:")]
    else:  # a supervisor: reads, approves nothing
        start = [t(context, "Your commands as a supervisor (you read what the volunteers "
                            "do; you approve nothing):")]
    lines = start
    heading = None
    reads_only = Audience.VOLUNTEER not in audience
    for c in staff:
        if section_of(c, reads_only=reads_only) != heading:
            heading = section_of(c, reads_only=reads_only)
            lines.append(f"\n【{t(context, heading)}】")
        lines.append(f"/{c.name} — {t(context, c.description)}")
    return "\n".join(lines)


# A volunteer's commands under /help, in groups of the work they are for (a busy grid
# worker looks for "the money" or "reports", not through 30 lines): the first group
# whose order bound a command's ``order`` is below.
STAFF_SECTIONS = (
    (30, lazy("Approving, and answering residents")),
    (40, lazy("Reports")),
    (50, lazy("Money")),
    (60, lazy("Votes and self-government")),
    (80, lazy("Notices and the site")),
    (1000, lazy("Admin")),
)


# A supervisor's first group (/overview, /pending): she approves and answers nothing.
SUPERVISOR_FIRST = lazy("What waits, and each area at a glance")


def section_of(command: Command, *, reads_only: bool = False) -> str:
    """The heading ``command`` is listed under in a volunteer's /help (``reads_only``: a
    supervisor's)."""
    label = next(label for bound, label in STAFF_SECTIONS if command.order < bound)
    return SUPERVISOR_FIRST if reads_only and label == STAFF_SECTIONS[0][1] else label


async def language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offers 中文 / English."""
    await person_of(update, context)
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("中文", callback_data=f"{LANG_PREFIX}:zh"),
        InlineKeyboardButton("English", callback_data=f"{LANG_PREFIX}:en"),
    ]])
    # in both languages: who asks for this may not read the one the bot speaks now
    await reply(update, LANGUAGE_QUESTION, reply_markup=keyboard)


async def language_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stores the chosen language and shows the menu in it."""
    await answer(update)
    query = update.callback_query
    choice = (query.data or "")[len(LANG_PREFIX) + 1:] if query else ""
    if choice not in ("zh", "en"):
        await refuse(update, context)
        return
    person = await person_of(update, context)
    await call(repo_of(context).set_language, person["id"], choice)
    context.user_data["lang"] = choice  # type: ignore[index]
    await reply(update, tr(choice, "Language set to English."),
                reply_markup=await menu_of(update, context))


async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cancel outside any flow."""
    await reply(update, t(context, "There is nothing to cancel."),
                reply_markup=await menu_of(update, context))


COMMANDS = [
    Command("help", "Show what I can do", help_command, menu_label="Help", order=90),
    Command("language", "Switch between 中文 and English", language, order=91),
    Command("cancel", "Leave the current step", cancel_command, order=92),
]

HANDLERS = [CallbackQueryHandler(language_chosen, pattern=f"^{LANG_PREFIX}:")]
