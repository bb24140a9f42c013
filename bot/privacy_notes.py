"""The admins' record, off the machine, of who was forgotten or withdrew their consent.

A restore into the data folder it replaces forgets again those who sent /forget or
/unpublish after the backup (``db.backup``); a restore onto a new machine, the old
folder lost, cannot know them. So when a resident is forgotten, or withdraws their
agreement to publication, each admin is told in their private chat the person's
number (never their name) and the command that does it again after such a restore
(``steward forget N``, ``steward unpublish N``: ``cli.privacy``). Each admin is told
once per event (``bot.notify.notify_once``), a press handled again after a stop
included.
"""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import ContextTypes

from db.core import china_minute
from db.people import is_admin, volunteer_areas

from .context import person_of, read, reply, repo_of, t
from .i18n import lazy
from .notify import notify_once
from .staff import words

__all__ = ["tell_admins_forgotten", "tell_admins_unpublished", "for_someone_else",
           "FORGOTTEN", "UNPUBLISHED", "ON_THE_SERVER"]

FORGOTTEN = lazy("🔒 Privacy: person #{id} had their personal data deleted (/forget) on "
                 "{day}. Keep this message: if this machine is lost and a backup made before "
                 "then is restored onto a new one, run `steward forget {id}` after the "
                 "restore, before starting the bot, to delete it again. (A restore into the "
                 "same data folder does it by itself.)")
UNPUBLISHED = lazy("🔒 Privacy: person #{id} withdrew their agreement to publication "
                   "(/unpublish) on {day}. Keep this message: if this machine is lost and a "
                   "backup made before then is restored onto a new one, run `steward "
                   "unpublish {id}` after the restore, before starting the bot, to take "
                   "their texts off the site again. (A restore into the same data folder "
                   "does it by itself.)")
# an admin's /forget 12 (or /unpublish 12): before, the bot answered as if she asked
# for her own data ("have your role revoked first", or a question about her consent)
ON_THE_SERVER = lazy("In the bot, /{command} is for one's own data only. To do it for "
                     "resident {who} (someone who asked in person), on the server: stop the "
                     "bot, run `steward {command} {who} --data {data}` (it says who that is "
                     "and what it does, and asks first), then `steward build --data {data}`, "
                     "and start the bot again.")
# an admin's /mydata 12: it showed the admin's own data, the 12 ignored, and nothing said
# how to give a resident who asks in person what is kept about her
SEE_ON_THE_SERVER = lazy("In the bot, /mydata shows one's own data only. To give resident "
                         "{who} (someone who asked in person) everything kept about them, "
                         "on the server: `steward mydata {who} --data {data}` writes it to a "
                         "file to print or hand over, and shows a summary. It only reads: "
                         "the bot can keep running.")
# a volunteer's /forget 14 (or /unpublish 14, /mydata 14) for a resident who asked at the
# door: it answered about the volunteer's own data (请先请管理员撤销您的职务…, 您没有同意过
# 公开…, the volunteer's own list), as if they had asked to leave
ASK_THE_ADMIN = lazy("In the bot, /{command} is for one's own data only: a volunteer cannot do "
                     "it for someone else. Resident {who} can do it themselves in their own "
                     "chat with the bot: press \"Help\", then the button for it (or send "
                     "/{command}). If they cannot (no phone, or it is lost), tell the street's "
                     "admin: they do it on the server (`steward {command} {who}`).")
MYDATA = "mydata"  # the command whose for_someone_else only reads
_NUMBER = re.compile(r"^#?[0-9]{1,15}$")


async def for_someone_else(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           command: str) -> bool:
    """An admin's /forget N, /unpublish N or /mydata N: told how to do it for resident N
    on the server (``cli.privacy``, ``cli.mydata``); a volunteer's: that
    the resident does it in the bot, else the admin on the server; whether it was such a
    message."""
    args = words(update)
    if not args:
        return False
    person = await person_of(update, context)
    who = args[0].lstrip("#") if _NUMBER.match(args[0]) else "N"
    if not is_admin(person):
        if not volunteer_areas(person):  # a resident's (a supervisor's) words after her
            return False  # own /forget: hers, as before
        await reply(update, t(context, ASK_THE_ADMIN, command=command, who=who))
        return True
    settings = context.application.bot_data.get("settings")
    data = str(getattr(settings, "data_dir", "") or "DATA")
    said = SEE_ON_THE_SERVER if command == MYDATA else ON_THE_SERVER
    await reply(update, t(context, said, command=command, who=who, data=data))
    return True


async def tell_admins_forgotten(context: ContextTypes.DEFAULT_TYPE, person_id: int,
                                at: str) -> int:
    """Tell each admin that person ``person_id`` was forgotten at ``at``; how many now."""
    return await _tell(context, f"forgotten:{person_id}", FORGOTTEN, person_id, at)


async def tell_admins_unpublished(context: ContextTypes.DEFAULT_TYPE, person_id: int,
                                  at: str) -> int:
    """Tell each admin that person ``person_id`` withdrew their consent at ``at``; how
    many now (each withdrawal its own message: they may agree and withdraw again)."""
    return await _tell(context, f"unpublished:{person_id}:{at}", UNPUBLISHED, person_id, at)


async def _tell(context: ContextTypes.DEFAULT_TYPE, key: str, msgid: str, person_id: int,
                at: str) -> int:
    admins = [p for p in await read(repo_of(context).people, admins=True)
              if p["id"] != person_id]
    # to the minute (the street's clock): a /forget on the day of a nightly backup is
    # to be told before or after it, after a restore onto a new machine
    return await notify_once(context, admins, key, msgid, id=person_id, day=china_minute(at))
