"""/publish: rebuild the public site now (volunteers and admins). Otherwise the
site is rebuilt on its own, a few seconds after anything becomes public (see
``bot.publisher``)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from ..commands import Audience, Command
from ..context import reply, settings_of, t
from ..publisher import NO_SITE_KEY, publisher_of
from ..staff import require_staff

__all__ = ["COMMANDS"]


async def publish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Rebuilds the site now and says how it went."""
    person = await require_staff(update, context)
    if person is None:
        return
    no_site = context.application.bot_data.get(NO_SITE_KEY)
    if no_site:  # steward chat: say so rather than pretend it was built
        await reply(update, t(context, "This chat does not rebuild the public site: run "
                                       "`steward build --data {data}`, or start the chat "
                                       "with --build.", data=no_site))
        return
    await reply(update, t(context, "Rebuilding the public site…"))
    chat = update.effective_chat
    result = await publisher_of(context.application).build_now(
        told=chat.id if chat is not None else None)
    if result.ok:
        url = settings_of(context).site_url or context.application.bot_data["repo"].street.site_url
        await reply(update, t(context, "The public site is up to date. {url}", url=url).strip())
    else:
        await reply(update, t(context, result.failure, error=result.error))


COMMANDS = [
    Command("publish", "Rebuild the public site now", publish, audience=Audience.VOLUNTEER,
            order=70),
]
