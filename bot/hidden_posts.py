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

from db.entries import Entry
from db.hidden_names import hidden_of

from .describe import DESCRIPTION_TEXT_LIMIT, describe_pending, quoted
from .digest import digest_markup, digest_text
from .edits import edits_of
from .i18n import lazy, tr
from .posts import posts_of
from .sending import fit_message

__all__ = ["show_hidden_on_posts"]

HIDDEN_NOW = lazy("On the site {words} are hidden; it will read: {text}")


def _swap(text: str, old: str, new: str, note: str, mark: str) -> str:
    """``text`` with the entry's old description replaced by the new one; without it, with
    ``note`` (after ``mark``) in place of an earlier note, or at its end."""
    if old and old in text:
        return text.replace(old, new)
    if mark in text:
        text = text[:text.rindex(mark)]
    return f"{text}{mark}{note}"


async def show_hidden_on_posts(context: ContextTypes.DEFAULT_TYPE, before: Entry,
                               after: Entry, reading: str) -> int:
    """Edit every remembered post of waiting ``after`` (``before``: the entry before the
    words were hidden; ``reading``: what the site will show of it) to show the words
    hidden, with its buttons; how many posts are to be edited."""
    registry = posts_of(context.application)
    posts = registry.of(after.id)
    if not posts:
        return 0
    if len(reading) > DESCRIPTION_TEXT_LIMIT:
        reading = reading[:DESCRIPTION_TEXT_LIMIT - 1] + "…"
    described = {}
    for lang in {post.lang for post in posts}:
        old, _ = await describe_pending(context, before, lang)
        new, markup = await describe_pending(context, after, lang)
        note = tr(lang, HIDDEN_NOW, words=quoted(hidden_of(after)), text=reading)
        described[lang] = (old, new, note, markup)
    mark = f"\n\n🙈 #{after.id} "
    edits, changed = edits_of(context.application), []
    for post in posts:
        old, new, note, markup = described[post.lang]
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
