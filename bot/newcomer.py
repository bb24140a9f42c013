"""Someone not registered yet writing outside a flow (``bot.freetext`` asks
``unregistered`` of what no command, flow or button took): told to register, with
the welcome and the main menu the first time, the household picker's step again when
they typed in it, or that their household waits (with the way to correct a household
chosen by mistake). Their words (a problem, a sentence, a photo's caption) are kept to
be offered for sending once the household is confirmed (``bot.handlers.verdict``);
so are the photos sent before it is confirmed, while it waits or before it is chosen (a
few, ``MAX_WAITING_PHOTOS``, each stored as a report's are: ``bot.said_photos``); what
else was sent (a voice message, a file) is said not to be kept.
"""

from __future__ import annotations

import re
import unicodedata

from telegram import Update
from telegram.ext import ContextTypes

from db.errors import DomainError
from db.voice import clock

from . import said_photos, said_voice
from .context import lang_of, person_of, reply, repo_of, t
from .files import photo_of
from .flows import MAX_INPUT, clean_text
from .handlers.registration import ASKED, AT, ask_confirm, redo_markup, show_next
from .handlers.registration_picker import locate
from .handlers.report_typed import typed_category
from .i18n import lazy
from .kept_records import span_of
from .menu import menu_of
from .resident import PICKER_SHOWN, SAID, choose_household, pending_registration
from .typed_home import waiting_line
from .words import normalise

__all__ = ["MENU_SHOWN", "SENT_KINDS", "UNREGISTERED_SENT", "is_problem", "is_sentence",
           "unregistered"]


PICK_HOUSEHOLD = lazy("To register, please press the buttons of the message above: your "
                      "compound, building, unit and room. If you cannot find it, press the "
                      "button below.")
# A newcomer's first words, before any /start: there is no message above to point at.
FIRST_CONTACT = lazy("Hello! This is the steward of your compound: report problems, give "
                     "opinions, vote for your household and see where every yuan goes. First, "
                     "please register your home: press the button below and choose your "
                     "compound, building, unit and room.")
SENT_KINDS = {"document": lazy("file"), "location": lazy("location"), "venue": lazy("location"),
              "contact": lazy("contact card"), "video": lazy("video"),
              "video_note": lazy("video"), "audio": lazy("audio file")}
SENTENCE = 8  # characters (without spaces and punctuation) that make a sentence, not a word
# ... and a wish, an opinion said in a few characters (希望多种点树, 建议装个路灯)
WISH = re.compile(r"希望|建议|能不能|能否|可不可以|应该|最好|盼望|呼吁|"
                  r"wish|hope|suggest|should|please")
WISHED = 5
# What goes wrong, said in a few characters (电梯坏了, 停电了, 没水了, 门锁不上): a problem
# even when it names none of the report's categories.
TROUBLE = re.compile(r"坏|漏|堵|破|裂|塌|臭|脏|偷|吵|闹|危险|着火|冒烟|不亮|不通|锁不|"
                     r"停电|停水|没电|没水|没有电|没有水|没气|没人管|没人收|"
                     # in English (no spaces: the text normalised)
                     r"broke|leak|blocked|clogged|notworking|doesntwork|dontwork|"
                     r"stink|smell|dirty|stolen|noisy|nowater|nopower|noelectricity|dark")
KEPT_TILL_CONFIRMED = lazy("What you wrote is kept: once your household is confirmed, I will "
                           "offer to send it to the volunteers.")
WAITING = lazy("Your household is waiting for a volunteer to confirm it; I will tell you when "
               "it is done. Meanwhile you can press Accounts in the menu below.")
# A newcomer's very first message: the welcome with the main menu, then the button to
# register. Only /start showed the menu, so one who began with 你好 was told later to
# press 账目 "in the menu below" (when she declined the notice, while her household
# waited) with no menu on her screen.
WELCOME_MENU = lazy("Hello! This is the steward of your compound: report problems, give "
                    "opinions, vote for your household and see where every yuan goes. The menu "
                    "below works already: \"Accounts\" shows the public accounts, \"Help\" "
                    "what I can do.")
REGISTER_FIRST = lazy("First, please register your home: press the button below and choose "
                      "your compound, building, unit and room.")
MENU_SHOWN = "menu_shown"  # user_data: WELCOME_MENU was sent
# A photo, a voice message or a file sent before the household is confirmed (a newcomer's
# first message is often the photo of the broken light): it got the welcome alone, as if
# nothing had been sent, and she thought it was reported.
NOT_KEPT_TILL_CONFIRMED = lazy("The {what} you sent was not kept. Once your household is "
                               "confirmed, press \"Report\" in the menu and send it again.")
NOT_TAKEN = lazy("The {what} you sent was not kept: I take text, photos and voice messages.")
UNREGISTERED_SENT = {"photo": lazy("photo"), "voice": lazy("voice message"), **SENT_KINDS}
# A photo sent while the household waits for a volunteer (the broken light, right after
# registering): it was "not kept … send it again", while her words were kept. Now a few
# are kept (``bot.said_photos``) and offered with a report once it is confirmed.
MAX_WAITING_PHOTOS = 3
PHOTO_KEPT_TILL_CONFIRMED = lazy("The photo is kept ({count} so far, for {span}): once your "
                                 "household is confirmed, I will offer to report it to the "
                                 "volunteers. Nothing has been sent to them yet.")
# ... a voice past the most one report takes: it replaced those kept, said kept
VOICES_FULL = lazy("This voice message was not kept: {max} voice messages are kept for you "
                   "already, the most one report or opinion takes. They are all still kept: "
                   "nothing is lost. If you have more to say, type it.")
PHOTOS_FULL = lazy("This photo was not kept: I keep at most {max} photos until your household "
                   "is confirmed, and those are kept. Once it is confirmed, you can send more "
                   "with a report.")
# ... and before choosing the household (the photo of the broken light as her first
# message, or sent while she picks which of her two flats to register): it was "not
# kept … send it again once confirmed", the photo to be found in her gallery again.
PHOTO_KEPT_TILL_REGISTERED = lazy("The photo is kept ({count} so far, for {span}): once you "
                                  "have registered your household and a volunteer has "
                                  "confirmed it, I will offer to report it to the volunteers. "
                                  "Nothing has been sent to them yet.")
PHOTO_NOT_STORED = lazy("This photo could not be kept (too large, or not a picture). Once your "
                        "household is confirmed, press \"Report\" in the menu and send it "
                        "again.")


def is_problem(text: str) -> bool:
    """Whether ``text`` says what is wrong: a report category's word, or ``TROUBLE``."""
    return typed_category(text) is not None or TROUBLE.search(normalise(text)) is not None


def is_sentence(text: str) -> bool:
    """Whether ``text`` is a sentence, not a word (``SENTENCE`` characters or more, two
    of them letters): 13912345678 or an ID number alone is no sentence. It was kept
    for a newcomer to send "to the volunteers" once confirmed, and offered to a resident
    as a report (found trying the real ``steward run``). A wish is one from ``WISHED``
    characters (希望多种点树, six: it got the greeting, her words not offered)."""
    said = normalise(text)
    wish = len(said) >= WISHED and WISH.search(said) is not None
    return (len(said) >= SENTENCE or wish) and \
        sum(unicodedata.category(ch).startswith("L") for ch in said) >= 2


def _words_kept(update: Update, context: ContextTypes.DEFAULT_TYPE, *,
                sentences: bool = True) -> str:
    """A problem or a sentence (a photo's caption too) sent before the household is
    confirmed: kept (``SAID``) to be offered for sending once it is confirmed
    (``bot.handlers.verdict``), after the words kept before it (she writes it in two or
    three messages); what was kept ("" for a greeting, a command, or too long a text).
    Without ``sentences`` (at the household picker) only a problem or a photo's caption
    is: a sentence typed there (找不到我家，我住5单元) is about registering."""
    message = update.effective_message
    if message is None:
        return ""
    text = clean_text(message.text or message.caption or "")
    wanted = is_problem(text) or (is_sentence(text) and (sentences or not message.text))
    if not text or text.startswith("/") or len(text) > MAX_INPUT or not wanted or \
            context.user_data is None:
        return ""
    before = context.user_data.get(SAID)
    if isinstance(before, str) and before and text in before.split("\n"):
        text = before  # the same words again
    elif isinstance(before, str) and before and len(before) + 1 + len(text) <= MAX_INPUT:
        text = f"{before}\n{text}"
    context.user_data[SAID] = text
    return text


async def unregistered(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Someone not registered (nor a volunteer): told to register, or that theirs waits
    (with the way to correct a household chosen by mistake); whether they were."""
    person = await person_of(update, context)
    if person.get("household") or person.get("roles"):
        return False
    pending = await pending_registration(context, person["id"])
    shown = pending is None and context.user_data is not None and \
        bool(context.user_data.get(PICKER_SHOWN))
    # what was sent besides the words: said not to be kept; the words (a caption too) are
    # kept to be offered once the household is confirmed (bot.handlers.verdict)
    media = await _photo_kept(update, context, waiting=pending is not None) or \
        await _voice_kept(update, context, waiting=pending is not None)
    # her address typed again while it waits: said to be hers, not kept as her words
    message = update.effective_message
    home = waiting_line(context, message.text or "", pending.data["household"]) \
        if pending is not None and message is not None else ""
    said = "".join("\n" + line for line in (media or _media_not_kept(update, context),
                                            home or (t(context, KEPT_TILL_CONFIRMED)
                                            if _words_kept(update, context, sentences=not shown)
                                            else "")) if line)
    if pending is not None:
        await reply(update, t(context, WAITING) + said,
                    reply_markup=redo_markup(context, pending.id))
    else:
        if not shown and context.user_data is not None and \
                not context.user_data.get(MENU_SHOWN):  # her first message: the menu too
            context.user_data[MENU_SHOWN] = True
            await reply(update, t(context, WELCOME_MENU) + said,
                        reply_markup=await menu_of(update, context))
            await reply(update, t(context, REGISTER_FIRST),
                        reply_markup=choose_household(lang_of(context)))
            return True
        if shown and await _consent_again(update, context, said):
            return True
        at = (context.user_data or {}).get(AT) if shown else None
        if isinstance(at, list) and at and all(isinstance(i, int) for i in at):
            # the step she is at, again below with its buttons: "press the message above,
            # or start over" sent her up the chat, or back to the compounds
            await reply(update, t(context, PICK_BELOW) + said)
            await show_next(update, context, at)
            return True
        greeted = not shown and bool((context.user_data or {}).get(MENU_SHOWN))
        if greeted and said:  # welcomed already: what became of what she sent, first
            await reply(update, said.lstrip("\n") + "\n" + t(context, REGISTER_FIRST) +
                        _typed_hint(context), reply_markup=choose_household(lang_of(context)))
            return True
        await reply(update, t(context, PICK_HOUSEHOLD if shown else FIRST_CONTACT) +
                    _typed_hint(context) + said, reply_markup=choose_household(lang_of(context)))
    return True


# 怎么登记, then 我不会弄: the same "press the button" again, nothing said of typing it
TYPE_IT = lazy("If the buttons are hard to use, you may also type your address, e.g. "
               "{example}.")


def _typed_hint(context: ContextTypes.DEFAULT_TYPE) -> str:
    """The line saying her address may be typed (``bot.handlers.registration_typed``
    reads it), with an example in her street's words."""
    compounds = repo_of(context).street.compounds
    if not compounds:
        return ""
    return "\n" + t(context, TYPE_IT, example=f"{compounds[0].name}1号楼2单元301")


PICK_BELOW = lazy("Please go on choosing with the buttons below:")


async def _consent_again(update: Update, context: ContextTypes.DEFAULT_TYPE, said: str) -> bool:
    """At the consent question (登记为…的住户吗？ 同意，这是我家), the last step shown: it
    again, below what was said of her photo or words; whether it was. It was the rooms of
    her unit (the step before), and she had to find her room again (walk141)."""
    asked = (context.user_data or {}).get(ASKED)  # dropped once a picker's step is shown
    if not (isinstance(asked, list) and len(asked) == 5 and
            all(isinstance(i, int) for i in asked)):
        return False
    found = locate(context, asked[:4])
    if found is None or found[3] is None:
        return False
    await ask_confirm(update, context, asked[:4], found[3], notice=False,
                      lead=t(context, PICK_BELOW) + said + "\n\n")
    return True


def _media_not_kept(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """For a photo, voice message, file or location sent before the household is
    confirmed: the line saying it was not kept ("" for text, a sticker)."""
    message = update.effective_message
    if message is None:
        return ""
    sent = "photo" if photo_of(message) is not None else next(
        (k for k in UNREGISTERED_SENT if k != "photo" and getattr(message, k, None)), None)
    if sent is None:
        return ""
    what = t(context, UNREGISTERED_SENT[sent])
    if sent not in ("photo", "voice"):  # a file, a location: 报事 takes none ("send it again")
        return t(context, NOT_TAKEN, what=what)
    return t(context, NOT_KEPT_TILL_CONFIRMED, what=what)



async def _voice_kept(update: Update, context: ContextTypes.DEFAULT_TYPE, *,
                      waiting: bool) -> str:
    """For a voice message sent before the household is confirmed: it is kept (the
    newest one, ``said_voice.WAITING_WINDOW``), to be offered once confirmed
    (``bot.handlers.verdict``), and the line saying so; "" when none was sent or it
    could not be stored (too large: ``_media_not_kept`` says it was not kept).

    It was 您发的语音没有保存。等您的住户登记经志愿者确认后…再发一次, while her words and
    photos were kept: the complaint she spoke was lost."""
    message = update.effective_message
    if message is None or message.voice is None or context.user_data is None:
        return ""
    if said_voice.full(context.user_data):  # a sixth: those kept stay (it replaced them)
        return t(context, VOICES_FULL, max=said_voice.count_of(context.user_data)[0])
    try:
        _ref, seconds = await said_voice.keep(update, context, said_voice.WAITING_WINDOW)
    except DomainError:
        return ""
    return t(context, said_voice.TILL_CONFIRMED if waiting else said_voice.TILL_REGISTERED,
             length=clock(seconds), span=span_of(context, said_voice.WAITING_WINDOW))


async def _photo_kept(update: Update, context: ContextTypes.DEFAULT_TYPE, *,
                      waiting: bool) -> str:
    """For a photo sent before the household is confirmed (``waiting``: it waits for a
    volunteer; else it is not chosen yet): it is kept, up to ``MAX_WAITING_PHOTOS`` (to
    be offered once confirmed, ``bot.handlers.verdict``), and the line saying what was
    kept; "" when no photo was sent."""
    message = update.effective_message
    if message is None or photo_of(message) is None or context.user_data is None:
        return ""
    if len(said_photos.kept_of(context.user_data)) >= MAX_WAITING_PHOTOS:
        return t(context, PHOTOS_FULL, max=MAX_WAITING_PHOTOS)  # not even downloaded
    kept = await said_photos.keep(update, context, said_photos.WAITING_WINDOW)
    if kept is None:
        return t(context, PHOTO_NOT_STORED)
    return t(context, PHOTO_KEPT_TILL_CONFIRMED if waiting else PHOTO_KEPT_TILL_REGISTERED,
             count=kept.photos,
             span=span_of(context, said_photos.WAITING_WINDOW))
