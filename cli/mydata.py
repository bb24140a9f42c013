"""``steward mydata``: an admin gives a resident who asks in person (at the community
office, her phone lost, or without the bot) everything kept about her, as her /mydata
in the bot does (PIPL art. 45): the same file (JSON), and a summary on the screen to
read out or print. Only reads: safe beside a running ``steward run``.

Before, the bot's /mydata was the only way: an admin's ``/mydata 14`` answered with the
admin's own data, and ``steward`` had ``forget`` and ``unpublish`` for such a request but
nothing to see what was kept.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.common import DataOpt, cannot_write, fail, no_data_folder, open_repo
from cli.privacy import PersonArg, find_person
from db import labels
from db.forget_again import BOT_STATE
from db.who import describe

__all__ = ["mydata"]

OutOpt = Annotated[Path | None, typer.Option(
    "--out", help="The file to write (default: steward-mydata-N.json in the current folder); "
                  "never one already there.", show_default=False)]


def mydata(person: PersonArg, data: DataOpt = Path("data"), out: OutOpt = None) -> None:
    """Write everything kept about a resident to a file, as their /mydata in the bot sends it.

    For someone who asks in person (her phone lost, or without the bot): the same JSON
    file, with what the bot saved of her unsent steps, and a summary on the screen to
    read out or print. It only reads: safe while the bot runs. The file names her: hand
    it over, then delete it."""
    if not data.is_dir():
        fail(no_data_folder(data))
    repo = open_repo(data, readonly=True)
    try:
        who = find_person(repo, person, "mydata")
        pid = int(who["id"])
        kept = repo.export_person(pid)
        saved = _bot_saved(repo, who)
        if saved:
            kept["unfinished_steps"] = saved  # as the bot's /mydata file has them
        described = describe(repo, who)
        lines = _summary(repo, kept)
    finally:
        repo.close()
    target = out or Path(f"steward-mydata-{pid}.json")
    body = json.dumps(kept, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    try:  # hers alone: never over another file, readable by its owner only
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fail(f"{target} 已经存在，没有覆盖：请用 --out 另给一个文件名。 / {target} exists and "
             f"was not overwritten: give another name with --out.")
    except PermissionError:
        fail(cannot_write(target.resolve()))
    except OSError as exc:
        fail(f"无法写入 {target}：{exc.strerror} / cannot write {target}: {exc.strerror}")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(body + "\n")
    typer.echo(f"#{pid}: {described}")
    for line in lines:
        typer.echo(line)
    typer.echo(f"全部内容已写入 {target}（只有本机的这个用户能读）：交给本人（打印或拷贝）后请"
               f"删除它。 / "
               f"Everything is in {target} (readable by this user only): give it to them "
               f"(printed or copied), then delete it.")


def _bot_saved(repo: Any, who: dict[str, Any]) -> dict[str, Any]:
    """What the bot saved under her Telegram id (steps under way, drafts kept, words
    typed outside any step), as its /mydata file lists it."""
    tid = who.get("telegram_id")
    if tid is None:
        return {}
    doc = repo.store.get(BOT_STATE, "users", int(tid)) or {}
    from bot.kept_records import KEPT
    from bot.resident import SAID
    from bot.said_photos import KEPT as SAID_PHOTOS

    return {k: v for k, v in doc.items()
            if k.startswith("flow:") or k in (KEPT, SAID, SAID_PHOTOS)}


def _what(data: dict[str, Any]) -> str:
    """A few words of what an entry says, to tell it by when read out: its text (a
    report, an opinion), a fee's type, period and amount, a vote's choice."""
    from db.money import format_fen

    if data.get("text") or data.get("voice_summary"):
        text = " ".join(str(data.get("voice_summary") or data["text"]).split())
        return f" · {text[:40]}{'…' if len(text) > 40 else ''}"
    if data.get("fee_type"):
        return (f" · {labels.label(labels.FEE_TYPE, data['fee_type'])} {data.get('period', '')} "
                f"{format_fen(int(data.get('amount_fen') or 0))}")
    if data.get("choice"):
        return f" · {labels.label(labels.CHOICE, data['choice'])}"
    return ""


def _summary(repo: Any, kept: dict[str, Any]) -> list[str]:
    """What the file holds, a line each, in both languages (the codes as the site
    words them)."""
    person = kept.get("person") or {}
    consents = kept.get("consents") or []
    if consents:
        consent = f"{str(consents[-1].get('at', ''))[:10]} 同意 / agreed " \
                  f"({consents[-1].get('version', '')})"
    elif person.get("consent_withdrawn"):
        consent = f"{str(person['consent_withdrawn'])[:10]} 撤回 / withdrawn"
    else:
        consent = "没有同意 / not agreed"
    lines = [f"姓名 / name: {person.get('name') or '—'}",
             f"公开同意 / agreement to publication: {consent}"]
    if person.get("forgotten"):
        lines.append(f"个人信息已于 {str(person['forgotten'])[:10]} 删除 / personal data "
                     f"deleted on {str(person['forgotten'])[:10]}")
    entries = kept.get("entries") or []
    lines.append(f"本人提交的内容 / what they sent: {len(entries)}")
    for e in sorted(entries, key=lambda e: -int(e["id"])):
        kind = labels.label(labels.KIND, e.get("kind"))
        status = labels.status_label(e.get("kind"), e.get("status"))
        shown = "网站公开 / public" if e.get("public") else "不公开 / not public"
        lines.append(f"  #{e['id']} {str(e.get('created', ''))[:10]} {kind} · {status} · {shown}"
                     + _what(e.get("data") or {}))
    for key, words in (("household_votes", "别人为这一户登记的投票 / votes recorded for the "
                                           "household by others"),
                       ("household_records", "别人为这一户登记的缴费、报事和意见 / fees, "
                                             "reports and opinions recorded for the household "
                                             "by others"),
                       ("following", "关注的报事 / reports followed"),
                       ("me_too", "说“我也遇到”的报事 / reports backed")):
        if kept.get(key):
            lines.append(f"{words}: {len(kept[key])}")
    if kept.get("unfinished_steps"):
        lines.append("机器人为其保存、还没有发出的内容：见文件 / kept by the bot, not sent yet: "
                     "in the file")
    return lines
