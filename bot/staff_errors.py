"""The volunteers' domain errors as messages (``bot.staff``): the texts of their codes
(``ERRORS``; the shared ones are ``bot.context.ERROR_MESSAGES``), ``fail``, which says one,
and ``explain``, a module's own text first. A payee, purpose or reason over its limit is
said too (``TOO_LONG``). Split from ``bot.staff``, which re-exports these names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram.ext import ContextTypes

from db import labels
from db.entries import STAGE_TRANSITIONS, ProjectStage
from db.errors import DomainError

from .context import (
    error_text,
    lang_of,
    repo_of,
    t,
    word,
)
from .i18n import lazy, listing

__all__ = ["ERRORS", "TOO_LONG", "explain", "fail", "area_words", "area_word"]


def area_word(area: Any) -> str:
    """What to type for ``area`` in a command (/grant 马红 volunteer 城建小区): its name,
    which the commands take (``db.places.Street.area_named``); its id when the name has a
    space in it (a command's words are split at spaces)."""
    name = str(area.name)
    return area.id if not name or any(c.isspace() for c in name) else name


def area_words(street: Any) -> str:
    """Each area as a command takes it (``area_word``), for a usage or a refusal: their
    names, where they listed ids with the names after (xinguotu（新国土小区）), and the
    volunteers and admins typed what they read first."""
    return "、".join(area_word(a) for a in street.areas)


# A payee, purpose or public reason over its limit: said, and asked again, never cut short
# without a word (the confirmation would show it cut, or the site publish it so).
TOO_LONG = lazy("That is too long ({count} characters). Please keep it under {max} characters.")


# Domain error codes of the volunteer actions -> message ids (the shared ones are in
# bot.context.ERROR_MESSAGES).
ERRORS: dict[str, str] = {
    "not_issue": lazy("#{id} is not a problem report."),
    "close_reason": lazy("Say why it is closed: duplicate or no_action."),
    "bad_duplicate_of": lazy("#{other} is not another public report of this area, so #{id} "
                             "was not closed. Name the report it repeats (e.g. 同 #9), or "
                             "leave the number out."),
    "not_proposal": lazy("That is not a proposal."),
    "not_project": lazy("Only a passed proposal is a project."),
    "illegal_stage": lazy("A project cannot go from {frm} to {to}. {next}"),
    "not_under_way": lazy("Project #{id} is not under way: a progress photo is added only to "
                          "a project in progress. To start it, send /stage {id} in_progress "
                          "and a note."),
    "not_reversible": lazy("Line {seq} is not a fee or an expense of this area: it cannot be "
                           "reversed."),
    "right_same": lazy("The right amount you typed is the amount booked: nothing to correct."),
    "right_not_opening": lazy("Only an opening balance is corrected with the right amount: "
                              "for a fee or an expense, record the right one once the reversal "
                              "is approved."),
    "is_reversal": lazy("Line {seq} is itself a reversal (of line {reverses}): a reversal is "
                        "not reversed. If it was a mistake, record the original line again "
                        "with /income or /expense."),
    "is_lost": lazy("Line {seq} was lost in a restore of a backup: it holds no money, so "
                    "there is nothing to reverse. Record what it was again with /income "
                    "or /expense."),
    "reversal_pending": lazy("A reversal of line {seq} is already waiting for approval "
                             "(#{id})."),
    "already_reversed": lazy("Line {seq} has already been reversed, by line {by}."),
    "no_line": lazy("There is no line {seq} in this area's accounts: its lines are 1 to "
                    "{last}."),
    "bad_line": lazy("A line number is a whole number, e.g. 12."),
    "reversal_amount": lazy("A reversal is for the whole amount of the line it reverses."),
    "use_reverse": lazy("A reversal is recorded with /reverse N reason."),
    "chain_lost": lazy("The accounts miss their last line(s); nothing was recorded. An admin "
                       "must run steward verify."),
    "duplicate_fee": lazy("#{id} may repeat a fee already booked or waiting: approve it only "
                          "as a separate payment, with the reason."),
    "household_bound": lazy("The household of #{id} already has confirmed residents: confirm "
                            "only if this person lives there too, or, if the flat changed "
                            "hands, as its former residents having moved out."),
    "own_registration": lazy("Nobody may confirm their own household registration; another "
                             "volunteer must."),
    "no_area": lazy("There is no management area {area}. The areas: {areas}."),
    "no_role": lazy("That person is not a volunteer of this area."),
    "own_minutes": lazy("Minutes are approved by a volunteer other than the one who recorded "
                        "them."),
    "bad_link": lazy("#{id} is not a public {kind} of this area."),
    "future_date": lazy("That date is in the future: minutes are recorded after the meeting."),
    "too_long": lazy("That is too long: at most {max} characters."),
    "no_supervisor_role": lazy("That person is not a supervisor of this area."),
    "role_conflict": lazy("One person cannot be both a volunteer and a supervisor of {area}: "
                          "revoke the other role first."),
    "no_person": lazy("I do not know that person; they must send /start to the bot first."),
    "no_household": lazy("There is no such household."),
    "missing_field": lazy("Something is missing: {field}."),
    "bad_category": lazy("Unknown category."),
    "bad_fee_type": lazy("Unknown fee type."),
    "bad_amount": lazy("Amounts must be more than zero."),
    "unknown_household": lazy("That household does not vote on this proposal."),
    "author_only": lazy("Only the person who reported it may reopen it."),
    "summary_needed": lazy("#{id} is a voice message: it is approved with a short written "
                           "summary of it."),
    "text_needed": lazy("#{id} is a correction said by voice: it is approved with the text "
                        "it asks for, typed in full."),
    "not_voice": lazy("#{id} is not a voice message waiting for a summary; approve it with "
                      "the button."),
    "summary_too_long": lazy("That summary is {count} characters long; at most {max} are "
                             "kept."),
}


def fail(context: ContextTypes.DEFAULT_TYPE, exc: DomainError) -> str:
    """A domain error as a message for the user."""
    msgid = ERRORS.get(exc.code)
    if msgid is None:
        return error_text(context, exc)
    params = dict(exc.params)
    if exc.code == "role_conflict":  # the area by its name, as the admin knows it
        try:
            params["area"] = repo_of(context).street.area(str(params.get("area"))).name
        except KeyError:
            pass
    if exc.code == "illegal_stage":  # the stages' words, not their codes
        return _stage_refusal(context, params)
    if exc.code == "no_line" and not params.get("last"):  # not "lines 1 to 0"
        msgid = NO_LINES
    if exc.code == "is_lost" and params.get("found"):  # ``db.found_lines``: not twice
        msgid = LOST_FOUND
    if exc.code == "no_area":  # what to type instead: each area's name
        params["areas"] = area_words(repo_of(context).street)
    try:
        return t(context, msgid, **params)
    except (KeyError, IndexError):
        return t(context, msgid.split("{")[0])


NO_LINES = lazy("There is no line {seq} in this area's accounts: it has no lines yet.")


LOST_FOUND = lazy("Line {seq} was lost in a restore of a backup: it holds no money, so there "
                  "is nothing to reverse. A later restore found it again, as line {found}: do "
                  "not record it again. To reverse it, reverse line {found}.")


STAGE_SAME = lazy("This project is already {stage}: nothing changed.")


STAGE_NONE = lazy("not started")


STAGE_NEXT = lazy("Next it can go to: {stages}.")


STAGE_LAST = lazy("It is done: it goes no further.")


def _stage_refusal(context: ContextTypes.DEFAULT_TYPE, params: Mapping[str, Any]) -> str:
    """A project's stage it may not take, in words: already there, or which may come
    next (with the word to type, as /stage takes it)."""
    frm, to = params.get("frm"), params.get("to")
    current = frm if frm in labels.STAGE else None
    if frm == to and current is not None:
        return t(context, STAGE_SAME, stage=word(context, labels.STAGE, current))
    after = sorted(STAGE_TRANSITIONS.get(ProjectStage(current) if current else None, ()),
                   key=list(ProjectStage).index)
    lang = lang_of(context)
    shown = [f"{word(context, labels.STAGE, s)} ({s})" if lang == "en" else
             f"{word(context, labels.STAGE, s)}（{s}）" for s in after]
    nxt = t(context, STAGE_NEXT, stages=listing(lang, shown)) if after \
        else t(context, STAGE_LAST)
    return t(context, ERRORS["illegal_stage"],
             frm=word(context, labels.STAGE, current) if current else t(context, STAGE_NONE),
             to=word(context, labels.STAGE, to), next=nxt)


def explain(context: ContextTypes.DEFAULT_TYPE, exc: DomainError,
            table: Mapping[str, str]) -> str:
    """A domain error as a message: a module's own text for its code (``table``), or
    what ``fail`` says."""
    msgid = table.get(exc.code)
    if msgid is None:
        return fail(context, exc)
    try:
        return t(context, msgid, **exc.params)
    except (KeyError, IndexError):
        return t(context, msgid.split("{")[0])
