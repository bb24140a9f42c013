"""What a message no command, flow or button took gets: never a dead end.

Inside a flow every message is the flow's (its step, or ``unexpected``), so
what arrives here was typed outside one:

* **A common word** leads to its action: 同意 / 反对 / 投票 show the open votes
  with their buttons, 帮助 the help, 我的 / 账目 what those buttons show, and
  报事 / 交费 / 提意见 a button that starts that flow; so does an action's word
  after "I want to" (我要报事, 我想投票, 我要提意见).
* **A command no handler took** (/aprove 12, ／approve 12, /privacy) gets the one
  meant, or that there is none (``bot.mistyped``).
* **Someone not registered yet** (typing in the household picker, say) is told
  to use the picker's buttons, with a button that shows the picker again
  (``bot.newcomer``); at the consent question, what they type (同意, 好的 ...)
  gets the question again with its buttons (同意 is not taken for a vote there).
* **A sentence from a resident** (a complaint typed straight into the chat) is
  said not to be kept, with a button that sends it as an opinion without typing
  it again (``bot.handlers.opinion``) and one that starts a report.
* **A photo or voice message from a resident** is kept, with buttons that send it as
  a report (a photo, ``bot.said_photos``) or as a report or an opinion (a voice message,
  ``bot.said_voice``).
* **Anything else** gets the main menu with a friendly line naming its buttons;
  only when a flow's draft was left behind (the flow was lost, in a restart)
  does it say that what was in progress was interrupted.

The main menu's buttons and ``go:<command>`` buttons (``GO``) start the same
callbacks as the commands (``bot.app`` adds them), so a resident reaches
every action by pressing buttons.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Kind
from db.errors import DomainError
from db.people import resident_area, volunteer_areas
from db.proxy import household_reports
from db.voice import clock

from . import said_photos, said_voice, typed_home
from .asked import typed_answer
from .context import call, error_text, lang_of, person_of, read, reply, repo_of, t, word
from .entry_media import voice_seconds
from .files import album_step, photo_of, save_photo
from .flows import MAX_INPUT, clean_text, drop_drafts
from .handlers import (
    ask_author,
    called_ask,
    field_note,
    income_typed,
    name_fix,
    pressed_wrong,
    reopen,
    typed_verdict,
    vote_typed,
)
from .handlers.ask import SAID_DATA as ASK_SAID_DATA
from .handlers.ask import VOICE_BUTTON as ASK_VOICE
from .handlers.ask import VOICE_DATA as ASK_VOICE_DATA
from .handlers.pay import household_fees
from .handlers.registration_typed import ask_consent_again, offer_typed_household
from .handlers.vote_typed import vote_open
from .i18n import lazy, listing
from .kept import missed as missed_kept
from .keyboards import GO, button, go_data
from .menu import menu_of
from .mistyped import mistyped_command, mistyped_group_command
from .newcomer import SENT_KINDS, UNREGISTERED_SENT, is_problem, is_sentence, unregistered
from .resident import SAID, offer_said, said_rows
from .sent_before import said_again
from .staff_said import not_kept_line, not_kept_words
from .words import LOST, THANKS, normalise

__all__ = ["GO", "go_data", "not_understood", "WORDS", "normalise", "VOLUNTEER_HINT",
           "mistyped_group_command"]

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, Any]]


# A word typed alone -> the command it leads to. Exact words only (after dropping
# spaces and punctuation), so a sentence is never mistaken for one.
WORDS: dict[str, str] = {
    **dict.fromkeys(("同意", "反对", "弃权", "投票", "表决", "改票", "改投票", "重新投票",
                     "agree", "disagree", "abstain", "vote", "changemyvote"), "vote"),
    **dict.fromkeys(("报事", "报修", "反映问题", "投诉", "report", "reportaproblem"), "report"),
    **dict.fromkeys(("交费", "缴费", "交钱", "缴费登记", "交了费", "pay", "fee", "payafee",
                     "payfees", "paymyfee", "feepaid"), "pay"),
    **dict.fromkeys(("意见", "提意见", "建议", "提建议", "opinion", "giveanopinion"), "opinion"),
    **dict.fromkeys(("帮助", "怎么用", "菜单", "help", "menu", "?", *LOST), "help"),
    # 撤回 (take back what was sent): 我的 has a 撤回 button under each still waiting
    **dict.fromkeys(("我的", "进展", "进度", "撤回", "撤销", "mine", "withdraw", "takeback"),
                    "mine"),
    **dict.fromkeys(("账目", "账本", "查账", "看账", "查账目", "看账目", "accounts"), "accounts"),
    **dict.fromkeys(("提问", "问问题", "有疑问", "ask", "question"), "ask"),
    # a person's rights (PIPL), as people say them
    **dict.fromkeys(("我的信息", "我的数据", "个人信息", "我的个人信息", "查看我的信息",
                     "查看个人信息", "查看我的数据", "个人资料", "我的资料", "mydata"), "mydata"),
    **dict.fromkeys(("删除我的信息", "删除个人信息", "删除我的个人信息", "删除我的数据",
                     "删除信息", "注销", "注销账号", "删除账号", "forget", "deletemydata"),
                    "forget"),
    **dict.fromkeys(("我搬走了", "搬走了", "我搬家了", "搬家了", "我已搬走", "已经搬走了",
                     "房子卖了", "房子卖掉了", "movedout", "imovedout"), "movedout"),
    **dict.fromkeys(("更正", "改正", "修改", "更正内容", "修改内容", "correct"), "correct"),
    **dict.fromkeys(("撤回同意", "撤回公开同意", "不要公开", "不公开", "取消公开", "不同意公开",
                     "不想公开", "unpublish"), "unpublish"),
    # the way back from the other language: 中文 typed by someone the bot answers in
    # English (or English by someone it answers in Chinese) shows the 中文 / English buttons
    **dict.fromkeys(("中文", "汉语", "简体中文", "说中文", "用中文", "改成中文", "语言", "切换语言",
                     "英文", "英语", "chinese", "english", "language", "lang"), "language"),
}
# 我要报事, 我想投票, 我要提意见, 请帮我报修一下: one of these actions' words after "I
# want to" leads where the word alone does (they got the menu's greeting).
# 怎么投票, how do I pay: asking how to do one of them leads where the word does too.
WANT = re.compile(r"(?:请|麻烦)?(?:帮我|给我)?(?:我|俺)?(?:想要|想|要|需要|来)?(?:帮我)?"
                  r"(?:该怎么|怎么样|怎么|怎样|如何|在哪里|在哪儿|在哪)?"
                  r"(?:iwantto|iwouldliketo|idliketo|iwant|please|howdoi|howcani|howto|"
                  r"howshouldi|wheredoi|wherecani)?(?:查看|看|查|see|find|check|view)?"
                  r"(?:the)?(.+?)"
                  r"(?:一下|一个|吧|啊|呀|了|please)?")
WANTED = {"report", "pay", "opinion", "vote", "ask", "accounts", "mine"}
# 漏水的事怎么样了, 路灯修了没有, 我报的事: asking what became of what she sent. It was
# offered to be sent again as a new report (or got the greeting); with a report, an
# opinion or a question of hers on record, it is answered with 我的: each of them,
# where it stands and its latest progress (found trying the real ``steward run``).
STATUS_ASKED = re.compile(
    r"怎么样了|怎样了|咋样了|如何了|有进展吗|有没有进展|进展怎么样|进展如何|处理了吗|处理了没|"
    r"处理得怎么样|修好了吗|修好没|修了吗|修了没|有人管吗|有没有人管|管了吗|什么时候修|什么时候来修|"
    r"什么时候处理|啥时候修|有回复吗|回复了吗|^我报的事|^我报的问题|^我提的意见|^我反映的")
SENT_ASKED_ABOUT = (Kind.ISSUE, Kind.OPINION, Kind.QUESTION)
# Typed alone by a volunteer: the entries waiting, each with its buttons (/pending).
STAFF_WORDS = {"通过", "驳回", "审核", "待审核", "审批", "批准", "审核通过", "pending", "approve",
               "reject"}
# The flows a word starts with a button (a flow starts from its command, its menu
# button or its go: button, not from any text).
FLOW_BUTTONS = {"report": lazy("📝 Report a problem"), "pay": lazy("💰 Record a fee paid"),
                "opinion": lazy("💬 Give an opinion"), "ask": lazy("❓ Ask a question"),
                "correct": lazy("✏️ Correct what I published")}
FLOW_DATA = {"ask": "ask:go"}  # the 提问 button under 账目 and 我的 (bot.handlers.ask)
# 提问 typed (answered with its button), then a voice message sent, not the button pressed:
# an elderly resident asking aloud. It was offered only as a report or an opinion; within
# TYPED_ASK_FOR seconds it is offered first as her question (ask:voice).
TYPED_ASK = "asking_typed"  # user_data: when 提问 was typed
ASK_TYPED = lazy("Press the button below to ask, or just say your question in a voice "
                 "message.")
MENU_WORDS = {"report", "pay", "opinion"}  # the flows of FLOW_BUTTONS the menu has too
TYPED_ASK_FOR = 30 * 60
VOICE_ASKED = lazy("I received your voice message ({length}) and am keeping it for you. Is it "
                   "your question? Press \"❓ Ask this voice message as a question\" below. "
                   "Nothing has been sent yet.")
# Said at the registration's consent question instead of pressing its button: the
# question is asked again, with its buttons (bot.handlers.registration). Anything else
# typed there (为什么要这些信息？, 不明白, ?, 帮助) is a question: it gets a short plain
# answer before the buttons.
CONSENT_WORDS = {"同意", "我同意", "好", "好的", "是", "是的", "对", "可以", "行", "确认",
                 "登记", "同意登记", "agree", "iagree", "yes", "ok", "okay",
                 # 确定 got 简单说一下为什么要这些信息, as if she had asked why
                 "确定", "好吧", "好啊", "嗯", "嗯嗯", "可以的", "行吧", "对的", "没问题"}
# ... saying no: asked again with both buttons named (不同意 is a button too)
DECLINING = {"不同意", "我不同意", "不", "不要", "不行", "不用", "不登记", "no", "disagree"}
CONSENT_WORDS |= DECLINING
WELCOME = lazy("You are welcome! Whenever you need anything, press a button of the menu below.")
FRIENDLY = lazy("Hello! Please use the buttons of the menu below: Report, Opinion, Vote, Fee "
                "record, Accounts, Mine. If you are not sure, press Help.")
INTERRUPTED = lazy("Sorry, what you were doing was interrupted and nothing was saved: please "
                   "start again with the buttons of the menu below.")
# Her words are kept (resident.SAID: the buttons send them, after a restart too); it read
# "还没有交给志愿者，也没有保存", and she feared she had to type it all again
NOT_KEPT = lazy("What you wrote is kept for you, but not passed to the volunteers yet. To send "
                "it, press a button below; for anything else, use the menu below.")
REPORT_WITH_PHOTO = lazy("📝 Report a problem with this photo")
# A fee's receipt sent before its steps (交钱, then the photo): it was offered as a report's
RECEIPT_HINT = lazy("If it is the receipt of a fee you paid, press \"💰 It is a fee receipt\".")
RECEIPT_PHOTO = lazy("💰 It is a fee receipt")
VOTE_BY_VOICE = lazy("If you meant to vote: a voice message is not counted as a vote. Press the "
                     "buttons under the proposal (Agree, Disagree, Abstain); to see it again, "
                     "press \"Vote\" in the menu.")
PHOTO_NOT_KEPT = lazy("The photo you sent has not been passed to the volunteers, and was not "
                      "kept. To report a problem with it, press \"Report a problem\" below and "
                      "send the photo again when asked.")
# Anything else sent straight into the chat: what it is, and that it was not kept (a
# receipt as a PDF, a location pin got the menu's greeting, as if nothing was sent).
OTHER_NOT_KEPT = lazy("The {what} you sent has not been passed to the volunteers, and was not "
                      "kept: I take text, photos and voice messages. To report a problem, "
                      "press \"Report a problem\" below (it asks which building it is about); "
                      "to record a fee paid, take a photo of the receipt when asked.")
# Words about paying a fee in a sentence (交了卫生费120, 我要交费, 物业费交了): the fee
# button is offered first, for that is what the resident came to do.
ABOUT_FEES = re.compile(r"[交缴付].{0,6}[费钱]|[费钱].{0,4}[交缴付]|(?:物业|卫生|停车|垃圾)费|"
                        r"\b(?:pay|paid|paying|fees?)\b", re.I)
# A question on the money (上个月保洁费花了多少, 这笔钱给了谁): offered as a public
# question (bot.handlers.ask), its words kept; it was offered as a report or an opinion
ABOUT_ACCOUNTS = re.compile(r"花了|花在|用在|开支|支出|收入|收了|收到|一共收|结余|余额|账|钱|预算|"
                            r"费用")  # 今年卫生费收了多少: was offered to record a fee
ASKING = re.compile(r"问|吗|呢|多少|为什么|为啥|怎么|哪|谁|[?？]")
ASK_SAID = lazy("❓ Ask this in public about the accounts")
SEE_ACCOUNTS = lazy("📒 See the accounts first")
TOO_LONG_KEPT = lazy("What you wrote is {count} characters long; a report or an opinion takes "
                     "up to {max}. It has not been passed to the volunteers yet. Its first {max} "
                     "characters are kept for you: to send them, press a button below. Or send "
                     "the main points again, shorter.")
FIRST_AS_REPORT = lazy("📝 Report its first {max} characters as a problem")
FIRST_AS_OPINION = lazy("💬 Send its first {max} characters as an opinion")


# A voice message, file or location a volunteer (not a resident) sends outside a step.
STAFF_NOT_KEPT = lazy("The {what} you sent was not kept: I keep what is sent at a step that "
                      "asks for it (the receipt of /expense, say), or a photo with a report's "
                      "number in its caption.")
# A volunteer typing a question (怎么审核？) outside a flow: what their part is, and how.
VOLUNTEER_HINT = lazy("You are a volunteer: new entries to approve come to this chat with "
                      "\"✅ Approve\" and \"❌ Reject\" buttons under them: press one. The "
                      "first row of the menu below is your work: \"To approve\" lists everything "
                      "waiting, \"Handle reports\" the open reports, \"Record money\" records a "
                      "fee or an expense; \"Help\" has all the volunteers' commands.")
VOLUNTEER_PHOTO = lazy("You are a volunteer: to add the photo to a report's progress instead, "
                       "send it again with the report's number and a note as its caption, e.g. "
                       "\"{example} 已修好\".")


async def _fees_here(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                     said: str) -> str:
    """When ``said`` names a fee the resident's area does not collect from households
    (交了物业费 where only 卫生费 is): a line saying so, and what is collected ("" else)."""
    area = resident_area(person)
    if area is None:
        return ""
    here = await read(household_fees, repo_of(context), area)
    named = [code for code, label in labels.FEE_TYPE.items() if code != "other"
             and (label.zh in said or label.en.lower() in said.lower())]
    missing = [code for code in named if code not in here]
    if not missing or not here:
        return ""
    return "\n" + t(context, "{area} does not collect {fee} from households; what households "
                             "pay here: {fees}.",
                     area=repo_of(context).street.area(area).name,
                     fee=word(context, labels.FEE_TYPE, missing[0]),
                     fees=listing(lang_of(context), (word(context, labels.FEE_TYPE, c)
                                                     for c in here)))


async def _photo_hint(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> str:
    """To a volunteer who lives in the area: how a photo goes with a report's progress."""
    repo = repo_of(context)
    reports = [e for a in volunteer_areas(person) for e in await read(repo.open_issues, a)]
    return t(context, VOLUNTEER_PHOTO, example=reports[0].id if reports else 12)


def _volunteer_hint(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> str:
    return "\n\n" + t(context, VOLUNTEER_HINT) if volunteer_areas(person) else ""


def _has_drafts(context: ContextTypes.DEFAULT_TYPE) -> bool:
    return any(str(k).startswith("flow:") for k in (context.user_data or {}))


async def _add_album_photo(update: Update, context: ContextTypes.DEFAULT_TYPE, holder: int,
                           issue: int, project: bool) -> None:
    """Adds another photo of an album to the step (a report's, or a project's stage)
    its captioned photo was stored with."""
    person = await person_of(update, context)
    repo = repo_of(context)
    try:
        ref = await save_photo(update, context, photo_of(update.effective_message))
        entry = await call(repo.add_stage_photos if project else repo.add_step_photos,
                           holder, person["id"], [ref])
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return
    photos = entry.data["stages"][-1]["photos"] if project else \
        entry.history[-1]["photos"] if entry.kind == Kind.ISSUE else entry.data["photos"]
    await reply(update, t(context, "Photo {count} saved with #{id} too.", count=len(photos),
                          id=issue))


def _asking(context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether 提问 was typed in the last ``TYPED_ASK_FOR`` seconds (the note taken)."""
    when = context.user_data.pop(TYPED_ASK, None) if context.user_data is not None else None
    return isinstance(when, int) and time.time() - when <= TYPED_ASK_FOR


async def _has_sent(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Whether the sender has a report, an opinion or a question on record, or a report
    recorded for her household (told her grid worker before she registered: 代办)."""
    person, repo = await person_of(update, context), repo_of(context)
    if any(e.kind in SENT_ASKED_ABOUT for e in await read(repo.entries, author=person["id"])):
        return True
    return bool(await read(household_reports, repo, person, 1))


async def not_understood(update: Update, context: ContextTypes.DEFAULT_TYPE,
                         callbacks: dict[str, Callback]) -> None:
    """A private message nothing else handled: its action, a hint, or the menu with a
    friendly line. ``callbacks``: command name -> its callback (the command table)."""
    if not update.effective_chat or not update.effective_user:
        return
    message = update.effective_message
    if await called_ask.album_photo(update, context):  # its captioned note asked about
        return
    step = album_step(context, message)
    if step is not None:
        await _add_album_photo(update, context, *step)
        return
    text = (message.text or "") if message else ""
    if text and await mistyped_command(update, context, text):
        return
    if text and not text.startswith("/") and await typed_answer(update, context, text):
        return  # 确定 under /forget's question: not deleted yet, its buttons again
    if text and not text.startswith("/") and await ask_author.typed(update, context, text):
        return  # her answer to a volunteer's question about her entry, after ✍️ 回答
    # /帮助 or ／我的 (a word after a slash, as commands are written; a command mistyped
    # was answered above): the word's action, not the greeting as if nothing was said
    word = WORDS.get(normalise(text)) if text else None
    said = normalise(text)
    if text and not text.startswith("/") and word is None \
            and await name_fix.offer(update, context, text):  # 王秀英, after 改名字
        return
    if said in name_fix.WORDS:  # 改名字, 我的名字写错了
        await name_fix.ask(update, context)
        return
    if said in pressed_wrong.WORDS and await pressed_wrong.offer(update, context):
        return  # 按错了 just after a vote or a report: how to undo it
    if text and word is None and not text.startswith("/") \
            and await reopen.typed_words(update, context, text):
        return  # 还是没修好 typed at 没有解决's question: its buttons again, her words kept
    if text and word is None and not text.startswith("/") \
            and await offer_typed_household(update, context):  # 我住3号楼2单元401
        return
    if text and not text.startswith("/") and \
            (word is None or word == "help" or said in CONSENT_WORDS) \
            and await ask_consent_again(update, context, explain=said not in CONSENT_WORDS,
                                        agreed=said in CONSENT_WORDS and said not in DECLINING):
        return
    wanted = WANT.fullmatch(said) if word is None and not text.startswith("/") else None
    if wanted is not None and WORDS.get(wanted.group(1)) in WANTED:
        word = WORDS[wanted.group(1)]
    if word is None and text and not text.startswith("/") \
            and (vote_typed.typed_choice(text) is not None or
                 vote_typed.other_flat(text) is not None):
        word = "vote"  # 不同意, 我投反对, 改成反对, 302也投同意: a vote said as people say it
    if word is None and text and not text.startswith("/") and STATUS_ASKED.search(said) \
            and await _has_sent(update, context):
        word = "mine"  # 漏水的事怎么样了: what became of hers
    if (word in FLOW_BUTTONS or said in LOST) and await unregistered(update, context):
        return  # 报修, 我不会弄 before registering: registering first (and how to type it)
    if word in FLOW_BUTTONS:
        drop_drafts(context)
        if word == "ask" and context.user_data is not None:  # a voice may come next
            context.user_data[TYPED_ASK] = int(time.time())
        # 提问 and 更正 are not in the menu: "or use the menu" sent her looking for them
        await reply(update, t(context, ASK_TYPED) if word == "ask" else
                    t(context, "Press the button below to start, or use the menu.")
                    if word in MENU_WORDS else t(context, "Press the button below to start."),
                    reply_markup=InlineKeyboardMarkup([[button(
                        t(context, FLOW_BUTTONS[word]), FLOW_DATA.get(word, go_data(word)))]]))
        return
    if word == "vote" and await vote_typed.offer(update, context):  # 同意: which, to confirm
        drop_drafts(context)
        return
    if word is not None and word in callbacks:
        drop_drafts(context)
        await callbacks[word](update, context)
        return
    person = await person_of(update, context)
    lang = lang_of(context)  # known once person_of has read it (after a restart, say)
    if text and await typed_verdict.offer(update, context, person, text):  # 通过 532
        return
    if said in STAFF_WORDS and volunteer_areas(person) and "pending" in callbacks:
        drop_drafts(context)  # a volunteer typing 通过 or 审核: what waits, with its buttons
        await callbacks["pending"](update, context)
        return
    if text and await income_typed.offer(update, context, person, text):  # 101交卫生费
        return
    if await unregistered(update, context):
        return
    if await field_note.offer(update, context, person):  # a volunteer's photo or note
        return
    if await missed_kept(update, context):  # typed after a flow of hers ended idle, kept
        return
    if _has_drafts(context):
        drop_drafts(context)
        await reply(update, t(context, INTERRUPTED), reply_markup=await menu_of(update, context))
        return
    if resident_area(person) is not None and message is not None and not message.voice \
            and photo_of(message) is not None:
        # a volunteer living in the area too (found in the real steward run: their photo
        # was "not kept, send it again when asked"): kept as a resident's, how it goes
        # with a report's progress said under it
        photos = await said_photos.keep(update, context)  # for the report started from it
        caption = clean_text(message.caption)
        if photos is not None and caption and len(caption) <= MAX_INPUT and \
                context.user_data is not None:
            context.user_data[SAID] = caption  # 漏水了 under it: the report's words
        if photos is not None:
            hint = "\n\n" + await _photo_hint(context, person) if volunteer_areas(person) \
                else ""
            waited = ask_author.not_an_answer(context)  # 回答 pressed just before
            hint += f"\n\n{waited}" if waited else ""
            await said_photos.answer(update, context, photos, "\n" +  # an album: one answer
                                     t(context, RECEIPT_HINT) + hint, InlineKeyboardMarkup([
                            [button(t(context, REPORT_WITH_PHOTO), "rep:said")],
                            [button(t(context, RECEIPT_PHOTO),
                                    f"{go_data('pay')}:{said_photos.RECEIPT}")]]))
            return
    if resident_area(person) is not None and message is not None and message.voice:
        # a complaint spoken into the chat: kept, with the buttons that send it as a
        # report or an opinion (it was "not kept, say it again when asked": lost)
        if said_voice.full(context.user_data):  # a sixth: not kept, the five stay (it
            # took the place of all five, "a report keeps one voice message")
            await reply(update, said_voice.full_said(context, voice_seconds(message.voice)),
                        reply_markup=said_voice.markup(context))
            return
        before = said_voice.kept_of(context.user_data)
        try:
            ref, seconds = await said_voice.keep(update, context)
        except DomainError as exc:  # too large: nothing kept, said why
            await reply(update, error_text(context, exc))
            return
        waited = ask_author.not_an_answer(context)  # 回答 pressed just before
        replaced = before[1] if before is not None and before[0] != ref else None
        # 我同意 said aloud while a vote is open: no button here votes, and she believed
        # her voice had (seen trying steward chat as a resident of chengjian)
        voting = t(context, VOTE_BY_VOICE) if await vote_open(
            context, resident_area(person)) else ""
        asking = _asking(context)  # 提问 typed just before: her question, said aloud
        markup = said_voice.markup(context)
        if asking:
            markup = InlineKeyboardMarkup([[button(t(context, ASK_VOICE), ASK_VOICE_DATA)],
                                           *markup.inline_keyboard])
        await reply(update, (t(context, VOICE_ASKED, length=clock(seconds)) if asking else
                             said_voice.said(context, seconds, replaced)) +
                    (f"\n\n{voting}" if voting else "") +
                    (f"\n\n{waited}" if waited else ""),
                    reply_markup=markup)
        return
    if resident_area(person) is not None and message is not None and \
            photo_of(message) is not None:
        # a photo not kept (too large, not a picture): said so, with 报事 that takes one
        hint = "" if not volunteer_areas(person) else \
            "\n\n" + await _photo_hint(context, person)
        waited = ask_author.not_an_answer(context)  # 回答 pressed just before
        hint += f"\n\n{waited}" if waited else ""
        await reply(update, t(context, PHOTO_NOT_KEPT) + hint,
                    reply_markup=InlineKeyboardMarkup([
                        [button(t(context, FLOW_BUTTONS["report"]), go_data("report"))],
                        [button(t(context, FLOW_BUTTONS["opinion"]), go_data("opinion"))]]))
        return
    sent = next((k for k in SENT_KINDS if message is not None and getattr(message, k, None)),
                None)
    if resident_area(person) is not None and sent is not None:
        await reply(update, t(context, OTHER_NOT_KEPT, what=t(context, SENT_KINDS[sent])),
                    reply_markup=InlineKeyboardMarkup([
                        [button(t(context, FLOW_BUTTONS["report"]), go_data("report"))],
                        [button(t(context, FLOW_BUTTONS["pay"]), go_data("pay"))]]))
        return
    if text and (await typed_home.answered(update, context, person, text)  # her address
                 or await said_again(update, context, person, text)):  # her report's words
        return
    said = clean_text(text)
    if resident_area(person) is not None and len(said) > MAX_INPUT:
        # a long letter: it was answered with the menu's greeting, nothing said of it;
        # then "not kept, send the main points": typed on a phone, lost. Its beginning
        # is kept (SAID), to send as a report or an opinion with a press
        if context.user_data is not None:
            context.user_data[SAID] = said[:MAX_INPUT]
        await reply(update, t(context, TOO_LONG_KEPT, count=len(said), max=MAX_INPUT),
                    reply_markup=InlineKeyboardMarkup([
                        [button(t(context, FIRST_AS_REPORT, max=MAX_INPUT), "rep:said")],
                        [button(t(context, FIRST_AS_OPINION, max=MAX_INPUT), "op:said")]]))
        return
    # 路灯坏了, 电梯坏了: shorter than a sentence, a problem all the same (交卫生费 is a fee)
    problem = is_problem(said) and not ABOUT_FEES.search(said)
    sentence = is_sentence(said)
    if resident_area(person) is not None and not said.startswith("/") and \
            (sentence or problem):
        # a complaint typed straight into the chat: say it was not kept, and offer to
        # send it as an opinion without typing it again (bot.handlers.opinion)
        mark = offer_said(context, said)  # the buttons below send these words
        fee = [[button(t(context, FLOW_BUTTONS["pay"]), go_data("pay"))]] \
            if ABOUT_FEES.search(said) else []
        # 上个月保洁费花了多少？: a question on the accounts, asked in public (/ask)
        # (上个月的钱都花哪了: the accounts answer it, before she asks in public)
        asked = [[button(t(context, SEE_ACCOUNTS), go_data("accounts"))],
                 [button(t(context, ASK_SAID), ASK_SAID_DATA)]] \
            if ABOUT_ACCOUNTS.search(said) and ASKING.search(said) else []
        await reply(update, not_kept_words(update, context, t(context, NOT_KEPT))
                    + await _fees_here(context, person, said) + _volunteer_hint(context, person),
                    reply_markup=InlineKeyboardMarkup(
                        [*asked, *fee, *said_rows(lang, opinion_first=sentence, mark=mark)]))
        return
    if resident_area(person) is not None and ABOUT_FEES.search(said):  # 我要交费
        await reply(update, t(context, "Press the button below to start, or use the menu.")
                    + await _fees_here(context, person, said),
                    reply_markup=InlineKeyboardMarkup([[button(
                        t(context, FLOW_BUTTONS["pay"]), go_data("pay"))]]))
        return
    if resident_area(person) is None and person.get("roles"):  # a volunteer: commands too
        # a voice message, file or location pin: said not kept (it got the greeting alone)
        what = "voice" if message is not None and message.voice else sent
        kept = t(context, STAFF_NOT_KEPT, what=t(context, UNREGISTERED_SENT[what])) + "\n\n" \
            if what else not_kept_line(update, context, said)  # a complaint: how to pass it on
        await reply(update, kept + t(context, "Hello! Use the menu below, or send /help for the "
                                              "volunteers' commands.")
                    + _volunteer_hint(context, person), reply_markup=await menu_of(update, context))
        return
    welcome = normalise(text) in THANKS  # 谢谢: not greeted as if she had just come in
    await reply(update, t(context, WELCOME if welcome else FRIENDLY) +
                _volunteer_hint(context, person), reply_markup=await menu_of(update, context))
