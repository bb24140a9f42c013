"""What residents are told about publication, in plain words, and their consent.

PIPL art. 25: making personal information public needs a separate consent.
So before registering a household a person reads ``NOTICE`` (what the public
site will show, what it never will, who sees the rest, and their rights) and
agrees to it with a button of its own; ``db.privacy`` records the consent
with its time and ``CONSENT_VERSION``. Someone registered before the notice
existed (or before a new version) is shown it again at their next
submission (``ask_consent``).

Every step that makes something public says so on the message that carries
its confirm button: ``PUBLIC`` holds those sentences, one per kind of
submission (a report, an opinion, a fee, a fee with its receipt photo, a
correction, a question), so each flow says the same thing in the same words.
The Chinese is in ``locale/zh_CN/LC_MESSAGES/consent.po``.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from db.chinese_names import neighbours_called
from db.privacy import CONSENT_VERSION, has_consent, withheld_own

from .context import call, lang_of, read, reply, repo_of, t
from .flows import SEAL
from .i18n import lazy
from .keyboards import button

__all__ = ["CONSENT_VERSION", "NOTICE", "EXPLAINED", "PUBLIC", "public_notice", "consent_keyboard",
           "ask_consent", "has_consent", "AGREE", "DISAGREE", "DECLINED",
           "DECLINED_REGISTRATION", "earlier_texts", "REPUBLISH"]

AGREE = "reg:agree"  # the consent buttons (handled by bot.handlers.registration)
DISAGREE = "reg:no"
REPUBLISH = "rp"  # rp:ok / rp:no, put the earlier texts back or not (bot.handlers.unpublish)

NOTICE = lazy(
    "Before you register, please read what happens to what you send.\n"
    "The public website shows, once a volunteer has checked it: the problems you "
    "report (with their photos), your opinions, corrections you ask for, and the fees "
    "your household paid, with your building and unit only, signed \"resident\". "
    "Phone and ID numbers in your words are hidden.\n"
    "It never shows: your name, your Telegram account, your phone number, your room "
    "number, how your household voted, or photos of your payment receipts.\n"
    "The volunteers of your area see your name and room, to check what you send; "
    "nobody else does.\n"
    "What is kept stays as long as the records of your compound are kept; what was "
    "published stays published (mistakes are corrected in public), unless you withdraw "
    "this agreement or delete your personal data: then the words and photos you published "
    "come off the website.\n"
    "Your rights: under \"Help\" in the menu, buttons send you everything kept about "
    "you, correct something published, withdraw this agreement, or delete your personal "
    "data (or send /mydata, /correct, /unpublish, /forget).\n"
    "Do you agree to this?")
# A question typed at the consent question (为什么要这些信息？, 不明白, what is this):
# the notice again, short and plain, before its buttons (bot.handlers.registration).
EXPLAINED = lazy(
    "In short, why we ask:\n"
    "• What is kept: your name as on Telegram, your room, and what you send. The "
    "volunteers use them to check that you live there.\n"
    "• Who sees them: only the volunteers of your compound.\n"
    "• The public website never shows your name or phone number: what you send is "
    "signed \"resident\", with your building and unit only.\n"
    "• Later you can see, correct or delete what is kept: press \"Help\" in the menu "
    "(or type 我的信息).\n"
    "• Registering for your parents or a relative is fine: choose their home and agree; "
    "a volunteer checks it with them. Then you can report, record fees and vote for "
    "that household (one vote per household).\n"
    "To register, press \"{agree}\"; if you do not want to, press \"{decline}\".")
# "I do not agree" at the registration's question: the way back is a button, for a
# press by mistake (an elderly resident's finger), not a command.
DECLINED_REGISTRATION = lazy(
    "Then nothing you send will be made public. You can still register this household "
    "without agreeing: you can vote for it and read the accounts, and when you report a "
    "problem, give an opinion or record a fee (those are published), I will ask you "
    "again. Pressed it by mistake? Press \"Back\".")
# "I do not agree" at the notice shown again to a registered resident (``ask_consent``:
# she withdrew her agreement, or registered before the notice): she was told "Then I
# will not register you … send /start", registered as she is.
DECLINED = lazy("Then nothing was sent. Your household stays registered: you can still vote "
                "and read the accounts. To send something later, press its button again "
                "and agree.")
# The notice's first line, for a registered resident: it began "Before you register".
NOTICE_AGAIN = lazy("Before you send this, please read what happens to what you send.")

PUBLIC: dict[str, str] = {
    "issue": lazy("Once a volunteer approves it, your report (category, description, photos "
                  "and the building you chose) is published on the public website, signed "
                  "\"resident\": never your name or room; phone and ID numbers in it are "
                  "hidden."),
    "opinion": lazy("Once a volunteer approves it, your opinion is published on the public "
                    "website, signed \"resident\": never your name or room; phone and ID "
                    "numbers in it are hidden."),
    "fee": lazy("Once a volunteer confirms it, the public accounts show the fee, the period, "
                "the amount and your building and unit: never your name or room."),
    "fee_receipt": lazy("Your receipt photo is seen by the volunteers only; the public "
                        "accounts say \"receipt checked\"."),
    "correction": lazy("Once a volunteer approves it, your correction is published: the "
                       "website shows the corrected text, marked as corrected, with the date "
                       "and your reason. The words first published are no longer shown."),
    # ... a report's or an opinion's voice: "your opinion is published" read to her as her
    # voice put on the website for the compound to hear
    "voice": lazy("Your voice message is heard by the volunteers only, never published: the "
                  "website shows its length and the few words a volunteer writes of it."),
    "question": lazy("Once a volunteer answers it, your question and the answer are "
                     "published on the public website, signed \"resident\": never your name "
                     "or room; phone and ID numbers in it are hidden."),
}


def public_notice(context: ContextTypes.DEFAULT_TYPE, *kinds: str) -> str:
    """What becomes public, for the message with a confirm button (one line per kind)."""
    return "\n".join("🔓 " + t(context, PUBLIC[k]) for k in kinds)


# Her words call a neighbour by surname (3号楼的李阿姨): the site keeps such words (db.redact
# masks full names, not 李阿姨), the compound knows who is meant, and the neighbour never
# agreed (PIPL art. 25). The volunteer who approves is warned (bot.describe); she is told
# first, while she can still leave it out.
CALLED = lazy("⚠️ {words} reads like what a neighbour is called: once public, the compound "
              "knows who is meant. Unless they agreed, press \"Edit\" and leave it out.")


def called_note(context: ContextTypes.DEFAULT_TYPE, text: object) -> list[str]:
    """The summary's warning when ``text`` calls someone by surname; none otherwise."""
    words = neighbours_called(text)
    return [t(context, CALLED, words="、".join(f"“{w}”" for w in words[:3]))] if words else []


def consent_keyboard(context: ContextTypes.DEFAULT_TYPE, agree: str = AGREE,
                     agree_label: str | None = None,
                     disagree: str = DISAGREE) -> InlineKeyboardMarkup:
    """I agree / I do not agree."""
    return InlineKeyboardMarkup([
        [button(agree_label or t(context, "I agree"), agree)],
        [button(t(context, "I do not agree"), disagree)],
    ])


async def ask_consent(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any], agree: str = AGREE) -> bool:
    """True when ``person`` agreed to the current notice, or agrees by this very press
    (of ``agree``, the data of the notice's "I agree": the button that started the flow
    with ``:agree`` after it, so that the flow goes on at once; the notice then says the
    agreement is recorded); otherwise show it with its buttons and return False (the
    flow does not start)."""
    if has_consent(person, CONSENT_VERSION):
        return True
    query = update.callback_query
    if agree != AGREE and query is not None and (query.data or "").split(SEAL)[0] == agree:
        await call(repo_of(context).consent, person["id"], CONSENT_VERSION, lang_of(context))
        earlier, markup = await earlier_texts(context, person["id"])
        done = t(context, "Thank you, your agreement is recorded.") + earlier
        try:
            await query.edit_message_text(done, reply_markup=markup)
        except BadRequest:  # pressed twice, or the notice is gone: say it below
            await reply(update, done, reply_markup=markup)
        return True
    # (the notice's first line, "Before you register", is for those registering)
    body = t(context, NOTICE).split("\n", 1)[-1]
    await reply(update, t(context, NOTICE_AGAIN) + "\n" + body,
                reply_markup=consent_keyboard(context, agree))
    return False


async def earlier_texts(context: ContextTypes.DEFAULT_TYPE, person_id: int
                        ) -> tuple[str, InlineKeyboardMarkup | None]:
    """For a resident who just agreed to the notice again after withdrawing it (/unpublish):
    what happens to the texts taken off the website then, which this agreement does not put
    back (PIPL art. 25: making them public again is a choice of its own), with the buttons
    to put them back or keep them off; ("", None) when none is withheld. She was told
    nothing, and they stayed off the site without a word."""
    n = len(withheld_own(await read(repo_of(context).entries, author=person_id)))
    if not n:
        return "", None
    return "\n" + t(context, "Your {n} earlier text(s), taken off the website when you "
                              "withdrew your agreement, stay off it: this agreement is for "
                              "what you send from now on. Put them back on the website too?",
                     n=n), InlineKeyboardMarkup([
        [button(t(context, "Put them back on the website"), f"{REPUBLISH}:ok")],
        [button(t(context, "Keep them off"), f"{REPUBLISH}:no")]])
