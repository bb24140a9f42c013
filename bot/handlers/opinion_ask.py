"""/opinion's questions (``bot.handlers.opinion``): which open proposal it is about, its
text, and the confirmation that says what is published; each notes where its ⬅️ 上一步
leads (``bot.step_back``: the text to the proposals, the confirmation to the text, the
text asked again by 修改 to the confirmation; the proposals, the first step, nowhere).
A step she comes back to keeps what she chose or wrote (``bot.handlers.opinion_back``).
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import voice
from db.entries import Kind, Status

from ..consent import called_note, public_notice
from ..context import lang_of, person_of, read, reply, repo_of, t
from ..flows import draft, sealed, states
from ..i18n import lazy, tr
from ..keyboards import button
from ..resident import VOICE_TEXT
from ..step_back import back_line, back_of, back_to
from ..voice_words import ONE_VOICE
from ..words import normalise

__all__ = ["FLOW", "PREFIX", "ABOUT", "WRITE", "CONFIRM", "SAID", "SPOKEN", "spoken_of", "EDITING",
           "PHOTOS",
           "ask_about", "about_markup", "kept_before", "ask_text", "confirm", "cancel_line",
           "write_markup"]

FLOW = "opinion"
PREFIX = "op"
ABOUT, WRITE = states(FLOW, "about", "write")
(CONFIRM,) = states(FLOW, "confirm")
EDITING = "editing"  # the text asked again by 修改: ⬅️ 上一步 leads to the confirmation
PHOTOS = "photos"  # the photos kept for her, taken by op:said (bot.handlers.opinion_photos)
PHOTOS_GO = lazy("Photos: {count}, going with your opinion. Only the volunteers who review it "
                 "see them; the site does not show them.")
CHOSEN = lazy("Chosen now: {about}. Press it to keep it, or another one to change it.")
KEPT = lazy("Your opinion: {text}\nTo keep it, press \"Keep it, continue\"; to change it, "
            "type a new one or send a voice message.")


def cancel_line(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> list[Any]:
    """取消, after ⬅️ 上一步 at a step that has one."""
    return back_line(lang_of(context), PREFIX, back_of(d),
                     button(t(context, "Cancel"), f"{PREFIX}:cancel"))


async def ask_about(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str,
                    lead: str = "") -> str:
    """Asks whether the opinion is about an open proposal (when there is one), else for
    its text, or shows it to submit when it was written already (``SAID``)."""
    d = draft(context, FLOW)
    proposals = await read(repo_of(context).entries, area=area, kind=Kind.PROPOSAL,
                           status=Status.OPEN)
    if not proposals:
        kept = kept_before(d)
        return await confirm(update, context, kept) if kept \
            else await ask_text(update, context)
    back_to(d, None)  # the first step: 上一步 leaves the opinion
    choices = [[button(t(context, "About #{id}: {title}", id=p.id,
                         title=str(p.data.get("title", ""))[:40]), f"{PREFIX}:p:{p.id}")]
               for p in proposals[-8:]]
    choices.append([button(t(context, "A general opinion"), f"{PREFIX}:p:0")])
    choices.append([button(t(context, "Cancel"), f"{PREFIX}:cancel")])
    # kept, for a sticker or a pin sent next: the choice again below (about_markup)
    d["about"] = [[b.text, b.callback_data] for row in choices for b in row]
    text = lead or t(context, "Is your opinion about one of the open proposals?")
    chosen = [label for label, data in d["about"] if "proposal" in d and not lead and
              data == f"{PREFIX}:p:{d['proposal']}"]
    if chosen:  # came back to it: what she chose is said
        text += "\n" + t(context, CHOSEN, about=chosen[0])
    await reply(update, text, reply_markup=InlineKeyboardMarkup(choices))
    return ABOUT


def about_markup(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(label, str(data))]
                                 for label, data in draft(context, FLOW).get("about", [])])


# Typed at "Is your opinion about one of the open proposals?" for its 一般意见 button.
GENERAL = frozenset({"一般", "一般的", "一般意见", "一般的意见", "普通", "普通的", "普通意见",
                     "都不是", "不是", "都不", "不关于", "不是提议", "不是关于提议", "没有", "其他",
                     "其它", "别的", "别的事", "其他的", "其它的", "general", "ageneralopinion",
                     "none", "no"})
_FILLER = re.compile(r"^(?:是|就是)?(?:关于|对|说)?(?:那个|这个)?|"
                     r"(?:的|那个|这个|提议|的事|的事情)+$")


def typed_about(d: dict[str, Any], text: str) -> int | None:
    """The button a choice typed at that question means (0: 一般意见; a proposal's id:
    537, #537, 关于路灯的, words of its title alone), among the buttons shown (``about``);
    None when it names none, or several (路灯太贵了 is an opinion, kept as before)."""
    said = normalise(text)
    shown: dict[int, str] = {}  # id -> its button's label (0: 一般意见)
    for label, data in d.get("about", []):
        head, _, tail = str(data).rpartition(":")
        if head == f"{PREFIX}:p" and tail.isdigit():
            shown[int(tail)] = normalise(str(label))
    if said in GENERAL and 0 in shown:
        return 0
    number = said.lstrip("#＃")
    if number.isdigit():
        return int(number) if len(number) < 10 and int(number) in shown and int(number) \
            else None
    words = _FILLER.sub("", said)
    if len(words) < 2 or len(said) > 12:
        return None
    found = [i for i, label in shown.items() if i and words in label]
    return found[0] if len(found) == 1 else None


SAID = "said"  # the opinion typed before it said what it was about (on_text_at_about)
# the same, spoken (on_voice_at_about, or a voice kept taken up: op:voice): its voices as an
# opinion's data holds them (voice, voice_seconds, voice_more, voice_more_seconds, and the
# words typed with them after the placeholder in text); [voice ref, seconds] before
SPOKEN = "spoken"


def spoken_of(d: dict[str, Any]) -> dict[str, Any] | None:
    """The voices spoken before the opinion said what it was about (``SPOKEN``), as an
    opinion's data holds them; None when there are none."""
    spoken = d.get(SPOKEN)
    if isinstance(spoken, list) and len(spoken) == 2:  # kept before it took several
        spoken = {"voice": spoken[0], "voice_seconds": spoken[1]}
    if not isinstance(spoken, dict) or not isinstance(spoken.get("voice"), str):
        return None
    return {k: spoken[k] for k in ("voice", "voice_seconds", "voice_more", "voice_more_seconds",
                                   "text") if k in spoken}


def kept_before(d: dict[str, Any]) -> dict[str, Any] | None:
    """The opinion typed or spoken before it said what it was about, taken out of the
    draft as it is shown to submit (words typed besides a voice go with it, for the
    volunteers: ``db.voice.typed_words``); None when there was none."""
    spoken = spoken_of(d)
    said = d.pop(SAID, None)
    d.pop(SPOKEN, None)
    if spoken is not None:
        words = [w for w in (voice.typed_words(spoken), said) if w]
        return {**spoken, "text": tr("zh", VOICE_TEXT) + "".join(f"\n{w}" for w in words)}
    return {"text": said} if said else None


def _shown(context: ContextTypes.DEFAULT_TYPE, data: dict[str, Any]) -> str:
    """The opinion as she is shown it (a voice message said so, with words typed)."""
    count = 1 + len(data.get("voice_more") or [])
    said = t(context, ONE_VOICE, length=voice.clock(voice.seconds_of(data))) if count == 1 else \
        t(context, "({count} voice messages, {length} in all)", count=count,
          length=voice.clock(voice.seconds_of(data)))
    shown = " ".join(filter(None, [said, voice.typed_words(data)])) \
        if data.get("voice") else str(data.get("text") or "")
    return shown if len(shown) <= 1500 else shown[:1499] + "…"  # cut: said by its mark


async def ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE, lead: str = "") -> str:
    """Asks for the opinion; come back to it (上一步), shows the one written, kept, with
    不改，继续."""
    d = draft(context, FLOW)
    back_to(d, "confirm" if d.get(EDITING) else "about" if d.get("about") else None)
    data = d.get("data")
    if isinstance(data, dict) and data.get("text") and not d.get(EDITING):
        await reply(update, t(context, KEPT, text=_shown(context, data)),
                    reply_markup=write_markup(context))
        return WRITE
    await reply(update, lead + t(context, "Please write your opinion or suggestion (or send a "
                                          "voice message). Volunteers read every one."),
                reply_markup=write_markup(context))
    return WRITE


def write_markup(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The opinion step's buttons: 不改，继续 (one written, kept), ⬅️ 上一步 and 取消; again
    under what answers a sticker or a photo there, the buttons scrolled away."""
    d = draft(context, FLOW)
    data = d.get("data")
    kept = [[button(t(context, "Keep it, continue"), f"{PREFIX}:keep")]] \
        if isinstance(data, dict) and data.get("text") and not d.get(EDITING) else []
    return InlineKeyboardMarkup([*kept, cancel_line(context, d)])


async def confirm(update: Update, context: ContextTypes.DEFAULT_TYPE,
                  data: dict[str, Any]) -> str:
    """Keeps the opinion in the draft and asks to submit it, saying what is published."""
    d = draft(context, FLOW)
    d["data"] = data
    d.pop(EDITING, None)
    back_to(d, "text")  # 上一步 typed: the text, kept (its buttons: 提交, 修改, 取消)
    photos = len(d.get(PHOTOS) or [])
    text = "\n".join([t(context, "Your opinion: {text}", text=_shown(context, data)),
                      *([t(context, PHOTOS_GO, count=photos)] if photos else []),
                      public_notice(context, "opinion",
                                    *(("voice",) if data.get("voice") else ())),
                      *called_note(context, data.get("text")),
                      *await _sent_before(update, context, d)])
    await reply(update, text, reply_markup=sealed(InlineKeyboardMarkup([
        [button(t(context, "Submit"), f"{PREFIX}:ok")],
        [button(t(context, "Edit"), f"{PREFIX}:edit")],
        *([[button(t(context, "Without the photos"), f"{PREFIX}:nophoto")]] if photos else []),
        [button(t(context, "Cancel"), f"{PREFIX}:cancel")]]), d, f"{PREFIX}:ok"))
    return CONFIRM


async def _sent_before(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> list[str]:
    """Her same words still waiting as an opinion (sent twice, not sure the first went)."""
    words = normalise(str(d["data"].get("text") or "")) if not d["data"].get("voice") else ""
    person = await person_of(update, context) if words else {}
    same = [e for e in await read(repo_of(context).entries, area=d.get("area"),
                                  kind=Kind.OPINION, status=Status.PENDING, author=person["id"])
            if normalise(str(e.data.get("text") or "")) == words] if person.get("id") else []
    return [t(context, "⚠️ You gave the same opinion already: #{id} (waiting for review). If "
                       "it is the same one, there is no need to send it again: press "
                       "\"{cancel}\".", id=same[-1].id, cancel=t(context, "Cancel"))] \
        if same else []
