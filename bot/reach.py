"""How a volunteer reaches someone who asks to register and has no Telegram @username.

A registration's post asks the volunteer to check that the person lives there (a call, a
visit, a neighbour) and named her 申请人：居民8000001: her Telegram name, no @username (many
elderly residents never set one), no number, and nothing to tap. Now, in a volunteer's
private chat, her name on the post is a mention of her account (``TEXT_MENTION``: a tap
opens her profile, from which the volunteer writes or calls her through Telegram, when her
privacy settings allow it, as Telegram decides), and a line says so, and what to do when it
does not open: ask her through the bot (❌ 驳回, the question, then 只问提交人，先不驳回:
``bot.handlers.ask_author``), which leaves the registration waiting. A post in a group
names nobody (``bot.group_post``) and gets neither. Only registrations are concerned: what
else a resident sends carries her household, where a volunteer finds her.

A mention Telegram will not take (a Bad Request naming the entities) is sent without it:
the post goes all the same (``bot.sending.deliver``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from telegram import MessageEntity
from telegram.ext import ContextTypes

from db.entries import Entry, Kind

from .context import read, repo_of
from .i18n import lazy, tr

__all__ = ["NO_USERNAME", "PERSON_LINE", "MENTIONED", "unreachable", "mention_entities",
           "mentions", "keep_mentions", "mentions_in"]

PERSON_LINE = "Person: {who}"  # the registration's line naming her (bot.describe)
# a digest's key (bot.digest, kept with its post): [[name, line up to it, user]] of the
# mentions on its message, put again on its text when it is edited (``mentions_in``)
MENTIONED = "mentioned"
NO_USERNAME = lazy("This person has no Telegram username. Tap their name above to open their "
                   "Telegram profile and write or call them (it opens only if their privacy "
                   "settings allow it). If it does not open: press \"❌ Reject\", type your "
                   "question (e.g. \"What is your phone number?\"), then press \"❓ Ask the "
                   "author, do not reject\": I pass it on and their answer comes here; the "
                   "registration keeps waiting.")


def unreachable(person: dict[str, Any] | None) -> bool:
    """Whether a volunteer cannot find ``person`` on Telegram by an @username."""
    return bool(person and not person.get("username") and person.get("telegram_id"))


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def mention_entities(repo: Any, entries: Iterable[Entry], text: str, lang: str,
                     chat_id: int) -> list[Any]:
    """The mentions of the registrants without an @username named in ``text`` (a post in
    a volunteer's private chat, ``chat_id`` > 0), each on her name in its "Person:" line;
    [] elsewhere. Written as the Bot API takes them (``MessageEntity.to_dict()``'s
    dicts, which python-telegram-bot sends as they are): a MessageEntity with its User,
    made and written out again for each volunteer's post, was a third more Python calls
    for a registration's 同意 (2,410 -> 3,219 a press in the bench's mix)."""
    if chat_id <= 0:
        return []
    out = []
    for entry in entries:
        if entry.kind != Kind.REGISTRATION or entry.author is None:
            continue
        person = repo.person(entry.author)
        name = str((person or {}).get("name") or "").strip()
        if not name or not unreachable(person):
            continue
        line = tr(lang, PERSON_LINE, who=name)
        at = text.find(line)
        if at < 0:
            continue
        start = at + line.rindex(name)
        out.append({"type": MessageEntity.TEXT_MENTION, "offset": _units(text[:start]),
                    "length": _units(name),
                    "user": {"id": int(person["telegram_id"]), "first_name": name,
                             "is_bot": False}})
    return out


async def mentions(context: ContextTypes.DEFAULT_TYPE, entries: Iterable[Entry], text: str,
                   lang: str, chat_id: int) -> list[Any] | None:
    """``mention_entities``, read as the store is read (``bot.context.read``), for a post
    of a registration in a private chat; None for any other (nothing read)."""
    ours = [e for e in entries if e.kind == Kind.REGISTRATION]
    if chat_id <= 0 or not ours:
        return None
    return await read(mention_entities, repo_of(context), ours, text, lang, chat_id) or None


def _index(text: str, units: int) -> int:
    """The index in ``text`` of its UTF-16 offset ``units``."""
    n = 0
    for i, ch in enumerate(text):
        if n >= units:
            return i
        n += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def keep_mentions(digest: dict[str, Any], text: str, entities: list[Any] | None) -> None:
    """Note in ``digest`` the mentions ``entities`` put on ``text``, its message's, so
    that an edit of it puts them again (``mentions_in``): a list of several new entries
    edited once one of them was decided showed a registrant's name as plain text, and
    the line under it still said to tap it. Nothing is read and no call made."""
    kept = []
    for entity in entities or []:
        if not isinstance(entity, dict) or entity.get("type") != MessageEntity.TEXT_MENTION:
            continue
        start = _index(text, int(entity["offset"]))
        end = _index(text, int(entity["offset"]) + int(entity["length"]))
        kept.append([text[start:end], text[text.rfind("\n", 0, start) + 1:end],
                     entity["user"]])
    if kept:
        digest[MENTIONED] = kept


def mentions_in(digest: dict[str, Any] | None, text: str) -> list[Any] | None:
    """The mentions noted in ``digest`` (``keep_mentions``), on ``text`` now; None when
    there are none (or their lines are gone from it: an entry withdrawn)."""
    out = []
    for name, line, user in (digest or {}).get(MENTIONED) or []:
        at = text.find(line)
        if at < 0 or not name:
            continue
        start = at + len(line) - len(name)
        out.append({"type": MessageEntity.TEXT_MENTION, "offset": _units(text[:start]),
                    "length": _units(name), "user": user})
    return out or None
