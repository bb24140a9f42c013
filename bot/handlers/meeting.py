"""/meeting (会议纪要): a volunteer records a meeting's minutes.

Steps: the area (when they have several), the kind of meeting (会诊, 议事会,
业主大会, 楼栋会), its date (or 今天), place, the roles that attended, how many
residents came, the topics, the decisions, the issues and proposals it
discussed (typed as #N, or none), a photo of the signed attendance sheet (or
skip; it is kept for the volunteers only, never published), then a summary
to confirm. The minutes wait for a *second* volunteer's approval in the queue,
and are published on the area's page once approved (``db.civic``).

Written as ``bot.flows`` says. Buttons: ``mt:area:<i>``, ``mt:kind:<code>``,
``mt:today``, ``mt:none``, ``mt:skip``, ``mt:ok``, ``mt:cancel``.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, MessageHandler

from db import labels
from db.civic import MAX_MINUTES, MAX_PLACE
from db.elections import is_election
from db.entries import OPEN_ISSUE, Kind, Status

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import (
    entry_or_none,
    lang_of,
    read,
    reply,
    repo_of,
    t,
    word,
)
from ..flows import (
    END,
    PHOTO,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    clean_text,
    current_draft,
    gone,
    keyboard,
    new_draft,
    refuse,
    short,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..keyboards import button
from ..staff import choose_area, chosen_area, require_staff, typed_count, unused_words
from ..step_buttons import AREA_STEP, remember, shown
from ..voice_words import entry_words
from .meeting_back import BACK
from .meeting_confirm import (
    ask_sheet,
    ask_step,
    cancel_row,
    confirm_minutes,
    day_example,
    finish_saved,
    on_cancel,
    on_edit,
    on_fix,
    on_more_sheet,
    on_sheet,
    on_skip,
    on_submit,
)
from .meeting_text import (
    DATE_AGAIN,
    FLOW,
    MORE,
    PREFIX,
    PROMPTS,
    STEPS,
    cut,
    parse_links,
    split_roles,
)
from .proposals import typed_day

__all__ = ["COMMANDS", "HANDLERS", "finish_saved"]

AREA, KIND, DATE, PLACE, ROLES, RESIDENTS, TOPICS, DECISIONS, LINKS, SHEET, CONFIRM = STEPS


async def meeting_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts the minutes: asks which area, or the kind of meeting."""
    person = await require_staff(update, context)
    if person is None:
        return END
    await unused_words(update, context)  # /meeting 今天开了议事会: not taken, said so
    d = new_draft(context, FLOW)
    area = await choose_area(update, context, person, PREFIX, d, cancel=True)
    if area is None:
        return AREA
    d["area"] = area
    return await _ask_kind(update, context)


async def on_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the area chosen and asks the kind of meeting."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, PREFIX, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    d["area"] = area
    return await _ask_kind(update, context)


async def _ask_kind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    choices = [(word(context, labels.MEETING_KIND, code), f"{PREFIX}:kind:{code}")
               for code in labels.MEETING_KIND]
    return await BACK.say(update, context, KIND, t(context, "Minutes of which kind of meeting?"),
                          keyboard(choices + [(t(context, "Cancel"), f"{PREFIX}:cancel")]))


async def on_kind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the kind of meeting and asks its date."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "kind", 1)
    if args is None or args[0] not in labels.MEETING_KIND:
        return await refuse(update, context)
    d["meeting_kind"] = args[0]
    return await ask_step(update, context, DATE, PROMPTS[DATE],
                      [button(t(context, "Today"), f"{PREFIX}:today")], **day_example(context))


async def on_today(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores today as the date and asks the place."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    d["date"] = repo_of(context).clock().date().isoformat()
    return await ask_step(update, context, PLACE, PROMPTS[PLACE])


async def on_date(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the date typed and asks the place."""
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    today = repo_of(context).clock().date()
    text = clean_text(typed(update))
    # 今天 typed instead of pressed, 昨天, or 2025年3月12日 as well as 2025-03-12
    day = typed_day(text, today, ahead=False) or (today if text == t(context, "Today") else None)
    if day is None:
        await reply(update, t(context, DATE_AGAIN, **day_example(context)),
                    reply_markup=InlineKeyboardMarkup(
                        [[button(t(context, "Today"), f"{PREFIX}:today")],
                         cancel_row(context)]))
        return None
    if day > today:
        await reply(update, t(context, "That date is in the future: minutes are recorded "
                                       "after the meeting."))
        return None
    d["date"] = day.isoformat()
    return await ask_step(update, context, PLACE, PROMPTS[PLACE])


async def _typed(update: Update, context: ContextTypes.DEFAULT_TYPE, limit: int) -> str | None:
    """The text typed, or None after saying what is wrong with it."""
    text = clean_text(typed(update))
    if not text:
        await reply(update, t(context, "That message was empty. Please write it again."))
        return None
    if len(text) > limit:
        await reply(update, t(context, "That is too long ({count} characters). Please keep "
                                       "it under {max} characters.", count=len(text),
                              max=limit))
        return None
    return text


async def on_place(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the place and asks which roles attended."""
    d = current_draft(context, FLOW)
    text = await _typed(update, context, MAX_PLACE) if d is not None else None
    if d is None or text is None:
        return None if d is not None else END
    d["place"] = text
    return await ask_step(update, context, ROLES, PROMPTS[ROLES])


async def on_roles(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the attending roles and asks how many residents came."""
    d = current_draft(context, FLOW)
    text = await _typed(update, context, 600) if d is not None else None
    if d is None or text is None:
        return None if d is not None else END
    d["roles"] = split_roles(text)
    return await ask_step(update, context, RESIDENTS, PROMPTS[RESIDENTS])


async def on_residents(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the number of residents and asks the topics."""
    d = current_draft(context, FLOW)
    if d is None:
        return END
    count = typed_count(typed(update))
    if count is None:
        await reply(update, t(context, "Please type a whole number, e.g. 12."))
        return None
    d["residents"] = count
    return await ask_step(update, context, TOPICS, PROMPTS[TOPICS])


TOPICS_MORE = lazy("Topics so far: {topics}\nMore topics? Send them: they are added below. When "
                   "they are all in, press \"Topics done: next\" to write the decisions.")
DONE_WORDS = frozenset({"下一步", "写完了", "写完", "完了", "好了", "没有了", "就这些", "next",
                        "done"})  # typed after the topics instead of the button


async def on_topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the topics, and those sent after them below, until 议题写完了，下一步
    (``mt:keep:topics``, or 下一步 typed) asks the decisions. Topics sent as two messages
    put the second into the decisions."""
    d = current_draft(context, FLOW)
    if d is not None and d.get(MORE) and clean_text(typed(update)).casefold() in DONE_WORDS:
        return await ask_step(update, context, DECISIONS, PROMPTS[DECISIONS])
    text = await _typed(update, context, MAX_MINUTES) if d is not None else None
    if d is None or text is None:
        return None if d is not None else END
    before = str(d.get("topics") or "") if d.get(MORE) else ""
    if text in before.split("\n"):
        pass  # the same words again: kept once
    elif len(before) + 1 + len(text) > MAX_MINUTES:
        await reply(update, t(context, "Those words were not added: the topics would be over "
                                       "{max} characters.", max=MAX_MINUTES))
    else:
        d["topics"] = f"{before}\n{text}" if before else text
    d[MORE] = True  # the next message at this step goes below (ask_step ends it)
    done = InlineKeyboardMarkup([[button(t(context, "Topics done: next"),
                                         f"{PREFIX}:keep:{TOPICS.split(':', 1)[1]}")],
                                 cancel_row(context)])
    await reply(update, t(context, TOPICS_MORE, topics=short(str(d["topics"]), 600)),
                reply_markup=remember(d, TOPICS, BACK.with_back(context, BACK.noted(d, TOPICS),
                                                                done)))  # 下一步 again too
    return TOPICS


async def on_decisions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the decisions and asks which issues and proposals were discussed."""
    d = current_draft(context, FLOW)
    text = await _typed(update, context, MAX_MINUTES) if d is not None else None
    if d is None or text is None:
        return None if d is not None else END
    d["decisions"] = text
    repo = repo_of(context)
    issues = await read(repo.entries, area=d["area"], kind=Kind.ISSUE, status=OPEN_ISSUE,
                        limit=6)
    # the votes under way and the projects; an election that closed is over, not open
    proposals = [p for p in await read(repo.entries, area=d["area"], kind=Kind.PROPOSAL,
                                       status=[Status.OPEN, Status.PASSED], limit=12)
                 if p.status == Status.OPEN or not is_election(p.data)][-4:]
    # one a line, a long one cut with "…" (they were run together with "; ", cut mid-word)
    lang = lang_of(context)
    hint = "\n".join([f"#{e.id} {cut(entry_words(lang, e.data, brief=True))}" for e in issues] +
                      [f"#{p.id} {cut(p.data.get('title'))}" for p in proposals])
    return await ask_step(update, context, LINKS, PROMPTS[LINKS],
                      [button(t(context, "None"), f"{PREFIX}:none")],
                      hint=t(context, "Open now:\n{list}", list=hint) if hint else "")

async def on_links(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the issues and proposals discussed and asks for the attendance sheet."""
    d = current_draft(context, FLOW)
    if d is None:
        return END
    text = clean_text(typed(update))
    if text.casefold() in NO_LINKS or text == t(context, "None"):  # 无 typed, not pressed
        d["issues"], d["proposals"] = [], []
        return await ask_sheet(update, context)
    ids = parse_links(text)
    if ids is None and _more_decisions(d, text):  # 画车位 sent, then 每户一个: not lost
        await reply(update, t(context, "Your words were added to the decisions: {words}",
                              words=text))
        return await ask_step(update, context, LINKS, PROMPTS[LINKS],
                              [button(t(context, "None"), f"{PREFIX}:none")], hint="")
    if not ids:
        await reply(update, t(context, "Please type numbers like #12 #15, or press None."))
        return None
    issues: list[int] = []
    proposals: list[int] = []
    for i in ids:
        e = await entry_or_none(context, i)
        if e is None or e.area != d["area"] or e.kind not in (Kind.ISSUE, Kind.PROPOSAL):
            await reply(update, t(context, "#{id} is not a problem report or proposal of this "
                                           "area. Please type the numbers again.", id=i))
            return None
        (issues if e.kind == Kind.ISSUE else proposals).append(i)
    d["issues"], d["proposals"] = issues, proposals
    return await ask_sheet(update, context)


NO_LINKS = frozenset({"无", "没有", "没", "none", "no"})  # typed for the None button


def _more_decisions(d: dict[str, Any], text: str) -> bool:
    """Words (not numbers) typed where the reports are asked, just after the decisions,
    added below them; whether they were (the decisions sent as two messages put the
    second here, answered 请输入编号 and lost)."""
    before = str(d.get("decisions") or "")
    if not before or not any(ch.isalpha() for ch in text) or "#" in text or "＃" in text \
            or text in before.split("\n") \
            or len(before) + 1 + len(text) > MAX_MINUTES:
        return False
    d["decisions"] = f"{before}\n{text}"
    return True


async def on_no_links(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores that nothing was linked and asks for the attendance sheet."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    d["issues"], d["proposals"] = [], []
    return await ask_sheet(update, context)


async def _sheet_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks again for the sheet as a photo, or Skip (text came instead)."""
    await reply(update, t(context, "Please send a photo of the sheet, or press Skip."))
    return None


def _typing(state: str, callback: Any, prompt: str) -> list[Any]:
    return [*B(state), *buttons(PREFIX, {"cancel": on_cancel}),
            MessageHandler(TEXT_INPUT, K(state, callback)),
            *unexpected(prompt, markup=shown(FLOW, state))]  # 取消, ⬅️ 上一步 as asked


def _asked(state: str) -> Any:
    """Asks the typed step ``state`` again (``meeting_back``)."""
    return lambda u, c, d: ask_step(u, c, state, PROMPTS[state])


# Each step asked again for ⬅️ 上一步 and 不改，继续 (``meeting_back``)
BACK.asks.update({
    KIND: lambda u, c, d: _ask_kind(u, c),
    DATE: lambda u, c, d: ask_step(u, c, DATE, PROMPTS[DATE],
                                   [button(t(c, "Today"), f"{PREFIX}:today")], **day_example(c)),
    **{s: _asked(s) for s in (PLACE, ROLES, RESIDENTS, TOPICS, DECISIONS)},
    LINKS: lambda u, c, d: ask_step(u, c, LINKS, PROMPTS[LINKS],
                                    [button(t(c, "None"), f"{PREFIX}:none")], hint=""),
    SHEET: lambda u, c, d: ask_sheet(u, c), CONFIRM: confirm_minutes})
B, K = BACK.backs, BACK.keeping


STATES: dict[object, list[Any]] = {
    AREA: [*buttons(PREFIX, {"area": on_area, "cancel": on_cancel}),
           *unexpected(lazy("Please choose with the buttons above."),
                       markup=shown(FLOW, AREA_STEP))],
    KIND: [*B(KIND), *buttons(PREFIX, {"kind": on_kind, "cancel": on_cancel}),
           *unexpected(lazy("Please choose with the buttons above."), markup=shown(FLOW, KIND))],
    DATE: [*B(DATE), *buttons(PREFIX, {"today": on_today, "cancel": on_cancel}),
           MessageHandler(TEXT_INPUT, K(DATE, on_date)),
           *unexpected(DATE_AGAIN, params=day_example, markup=shown(FLOW, DATE))],
    PLACE: _typing(PLACE, on_place, lazy("Please type the place.")),
    ROLES: _typing(ROLES, on_roles, lazy("Please type the roles that attended.")),
    RESIDENTS: _typing(RESIDENTS, on_residents, lazy("Please type a whole number, e.g. 12.")),
    TOPICS: _typing(TOPICS, on_topics, lazy("Please type the topics.")),
    DECISIONS: _typing(DECISIONS, on_decisions, lazy("Please type the decisions.")),
    LINKS: [*B(LINKS), *buttons(PREFIX, {"none": on_no_links, "cancel": on_cancel}),
            MessageHandler(TEXT_INPUT, K(LINKS, on_links)),
            *unexpected(lazy("Please type numbers like #12 #15, or press None."),
                        markup=shown(FLOW, LINKS))],
    SHEET: [*B(SHEET), *buttons(PREFIX, {"skip": on_skip, "cancel": on_cancel}),
            MessageHandler(PHOTO, on_sheet), MessageHandler(TEXT_INPUT, K(SHEET, _sheet_text)),
            *unexpected(lazy("Please send a photo of the sheet, or press Skip."),
                        markup=shown(FLOW, SHEET))],
    CONFIRM: [*B(CONFIRM), *buttons(PREFIX, {"ok": on_submit, "cancel": on_cancel,
                                             "fix": on_fix, "edit": on_edit}),
              MessageHandler(PHOTO, on_more_sheet),
              *unexpected(lazy("Please press Submit or Cancel above."),
                          markup=shown(FLOW, CONFIRM))],
}


IDLE_FACTOR = 8  # two hours between steps (15 minutes each for other flows): minutes
                 # are typed as the meeting goes on, its decisions long after its topics

COMMANDS = [
    Command("meeting", "Record a meeting's minutes (会诊, 议事会 ...); another volunteer "
            "approves them", meeting_start, audience=Audience.VOLUNTEER, order=26,
            extra={"title": lazy("Meeting minutes (/meeting)")},
            flow=Flow(FLOW, STATES, idle_factor=IDLE_FACTOR, resume=BACK.resume())),
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX)]
