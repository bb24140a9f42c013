"""Every volunteer's copy of a waiting entry's post shows the words a volunteer just hid.

One volunteer hid 李建国 (``bot.handlers.hide_names``); the other volunteers' posts of the
entry (their private chats, the volunteers' group, 待审核 pages: ``bot.posts``) still read
网站上显示为：李建国把垃圾… until they opened /pending again, and one of them could approve
believing the name would be published. Now each remembered post is edited as a decision
edits it (``bot.edits``, in the background), its buttons kept: the entry's description is
replaced by the new one (what the site will show); a post that does not hold it (a
reply to 隐去名字, an author's answer) gets a line saying what is hidden and how the site
reads it, replaced by the next hiding.
"""

from __future__ import annotations

from telegram.ext import ContextTypes

from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.hidden_names import hidden_of

from .context import read, repo_of
from .describe import DESCRIPTION_TEXT_LIMIT, describe_pending, quoted
from .digest import digest_markup, digest_text
from .edits import edits_of
from .group_post import HIDDEN_NOW as HIDDEN_NOW_UNNAMED
from .i18n import lazy, tr
from .posts import Post, posts_of
from .sender_line import reads_names
from .sending import fit_message

__all__ = ["posted_descriptions", "show_hidden_on_posts"]

HIDDEN_NOW = lazy("On the site {words} are hidden; it will read: {text}")


def _swap(text: str, old: str, new: str, note: str, mark: str) -> str:
    """``text`` with the entry's old description replaced by the new one; without it, with
    ``note`` (after ``mark``) in place of an earlier note, or at its end."""
    if old and old in text:
        return text.replace(old, new)
    if not note:
        return text
    if mark in text:
        text = text[:text.rindex(mark)]
    return f"{text}{mark}{note}"


# A post's description: its language, and whether it names a resident sender (a
# volunteer's private chat: ``bot.sender_line``)
Read = tuple[str, bool]


async def _read(context: ContextTypes.DEFAULT_TYPE, post: Post, entry: Entry) -> Read:
    return post.lang, await read(reads_names, repo_of(context), post.chat, entry.area)


async def posted_descriptions(context: ContextTypes.DEFAULT_TYPE, entry_id: int
                              ) -> dict[int, dict[Read, str]]:
    """Before words of ``entry_id`` are hidden: the descriptions, by language and naming,
    of it and of the waiting corrections of it that have posts (the site hides its words
    in them too, and their posts say so: ``bot.describe``), by entry."""
    registry = posts_of(context.application)
    repo = repo_of(context)
    out: dict[int, dict[Read, str]] = {}
    for posted in registry.entry_ids():
        try:
            entry = await read(repo.entry, posted)
        except DomainError:
            continue
        if entry.status != Status.PENDING or (posted != entry_id and (
                entry.kind != Kind.CORRECTION or str(entry.data.get("corrects")) != str(entry_id))):
            continue
        reads = {await _read(context, post, entry) for post in registry.of(posted)}
        out[posted] = {(lang, named): (await describe_pending(context, entry, lang, named))[0]
                       for lang, named in reads}
    return out


async def show_hidden_on_posts(context: ContextTypes.DEFAULT_TYPE,
                               described: dict[int, dict[Read, str]], after: Entry,
                               reading: str) -> int:
    """Edit every remembered post of ``after`` still waiting, and of its waiting
    corrections (``described``: their descriptions before the words were hidden;
    ``reading``: what the site will show of ``after``), to show the words hidden, with
    their buttons; how many posts are to be edited."""
    changed = 0
    for entry_id, olds in described.items():
        entry = after if entry_id == after.id else await read(repo_of(context).entry, entry_id)
        if entry.status == Status.PENDING:
            changed += await _show(context, olds, entry, reading if entry is after else "")
    return changed


async def _show(context: ContextTypes.DEFAULT_TYPE, olds: dict[Read, str], after: Entry,
                reading: str) -> int:
    """Edit the posts of waiting ``after`` (``olds``: its descriptions before) to read as
    it is described now; a post without its old description gets a line saying the words
    hidden and ``reading`` (none when ``reading`` is "")."""
    registry = posts_of(context.application)
    posts = [(p, key) for p in registry.of(after.id) if (key := await _read(context, p, after))
             in olds]
    if not posts:
        return 0
    if len(reading) > DESCRIPTION_TEXT_LIMIT:
        reading = reading[:DESCRIPTION_TEXT_LIMIT - 1] + "…"
    described = {}
    for (lang, named), old in olds.items():
        new, markup = await describe_pending(context, after, lang, named)
        note = "" if not reading else tr(lang, HIDDEN_NOW, words=quoted(hidden_of(after)),
                                         text=reading) if named else \
            tr(lang, HIDDEN_NOW_UNNAMED, text=reading)  # a group: not the words hidden
        described[lang, named] = (old, new, note, markup)
    mark = f"\n\n🙈 #{after.id} "
    edits, changed = edits_of(context.application), []
    for post, key in posts:
        old, new, note, markup = described[key]
        if post.digest is not None:
            blocks = [[i, _swap(text, old, new, note, mark) if i == after.id else text]
                      for i, text in post.digest["blocks"]]
            if blocks == post.digest["blocks"]:
                continue  # the same words hidden again: nothing to edit
            post.digest["blocks"] = blocks
            edits.submit(post.chat, post.message, digest_text(post.digest),
                         digest_markup(post.digest))
        else:
            text = fit_message(_swap(post.text, old, new, note, mark))
            if text == post.text:
                continue
            post.text = text
            edits.submit(post.chat, post.message, text, markup)
        changed.append(post)
    await registry.rewrite(changed)
    return len(changed)
