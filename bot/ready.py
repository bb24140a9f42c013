"""What the log says once the bot is ready (``bot.app``'s start): who it is, its street
and folders, and where the street file says otherwise than this bot (its
bot_username, its site_url), with the way to correct it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from telegram.ext import Application

__all__ = ["OFFLINE_KEY", "log_ready", "street_file_warnings"]

log = logging.getLogger("bot.app")  # its lines as they were, when this was bot/app.py's


OFFLINE_KEY = "offline"  # bot_data: the bot is ``bot.offline``'s stand-in, not Telegram's


def log_ready(app: Application) -> None:
    """One line in the log when the bot is ready: who it is, its street, its folders."""
    settings, street = app.bot_data["settings"], app.bot_data["repo"].street
    project = Path(getattr(settings, "project_dir", None) or Path.cwd()).resolve()
    data, site = Path(settings.data_dir).resolve(), settings.site_url or street.site_url
    log.info("@%s 正在为%s%s运行（%d 个管理区域）：数据目录 %s，网站项目目录 %s，网站 %s / "
             "@%s is running for %s%s (%d management areas): data folder %s, site project "
             "%s, site %s", app.bot.username, street.city, street.name, len(street.areas),
             data, project, site or "（没有设置 site_url）", app.bot.username, street.city,
             street.name, len(street.areas), data, project, site or "(no site_url)")
    if app.bot_data.get(OFFLINE_KEY):
        return  # ``bot.offline`` (steward chat, the demo): a stand-in bot, no deployment
    for warning in street_file_warnings(street, app.bot.username, settings.site_url,
                                        settings.data_dir):
        log.warning("%s", warning)


def street_file_warnings(  # type: ignore[no-untyped-def]
        street, username: str | None, env_site_url: str, data: Path | str) -> list[str]:
    """What the street file (as init or merge-street wrote it into the data folder)
    says otherwise than this bot: its bot_username, which the site's QR codes and the
    posters at the gates lead to, and its site_url, which the site's QR codes, feed and
    paper notices print (STEWARD_SITE_URL changes only the bot's links). Each with the
    way to correct it, in Chinese and English."""
    cmd = f"steward merge-street street.yaml --data {data}"
    # the file kept since init may be lost (a restore onto a new machine): written again
    # from the data folder (``db.street_file``)
    again = f"steward street-file street.yaml --data {data}"
    zh = f"停下机器人，{cmd}，再 steward build（手上没有街道文件时，先用 {again} 写出一份来改）"
    en = (f"stop the bot, {cmd}, then steward build (without the street file, {again} "
          f"writes one to correct)")
    out = []
    named = (street.bot_username or "").lstrip("@")
    if username and named.lower() != username.lower():
        if named:
            out.append(f"街道文件的 bot_username 是 @{named}，但这个 token 的机器人是 "
                       f"@{username}：网站的二维码和小区门口的海报会指向 @{named}。"
                       f"请在街道文件里改正 bot_username，然后{zh}。 / The street file's "
                       f"bot_username is @{named}, but this token's bot is @{username}: the "
                       f"site's QR codes and the posters lead to @{named}. Correct it in the "
                       f"street file, then {en}.")
        else:
            out.append(f"街道文件没有 bot_username：网站和海报上没有通往 @{username} 的二维码。"
                       f"请在街道文件里写上 bot_username: {username}，然后{zh}。 / The street "
                       f"file has no bot_username: the site and the posters show no QR code "
                       f"to @{username}. Add bot_username: {username} to the street file, "
                       f"then {en}.")
    if env_site_url and env_site_url.rstrip("/") != (street.site_url or "").rstrip("/"):
        out.append(f"STEWARD_SITE_URL 是 {env_site_url}，街道文件的 site_url 是 "
                   f"{street.site_url or '（无）'}：机器人的链接用前者，网站的二维码、订阅和"
                   f"公示单用后者。请在街道文件里改正 site_url，然后{zh}。 / STEWARD_SITE_URL "
                   f"is {env_site_url}, the street file's site_url "
                   f"{street.site_url or '(none)'}: the bot's links use the first, the site's "
                   f"QR codes, feed and paper notices the second. Correct site_url in the "
                   f"street file, then {en}.")
    return out
