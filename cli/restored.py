"""What ``steward restore`` says it gave up of the folder it replaced
(``db.restore_lost``) and from which number new entries are numbered
(``db.numbering``): by number, never words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

__all__ = ["published_lines", "say_key", "say_lines", "say_lost", "say_numbers"]


def _said(ids: list[str], most: int = 20, sep: str = "、") -> str:
    return sep.join(ids[:most]) + (f" … ({len(ids)})" if len(ids) > most else "")


def _many(n: int, one: str, more: str) -> str:
    return f"{n} {one if n == 1 else more}"


def _span(seqs: list[int]) -> str:
    if seqs == list(range(seqs[0], seqs[-1] + 1)):
        return f"{seqs[0]}" if len(seqs) == 1 else f"{seqs[0]}–{seqs[-1]}"
    return _said([str(n) for n in seqs])


def say_lost(lost: Any, kept: Path | None, marked: dict[str, tuple[int, int]],
             found: dict[str, list[tuple[int, int]]] | None = None,
             heads: Any = None, site: str | None = None) -> None:
    """What the restore gave up of the folder it replaced (``db.restore_lost``), for the
    admin to tell the people concerned and to enter again: by number, never words; and
    the backup's lines recorded again after those published (``db.found_lines``). Into a
    new folder, what it kept of the published ``site`` (``db.restore_site``)."""
    from db.labels import KIND, label

    if kept is None:  # ``--from-site``: the ledgers and head log as the site has them
        typer.echo(f"按网站 {site} 上公开的账本和链头记录（--from-site）： / As the site "
                   f"{site} published the ledgers and signed heads (--from-site):")
    elif lost.unread:
        typer.echo(f"注意：没法列出备份之后才有的记录（{lost.unread}）；它们留在原来的目录 "
                   f"{kept} 里。 / Note: what came after the backup cannot be listed "
                   f"({lost.unread}); it stays in {kept}.")
        return
    else:
        typer.echo("注意：下面这些是备份之后才有的，恢复后没有了（都还在原来的目录 "
                   f"{kept} 里，只供查看）： / Note: these came after the backup and are not "
                   f"in the restored folder (they are still in {kept}, to look at only):")
    if lost.entries:
        zh = [f"#{i} {label(KIND, k)}（{a}）" if a else f"#{i} {label(KIND, k)}"
              for i, k, a in lost.entries]
        en = [f"#{i} {label(KIND, k, 'en')}" + (f" ({a})" if a else "")
              for i, k, a in lost.entries]
        typer.echo(f"- 记录 {len(zh)} 条：{_said(zh)}。机器人告诉过提交的人已收到；请告诉他们"
                   "重新提交（新记录的编号排在这些之后，同一个编号不会用两次）。 / "
                   f"{_many(len(en), 'entry', 'entries')}: {_said(en, sep=', ')}. The bot "
                   "told their authors they were received: ask them to send again (new "
                   "entries are numbered past them: no number is given twice).")
    if lost.decided:
        ids = [f"#{i}" for i in lost.decided]
        typer.echo(f"- 备份之后审核或处理过的 {len(ids)} 条，回到了备份时的状态，要重新处理："
                   f"{_said(ids)}。 / {_many(len(ids), 'entry', 'entries')} decided or "
                   f"worked on since, back as at the backup, to be done again: "
                   f"{_said(ids, sep=', ')}.")
    for area, (first, last) in sorted(lost.lines.items()):
        seqs = f"{first}" if first == last else f"{first}–{last}"
        moved = (found or {}).get(area, [])  # ``db.found_lines``
        kept_found = [(o, n) for o, n in moved if n <= last]  # found by an earlier restore
        found_now = [(o, n) for o, n in moved if n > last]
        # the next line: past the lines found again, or the lost ones (``db.lost_lines``)
        after = max([last] + [n for _, n in moved]) + 1 if moved else \
            marked.get(area, (first, last))[1] + 1
        kept_as_was = [int(x["seq"]) for x in lost.carried.get(area, ())][:last - first + 1]
        if len(kept_as_was) + len(kept_found) < last - first + 1:  # lines with money lost
            typer.echo(f"- 账本 {area} 第 {seqs} 笔：已经公开过（链头可能已签名、已印在公示单上），"
                       "恢复后记为“恢复备份时遗失”（0 元），编号不会再用。请重新录入，"
                       f"下一笔是第 {after} 笔；并告诉居民发生了什么。 / ledger {area} "
                       f"line(s) {seqs}: published already (their head maybe signed, on a "
                       "paper notice); the restored ledger marks them \"lost in a restore\" "
                       f"(0 yuan) and never gives their numbers again. Enter them again: the "
                       f"next line is line {after}; and tell the residents what happened.")
        elif len(kept_as_was) == last - first + 1:  # all lost in an earlier restore
            typer.echo(f"- 账本 {area} 第 {seqs} 笔：上一次恢复时就已记为遗失（0 元）并已公开，"
                       f"原样保留，下一笔是第 {after} 笔。 / ledger {area} line(s) {seqs}: "
                       "marked lost by an earlier restore and published so: kept as they were; "
                       f"the next line is line {after}.")
            kept_as_was = []  # said
        else:
            typer.echo(f"- 账本 {area} 第 {seqs} 笔：上一次恢复时就这样记下并已公开，原样保留，"
                       f"下一笔是第 {after} 笔。 / ledger {area} line(s) {seqs}: written so by "
                       f"an earlier restore and published: kept as they were; the next line is "
                       f"line {after}.")
        if kept_as_was:  # lost in an earlier restore already: kept, hash and all
            was = _span(kept_as_was)
            typer.echo(f"  其中第 {was} 笔上一次恢复时就已记为遗失，原样保留。 / Of them, "
                       f"line(s) {was} were marked lost by an earlier restore: kept as they "
                       "were.")
        if kept_found:
            was, now = _span([o for o, _ in kept_found]), _span([n for _, n in kept_found])
            typer.echo(f"  其中第 {now} 笔是上一次恢复时找回的（备份里原来的第 {was} 笔），"
                       f"原样保留。 / Of them, line(s) {now} were found again by an earlier "
                       f"restore (the backup's line(s) {was}): kept as they were.")
        if found_now:  # the backup's lines, after the published ones
            was, now = _span([o for o, _ in found_now]), _span([n for _, n in found_now])
            typer.echo(f"  备份里原来的第 {was} 笔重新记为第 {now} 笔（恢复备份时找回），金额照原样"
                       f"计入余额；公开过的第 {seqs} 笔一笔不改。请告诉居民：原第 {was} 笔"
                       f"找回了，现在是第 {now} 笔。 / The backup's line(s) {was} are recorded "
                       f"again as line(s) {now} (found again in a restore), their amounts back "
                       f"in the balance; lines {seqs} stay as published. Tell the residents: "
                       f"line(s) {was} were found again, as line(s) {now}.")
    kept_log, cut, gone, key_kept, unkept = heads or ("", 0, (), False, 0)
    if key_kept:  # ``db.restore_heads``
        typer.echo("- 签名密钥：备份之后换过签名密钥，保留的是恢复前正在用的那把（公众认的是它），"
                   "不是备份里的旧密钥。 / Signing key: the key was changed since the backup; "
                   "the one in force before the restore (the one the public knows) is kept, "
                   "not the backup's old one.")
    if unkept and not cut:
        typer.echo(f"- 签名链头：恢复前公开的链头记录有 {unkept} 条没能保留：它们是用备份之后换的"
                   "签名密钥签的，这次恢复没有那把密钥。保存过恢复前网站的人核对时会看到链头记录"
                   f"不同：请告诉居民发生了什么。 / Signed heads: {unkept} record(s) of the head "
                   "log published before the restore could not be kept: they were signed with "
                   "a key changed since the backup, which this restore does not hold. Witnesses "
                   "who saved the site before the restore will see the head log differ: tell "
                   "the residents what happened.")
    if gone:
        which = "、".join(f"#{n}" for n in gone)
        mine = "恢复前公开的" if kept_log == "published" else "备份里的"
        en_which = "published before the restore" if kept_log == "published" else \
            "of the backup"
        typer.echo(f"- 签名链头：{mine}链头记录原样保留（一条不删），另加一条签名的恢复记录，"
                   f"说明链头记录 {which} 签的账现在记为“恢复备份时遗失”，这些链头不再作数；"
                   "下次发布时接着签新的链头。保存过网站的人核对时链头记录一条不少。 / Signed "
                   f"heads: the head log {en_which} is kept whole, with a signed restore record "
                   f"added saying that head record(s) {which.replace('、', ', ')} signed lines "
                   "now marked lost, so they no longer hold; new heads follow on at the next "
                   "publish. Witnesses who saved the site find every record they saved.")
    elif kept_log == "published" and cut:
        typer.echo(f"- 签名链头：保留恢复前公开的链头记录，去掉了最后 {cut} 条（签的是现在"
                   "记为遗失的账目）；下次发布时签新的链头。 / Signed heads: the head log "
                   f"published before the restore is kept, its last {cut} record(s) left "
                   "off (they signed lines now marked lost); new heads are signed at the next "
                   "publish.")
    elif kept_log == "backup":
        typer.echo(f"- 签名链头：恢复前公开的链头记录与备份里的签名密钥对不上（备份之后换过密钥），"
                   f"保留的是备份里的链头记录（去掉了最后 {cut} 条）。保存过恢复前网站的人核对时会"
                   "看到链头记录不同：请告诉居民发生了什么。 / Signed heads: the head log "
                   "published before the restore does not go with the backup's signing key "
                   "(the key was changed since), so the backup's own head log is kept (its "
                   f"last {cut} record(s) left off). Witnesses who saved the site before the "
                   "restore will see the head log differ: tell the residents what happened.")
    if lost.people:
        typer.echo(f"- 备份之后第一次用机器人的 {lost.people} 人，要重新登记。 / "
                   f"{lost.people} {'person' if lost.people == 1 else 'people'} who first used "
                   "the bot since must register again.")


def say_numbers(restored: Any, file: Path, data: Path, numbers_from: int | None) -> None:
    """From which number new entries are numbered, and, when that may repeat a number
    given out after the backup (a new folder), how to make it not (``db.numbering``)."""
    entry = restored.numbers.get("entry")
    if not entry:
        return
    if numbers_from is not None:
        typer.echo(f"编号：按 --numbers-from，新的记录从 #{entry} 开始编号。 / Numbers: as "
                   f"--numbers-from asked, new entries are numbered from #{entry}.")
        return
    if restored.numbers_past:
        if not restored.lost:  # nothing given out since the backup: nothing to say
            return
        typer.echo(f"编号：新的记录从 #{entry} 开始编号，恢复前发出去的编号不会再分给别的记录。 / "
                   f"Numbers: new entries are numbered from #{entry}; no number given out "
                   "before the restore is given to another entry.")
        return
    why_zh, why_en = (("恢复到了新目录", "restored into a new folder") if restored.kept is None
                      else ("原来的目录读不出来", "the folder replaced could not be read"))
    typer.echo(f"注意：{why_zh}，不知道备份之后机器人又发出去了哪些编号。新的记录会从 "
               f"#{entry} 开始编号，可能和居民手里的回执（“报事编号 #…”）、志愿者的消息重复。"
               "启动机器人之前，"
               "找出机器人发出去的最大编号（居民的回执、志愿者审核群里的消息、公开网站上的编号），"
               "往大里取个整数，再恢复一次：steward restore "
               f"{file} --data {data} --numbers-from 编号。编号可以跳过，不能重复。 / "
               f"Note: {why_en}, so the numbers the bot gave out after the "
               f"backup are unknown. New entries are numbered from #{entry}, which may repeat "
               "a number a resident holds on a receipt (\"报事编号 #…\") or volunteers were "
               "told. Before starting the bot, find the highest number the bot gave out "
               "(residents' receipts, the volunteers' review chats, the live site), round it "
               f"up, and restore again: `steward restore {file} --data {data} --numbers-from "
               "N`. Numbers may skip, never repeat.")


def published_lines(specs: list[str]) -> dict[str, int]:
    """``--lines-published AREA=N`` (once per area) as {area: N}; a clear refusal, with
    nothing restored, of anything else."""
    from cli.common import fail

    out: dict[str, int] = {}
    for spec in specs:
        area, sep, last = spec.partition("=")
        area, last = area.strip(), last.strip()
        if not sep or not area or not last.isdigit() or int(last) < 1 or area in out:
            fail(f"--lines-published {spec!r}：要写成 区域=最后一笔的序号，每个区域一次，例如 "
                 "--lines-published yixinyuan=80；这次没有恢复，数据目录没有改动。 / "
                 f"--lines-published {spec!r}: write AREA=N, the number of the area's last "
                 "line published, once per area (e.g. --lines-published yixinyuan=80); "
                 "nothing was restored, and the data folder is as it was.")
        out[area] = int(last)
    return out


def say_lines(restored: Any, file: Path, data: Path, published: dict[str, int],
              site: str | None = None) -> None:
    """What ``--lines-published`` did (``db.lost_lines``), or, when the lines published
    after the backup cannot be known (a new folder, or one that could not be read), how
    to keep their numbers from being given again."""
    for area, last in sorted(published.items()):
        first, upto = restored.marked.get(area, (0, 0))
        if upto >= last:
            seqs = f"{first}" if first == upto else f"{first}–{upto}"  # not 第 1–1 笔
            lines = f"line {seqs} is" if first == upto else f"lines {seqs} are"
            typer.echo(f"账本 {area}：按 --lines-published，第 {seqs} 笔记为“恢复备份时"
                       f"遗失”（0 元），下一笔是第 {upto + 1} 笔。 / ledger {area}: as "
                       f"--lines-published asked, {lines} marked lost in a "
                       f"restore (0 yuan); the next line is line {upto + 1}.")
        elif area not in restored.marked:
            typer.echo(f"账本 {area}：恢复的账本已经有第 {last} 笔了，没有要记为遗失的。 / "
                       f"ledger {area}: the restored ledger has line {last} already; no line "
                       "to mark lost.")
    if published or site or (restored.kept is not None and not restored.lost.unread):
        return  # known: from the folder replaced, the operator, or the site
    why_zh, why_en = (("恢复到了新目录", "restored into a new folder") if restored.kept is None
                      else ("原来的目录读不出来", "the folder replaced could not be read"))
    typer.echo(f"注意：{why_zh}，不知道备份之后账本又公开了哪几笔。启动机器人之前，在公开网站上"
               "找出每个区域账目的最后一笔（账目页，或 downloads/<区域>/ledger.csv 的最后一行），"
               f"比恢复的账本多的话，再恢复一次：steward restore {file} --data {data} "
               "--lines-published 区域=最后一笔（每个区域一次）：那几笔会记为“恢复备份时遗失”，"
               "编号不会再给别的账目。更好的是 --from-site 网站地址：按网站公开的账本和签名"
               "链头记录恢复，保存过网站的人核对时一条不少。 / "
               f"Note: {why_en}, so the ledger lines published after the backup are "
               "unknown. Before starting the bot, find each area's last line on the live "
               "site (its accounts page, or the last row of downloads/<area>/ledger.csv); "
               "where it is past the restored ledger, restore again: `steward restore "
               f"{file} --data {data} --lines-published AREA=N` (once per area): those "
               "lines are marked lost in a restore, and their numbers never given to "
               "another line. Better: --from-site SITE_ADDRESS, which keeps the ledgers "
               "and the signed head log as the site published them, every record a "
               "witness saved.")


def say_key(restored: Any, data: Path, made: str, site: str | None = None) -> None:
    """Which key signs the heads from now on (``db.restore_heads.key_in_use``); when the
    public's head log names a newer one, that the backup's was replaced and what to do
    before the bot starts; when no public log was at hand, how to check. An older backup
    brought the retired key back silently: only ``steward key show``'s id told."""
    from db.core import china_minute

    key = restored.key
    if not key.id:
        return
    since = china_minute(key.since) if key.since else "?"
    typer.echo(f"签名密钥：恢复后签链头用的是密钥 {key.id}（{since} 起使用；steward key show "
               f"--data {data} 显示它的公钥）。 / Signing key: heads are now signed with key "
               f"{key.id} (in force since {since}; `steward key show --data {data}` prints "
               "its public key).")
    if key.public_id:
        then = china_minute(key.public_since) if key.public_since else "?"
        again = f" --from-site {site}" if site else ""
        was_zh = "，恢复的这把已经被它换掉" if key.retired else "，不是恢复的这把"
        was_en = ", which replaced the one restored" if key.retired else \
            ", not the one restored"
        typer.echo(f"⚠️ 但公开的链头记录里，{then} 起用的是新密钥 {key.public_id}{was_zh}：这个备份"
                   f"没有新密钥。用 {key.id} 接着签的链头，保存过网站的人核对时通不过；旧密钥"
                   "也可能正是因为泄露才换的。启动机器人之前，恢复一个 "
                   f"{then} 之后做的备份（它有新密钥）：steward restore 那个备份 --data "
                   f"{data}{again}（在那之前机器人不会启动，链头也不签名）。没有任何备份有新密钥时，"
                   "按 README 的“If the key is lost”："
                   f"把 {data}/heads.jsonl 和 {data}/keys/signing.key 都移开保存，下次发布会"
                   "生成新密钥，然后公告新的公钥和原因。 / ⚠️ But the public's head log names "
                   f"a newer key, {key.public_id}, in force since {then}{was_en}: this backup "
                   f"does not hold it. Heads signed on with {key.id} fail every witness's "
                   "check, and the old key may have been replaced because it leaked. Before "
                   f"starting the bot, restore a backup made after {then} (it holds the new "
                   f"key): `steward restore THAT_BACKUP --data {data}{again}` (until then the "
                   "bot does not start and no head is signed). If no backup "
                   "holds the new key, see the README's 'If the key is lost': move "
                   f"{data}/heads.jsonl and {data}/keys/signing.key aside (keep them); the "
                   "next publish makes a new key; announce the new public key and why.")
    elif not restored.lost.heads:  # a new folder, without the site: nothing to compare
        typer.echo(f"如果 {made} 之后换过签名密钥（steward key rotate），这是换掉的旧密钥。"
                   "启动机器人之前，看一眼公开网站 downloads/heads.json 里最后一把密钥的编号"
                   f"（公示单上也印着）：不是 {key.id} 的话，用 --from-site 网站地址 再恢复一次，"
                   "它会核对并说明怎么办。 / If the signing key was changed (steward key "
                   f"rotate) after {made}, this is the retired key. Before starting the bot, "
                   "look at the last key id in the live site's downloads/heads.json (the "
                   f"paper notices print it too): if it is not {key.id}, restore again with "
                   "--from-site SITE, which checks it and says what to do.")
