"""``steward init``, ``merge-street``, ``export``, ``backup`` and ``restore``: make
the street's data folder, merge a corrected street file into it, write its public
ledgers out, and back it up and bring a backup back.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.backup_said import zh_first
from cli.common import (
    DataOpt,
    ProjectOpt,
    ask_secret,
    ask_yes,
    fail,
    many,
    no_data_folder,
    open_repo,
    project_folder,
    summary,
)
from cli.restored import published_lines, say_key, say_lines, say_lost, say_numbers
from cli.site import site_project
from db.core import china_minute
from db.errors import ConfigError, DomainError, StoreError

__all__ = ["backup", "export", "init", "merge_street", "restore"]


def init(
    config: Annotated[Path, typer.Option("--config", help="The street's YAML file.")],
    data: DataOpt = Path("data"),
    project: ProjectOpt = None,
) -> None:
    """Create a data folder for the street described in a YAML file, and the site's
    project folder (mkdocs.yml, hooks/, overrides/, content/) if it has none."""
    from db.config import load_street
    from db.repository import Repository

    try:
        cfg = load_street(config)
    except ConfigError as exc:
        fail(str(exc), 2)
    try:
        repo = Repository.init(data, cfg)
    except DomainError as exc:
        if exc.code == "exists":
            fail(f"{data} 不是空目录：init 只在新的（空的）目录里创建数据目录。已经 init 过的街道"
                 f"不用再 init；街道文件改了，用 steward merge-street 街道文件.yaml --data {data}。"
                 f" / {data} is not empty: init makes a data folder in a new (empty) folder "
                 f"only. A street made already is not made again; merge a corrected street "
                 f"file with `steward merge-street street.yaml --data {data}`")
        fail(str(exc))
    from db.heads import start_signing

    # The residents' names, rooms and Telegram ids: the service user's alone (each file
    # is made 644; a folder of 755 let every account on the machine read them).
    os.chmod(data, 0o700)
    key = start_signing(data, repo.clock().isoformat(timespec="seconds"))
    typer.echo(summary(repo))
    for line in fee_lines(repo.street):
        typer.echo(line)
    notes = staff_notes(repo)
    repo.close()
    typer.echo(f"数据目录已建好 / Data folder ready: {data}")
    site_project(project_folder(project, data)[0])
    typer.echo(f"签名密钥已生成（keys/signing.key：不要给别人，要备份） / Signing key made "
               f"(keys/signing.key; keep it secret, back it up): public key {key}")
    for note in notes:
        typer.echo(f"注意：{note}")  # the note itself: Chinese, then English


PER_ZH = {"household": "每户", "unit": "每单元", "area": "整个区域"}
PERIOD_ZH = {"year": "年", "month": "月"}


def fee_lines(street) -> list[str]:  # type: ignore[no-untyped-def]
    """Each area's fee schedule as the bot will offer it, amounts in yuan, to check at
    `init`: amount_fen is in fen (分), so a 120 meant as ¥120 reads ¥1.20 here, and the
    schedule cannot be changed by merging a corrected file later (db.street_merge); an
    amount changes from a period on with `steward fees set` (cli.fees)."""
    from db.labels import FEE_TYPE
    from db.money import format_fen

    lines = []
    for area in street.areas:
        fees = []
        for fee in area.fees:
            said = FEE_TYPE[fee.fee_type].zh + " " + PER_ZH.get(str(fee.per), "")
            if fee.amount_fen is not None:
                said += " " + format_fen(fee.amount_fen) + (
                    f"/{PERIOD_ZH[fee.period]}" if fee.period in PERIOD_ZH else "")
            fees.append(said.strip())
        lines.append(f"  {area.name} 收费 / fees: " + ("；".join(fees) if fees else
                     "没有写收费项目：各种费用都可以登记 / none listed: every fee type"))
    if any(area.fees for area in street.areas):
        lines.append("请核对上面的金额：amount_fen 以分为单位（12000 是 ¥120.00）；收费项目"
                     "在 init 之后不能靠 merge-street 再改，金额以后从某一期起改用 steward fees "
                     "set。 / Check the amounts above: amount_fen is in fen (12000 is "
                     "¥120.00); the fees cannot be changed by merge-street after init (an "
                     "amount changes from a period on with `steward fees set`).")
    return lines


def staff_notes(repo) -> list[str]:  # type: ignore[no-untyped-def]
    """What a street file left for the bot to do: no admin, an area with fewer than the
    two volunteers its approvals need (each person's id: /whoami, sent to the bot)."""
    notes = []
    if not repo.people(admins=True):
        notes.append("还没有管理员。启动机器人后，用您的 Telegram 给它发 /whoami，把回答里的编号"
                     "写进机器人环境变量 ADMIN_IDS（启动时设为管理员），或写进街道文件的 admins:。"
                     " / no admin yet. Start the bot, send it /whoami from your Telegram, and "
                     "put that number in ADMIN_IDS in the bot's environment (made an admin "
                     "at start), or under admins: in the street file.")
    for area in repo.street.areas:
        count = len(repo.people(volunteer_of=area.id))
        if count >= 2:
            continue
        zh = ("没有志愿者：居民的登记、报事和缴费会等着，没有人审核" if count == 0 else
              "只有一位志愿者：记账要由另一位志愿者审核")
        what = ("no volunteer: the registrations, reports and fees of its residents would "
                "wait with nobody to approve them" if count == 0 else
                "one volunteer: a money entry must be approved by a second one")
        notes.append(f"{area.name}（{area.id}）{zh}。请管理员在机器人里发送 "
                     f"/grant 编号 volunteer {area.id} 添加志愿者（编号：本人向机器人发 "
                     f"/whoami），或在 init 之前写进街道文件的 volunteers:。 / "
                     f"{area.name} ({area.id}) has {what}. Add volunteers as an admin in the "
                     f"bot, `/grant ID volunteer {area.id}` (each sends /whoami for the ID), "
                     f"or under volunteers: in the street file before init.")
    return notes


def export(
    out: Annotated[Path, typer.Argument(help="Folder to write into.")] = Path("export"),
    data: DataOpt = Path("data"),
) -> None:
    """Write each area's published ledger as CSV and JSON (public data only)."""
    from cli.checks import refuse_unsound
    from db.exports import export_all

    repo = open_repo(data, readonly=True)
    refuse_unsound(repo, data, ("没有导出", "nothing exported"))  # no edited line goes out
    try:
        written = export_all(repo, out)
    finally:
        repo.close()
    for path in written:
        typer.echo(str(path))


def street_file(
    out: Annotated[Path | None, typer.Argument(
        help="The file to write (default: print it).")] = None,
    data: DataOpt = Path("data"),
) -> None:
    """Write the data folder's street as a street file (YAML) to edit and merge with
    `steward merge-street`: after a restore onto a new machine, or when the file kept
    since `init` is lost. Volunteers are not listed (they are granted in the bot)."""
    from db.storage import atomic_write_bytes
    from db.street_file import street_yaml

    repo = open_repo(data, readonly=True)
    try:
        text = street_yaml(repo.street, repo.settings)
    finally:
        repo.close()
    if out is None:
        typer.echo(text, nl=False)
        return
    atomic_write_bytes(out.resolve(), text.encode("utf-8"))
    typer.echo(f"已写出街道文件 {out}：改好后用 steward merge-street {out} 合并。 / Wrote "
               f"the street file {out}: edit it, then `steward merge-street {out}`.")


def merge_street(
    config: Annotated[Path, typer.Argument(help="The street's YAML file, corrected.")],
    data: DataOpt = Path("data"),
    yes: Annotated[bool, typer.Option(
        "--yes", help="Write every change listed without asking one by one.")] = False,
) -> None:
    """Merge a corrected street file into the data folder (stop the bot first): floor
    areas, owner keys and households missing at `init`, and compounds that join later
    (each as a new area, with the volunteers the file lists for it), and a changed site_url
    or bot_username. Each change is listed and confirmed before it is written; votes keep
    the households they opened with."""
    from db.config import load_street

    try:
        cfg = load_street(config)
    except ConfigError as exc:
        fail(str(exc), 2)
    if not yes and not _interactive():
        fail("请在终端里运行，逐条确认每个改动；或者加上 --yes 全部写入。 / Run this in a "
             "terminal to confirm each change, or pass --yes.")
    repo = open_repo(data)
    try:
        try:
            plan = repo.merge_plan(cfg)
        except DomainError as exc:
            problems = exc.params.get("problems") or [str(exc)]
            fail("\n  ".join([f"{config}：这个街道文件不能合并，原因如下；数据目录没有改动。 / "
                              f"{config}: cannot be merged (nothing was changed):",
                              *map(str, problems)]))  # type: ignore[call-overload]
        from db.street_merge import mode_notes

        for note in mode_notes(repo.street, cfg.street):
            typer.echo(f"注意 / Note: {note}")
        if not plan:
            typer.echo("没有要合并的：街道文件与数据目录一致。 / Nothing to merge: the street "
                       "file says what the data folder says.")
            return
        typer.echo(f"{len(plan)} 处改动 / {many(len(plan), 'change')}:")
        for n, change in enumerate(plan, 1):
            typer.echo(f"  {n}. {change.describe()}")
        accepted = list(range(len(plan))) if yes else [
            n for n, change in enumerate(plan)
            if ask_yes(f"{n + 1}. {change.describe()} — 写入吗？/ write it?")]
        written = repo.merge_street(cfg, accepted)
    finally:
        repo.close()
    typer.echo(f"已写入 {len(plan)} 处改动中的 {len(written)} 处。已经开始的表决仍按开始时的"
               f"住户计算，新的表决按现在的街道计算。 / Written: {len(written)} of {len(plan)} "
               "changes. Votes keep the households they opened with; new votes count the "
               "street as it is now.")
    if any(c.what == "owner" for c in written):  # db.votes: a flat sold during a vote
        typer.echo("改了业主标记的房，如果在正在进行的表决期间卖出，新住户投票后按改好的标记计算："
                   "同一位新业主的几套房（包括他原来在这里的房）只算一位业主。 / A flat whose "
                   "owner key changed and that was sold during an open vote counts by the "
                   "corrected key once its new household votes: one new owner of several flats "
                   "(his earlier flats here included) counts once.")
    if written:  # the bot does not build at its start for a change made while it was stopped
        typer.echo(f"公开网站要重新生成后才显示这些改动：请在启动机器人之前运行 steward build "
                   f"--data {data}。 / The public site shows them once it is built again: "
                   f"`steward build --data {data}` now, before the bot is started.")


def _interactive() -> bool:
    """Whether someone can be asked (a terminal, not cron)."""
    return sys.stdin.isatty()


def _passphrase(confirm: bool) -> str:
    """The backup passphrase: from STEWARD_BACKUP_PASSPHRASE, or asked (not echoed)."""
    from db.seal import PASSPHRASE_ENV

    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not _interactive():
        fail(f"没有备份口令：请设置 {PASSPHRASE_ENV}（定时任务用 . 读取的文件里要写成 "
             f"export {PASSPHRASE_ENV}='…'，没有 export 就读不到），或者在终端里运行，"
             f"按提示输入口令。 / No passphrase: set {PASSPHRASE_ENV} (in a file the cron "
             f"job reads with `.`, write it as export {PASSPHRASE_ENV}='...': without "
             "export it never reaches steward), or run this in a terminal to be asked.")
    return ask_secret("备份口令 / Backup passphrase",
                      "再输入一次 / Repeat for confirmation" if confirm else None)


def backup(
    file: Annotated[Path, typer.Argument(help="Backup file to write (.tar.gz).")],
    data: DataOpt = Path("data"),
    encrypt: Annotated[bool, typer.Option(
        "--encrypt", help="Encrypt the backup with a passphrase (AES-256-GCM, key from "
                          "scrypt): from STEWARD_BACKUP_PASSPHRASE, or asked.")] = False,
) -> None:
    """Write a consistent snapshot of the data folder to one file (safe while the bot runs)."""
    from db.backup import backup as do_backup

    if not data.is_dir():
        fail(no_data_folder(data))
    passphrase = _passphrase(confirm=True) if encrypt else None
    try:
        manifest = do_backup(data, file, passphrase=passphrase)
    except StoreError as exc:
        fail(zh_first(exc, file, data))
    sealed = " (encrypted)" if encrypt else ""
    made = china_minute(manifest["created"])
    typer.echo(f"已备份 {len(manifest['files'])} 个文件到 {file}{'（已加密）' if encrypt else ''}"
               f"，{made}（北京时间） / Backed up {len(manifest['files'])} files to "
               f"{file}{sealed}, {made} China time")


def restore(
    file: Annotated[Path, typer.Argument(help="Backup file made by `steward backup`.")],
    data: DataOpt = Path("data"),
    numbers_from: Annotated[int | None, typer.Option(
        "--numbers-from", min=1,
        help="Number new entries from N at least. For a restore into a new folder (the "
             "machine lost): one more than the highest number the bot gave out (its "
             "replies, the volunteers' review chats, the live site), rounded up; numbers "
             "may skip, never repeat. Into the same folder it is read from the folder "
             "replaced.")] = None,
    lines_published: Annotated[list[str] | None, typer.Option(
        "--lines-published", metavar="AREA=N",
        help="Area AREA's ledger was published up to line N (the live site's accounts "
             "page or downloads/AREA/ledger.csv, a signed head, the paper notice): the "
             "restored ledger goes on past line N with lines marked lost (恢复备份时遗失, "
             "0 yuan), so no published line number is given to another line. Once per "
             "area. For a restore into a new folder (the machine lost); into the same "
             "folder it is read from the folder replaced.")] = None,
    from_site: Annotated[str | None, typer.Option(
        "--from-site", metavar="SITE",
        help="The published site (its address, or a folder of its files): for a restore "
             "into a new folder, read what the public saw from its downloads/heads.json "
             "and each area's ledger.json (it must check out as steward_verify.py checks "
             "it): lines published since the backup are marked lost, and its signed head "
             "log is kept.")] = None,
    accept_cut_head_log: Annotated[bool, typer.Option(
        "--accept-cut-head-log",
        help="Restore even though the head log would lose signed records the folder "
             "replaced remembers (its log was cut, and neither the backup nor --from-site "
             "holds them): only when they are lost for good; witnesses will see the log "
             "cut.")] = False,
    replace_head_log: Annotated[bool, typer.Option(
        "--replace-head-log",
        help="Restore even though records of the public's head log (the folder "
             "replaced's, or --from-site's) were signed with a key neither the backup nor "
             "the folder holds (changed after the backup, then lost): the backup's log "
             "replaces them. Only when that key is lost for good; then follow the README's "
             "'If the key is lost' and announce the new key and why.")] = False,
) -> None:
    """Bring a backup back into the data folder (the old folder is kept beside it). An
    encrypted backup's passphrase is read from STEWARD_BACKUP_PASSPHRASE, or asked.
    New entries are numbered past every number given out before (read from the folder
    replaced, or --numbers-from); each ledger goes on past the lines published since
    the backup with lines marked lost, so no line number is given twice (read from the
    folder replaced, or --lines-published)."""
    from db.backup import restore as do_restore
    from db.seal import is_sealed

    try:
        with open(file, "rb") as f:
            sealed = is_sealed(f.read(64))
    except OSError as exc:
        fail(f"{file}：读不出这个备份文件（{exc.strerror or exc}），数据目录没有改动 / "
             f"{file}: {exc.strerror or exc}")
    passphrase = _passphrase(confirm=False) if sealed else None
    published = published_lines(lines_published or [])
    try:
        restored = do_restore(file, data, passphrase=passphrase, numbers_from=numbers_from,
                              lines_published=published, site=from_site,
                              accept_cut=accept_cut_head_log,
                              replace_log=replace_head_log)
    except DomainError as exc:
        fail(zh_first(exc, file, data))
    kept = restored.kept
    made = china_minute(restored.made) if restored.made else "?"
    typer.echo(f"这个备份做于 {made}（北京时间）。 / This backup was made at {made} China time "
               f"(+08:00).")
    if restored.forgotten_again:
        n = len(restored.forgotten_again)
        typer.echo(f"隐私：备份之后要求删除个人信息或撤回公开同意的 {n} 人，已再次删除或撤回"
                   f"（#{'、#'.join(map(str, restored.forgotten_again))}）。 / "
                   f"Privacy: deleted again the personal data of, or withdrew again the "
                   f"agreement to publication of, {n} {'person' if n == 1 else 'people'} "
                   f"forgotten or withdrawn since the backup was made "
                   f"(#{', #'.join(map(str, restored.forgotten_again))}).")
    if restored.withdrawn_again:
        n = len(restored.withdrawn_again)
        typer.echo(f"隐私：备份之后作者撤回的 {n} 条内容已再次撤回，不会被审核或公开"
                   f"（#{'、#'.join(map(str, restored.withdrawn_again))}）。 / "
                   f"Privacy: withdrew again {n} submission{'' if n == 1 else 's'} its "
                   f"author took back since the backup was made, so that nobody approves "
                   f"or publishes {'it' if n == 1 else 'them'} "
                   f"(#{', #'.join(map(str, restored.withdrawn_again))}).")
    if kept is None:
        typer.echo("隐私：恢复到了一个新目录，所以没法再次删除任何人：备份之后发过 /forget 或 "
                   "/unpublish 的人又回到了数据里，他们公开过的文字在网站下次生成时会重新出现。"
                   "请用最新的备份。启动机器人之前，在管理员与机器人的 Telegram 对话里找出 "
                   f"{made} 之后的每条“🔒 隐私：#N 号用户…”消息，照它说的运行：/forget 用 "
                   f"steward forget N --data {data}，/unpublish 用 steward unpublish N "
                   f"--data {data}；然后运行 steward build --data {data}。 / "
                   "Privacy: restored into a new folder, so nobody could be forgotten again: "
                   "anyone who sent /forget or /unpublish after this backup was made is "
                   "back in it, and their published words go back on the site at its next "
                   "build. Use the newest backup. Before starting the bot, find in the "
                   "admins' Telegram chats with the bot each message \"🔒 Privacy: person #N "
                   f"…\" (隐私：#N 号用户…) dated after {made}, when the backup was made, "
                   "and run what it "
                   f"says: `steward forget N --data {data}` for a /forget, `steward unpublish "
                   f"N --data {data}` for an /unpublish. Then `steward build --data {data}`.")
    if kept is None:  # nothing to compare with (``db.restore_lost``): where to look
        typer.echo("注意：恢复到了新目录，没法列出备份之后才有的记录、审核和账目，它们都没有恢复。"
                   "在机器人或 steward build 第一次更新公开网站之前，先把网站上每个区域的账目"
                   "（downloads/<区域>/ledger.csv）另存一份：比恢复的账本多出来的那几笔，就是要"
                   "重新录入、并告诉居民的。 / Note: restored into a new folder, so what came "
                   "after the backup (entries, decisions, ledger lines) cannot be listed, and "
                   "is not back. Before the bot or steward build first updates the public "
                   "site, save each area's downloads/<area>/ledger.csv from it: the lines it "
                   "has beyond the restored ledgers are those to enter again, and to tell the "
                   "residents of.")
    if restored.media_dropped:
        n = restored.media_dropped
        typer.echo(f"隐私：删除了备份里 {n} 个已经没有任何记录用到的照片或语音（备份之后删掉的，"
                   f"或从未提交的草稿留下的）。 / "
                   f"Privacy: deleted {n} photo{'' if n == 1 else 's'} or voice "
                   f"note{'' if n == 1 else 's'} of the backup that nothing restored names "
                   "(deleted since it was made, or left by a draft never sent).")
    for problem in restored.not_forgotten:
        typer.echo(f"隐私：没能再次删除：{problem}。要求删除的人可能又回到了恢复的数据里，"
                   f"请和管理员一起核对。 / "
                   f"Privacy: could not delete again: {problem}. Someone who asked to be "
                   "forgotten may be back in the restored data: check it with an admin.")
    for name in restored.dropped:
        typer.echo(f"注意：备份里的 {name} 没有载入（pickle 文件可能运行代码）；备份时正在进行的"
                   f"对话要重新开始。 / "
                   f"Note: {name} in the backup was left out, not loaded (a pickle can run "
                   "code). Conversations in progress at the time of the backup start again.")
    if restored.lost and (kept or from_site):
        say_lost(restored.lost, kept, restored.marked, restored.found, restored.heads,
                 site=from_site)
    say_numbers(restored, file, data, numbers_from)
    say_lines(restored, file, data, published, from_site)
    say_key(restored, data, made, from_site)
    if restored.heads_cut != (0, 0):  # --accept-cut-head-log
        count, held = restored.heads_cut
        typer.echo(f"⚠️ 链头记录：原来的数据目录签过 {count} 条，恢复后的链头记录只保留了其中 "
                   f"{held if held < count else count - 1} 条（按 --accept-cut-head-log）。"
                   "保存过这些链头的见证人核对时会看到链头记录被截短：请公告原因。 / ⚠️ "
                   f"Signed heads: the folder replaced had signed {count} records; the "
                   f"restored head log keeps {held if held < count else count - 1} of them "
                   "(--accept-cut-head-log). Witnesses who saved them will see the log cut: "
                   "announce why.", err=True)
    if kept:
        typer.echo(f"原来的数据目录保留为 {kept}：核对恢复的数据无误后请删除它（它保留着现在"
                   f"每个人的数据，包括以后要求删除的人的）。 / "
                   f"The previous data folder was kept as {kept}: delete it once the "
                   "restored one is checked (it keeps everyone's data as it is now, of "
                   "whoever asks to be forgotten from now on too).")
    typer.echo(f"已把 {file} 恢复到 {data}，账本已核对。 / Restored {file} into {data}; "
               f"ledgers verified.")
