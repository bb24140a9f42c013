"""``steward verify`` and ``steward key``: check the data folder (its files, ledger
chains and signed head log) and show or replace the street office's signing key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    ZH_DAMAGE,
    DataOpt,
    fail,
    no_data_folder,
    no_folder,
    open_repo,
    with_restore,
)
from cli.usage import StewardGroup
from db.errors import DomainError, StoreError

__all__ = ["key_app", "key_lost", "key_rotate", "key_show", "refuse_cut_log", "refuse_unsound",
           "retired_key", "start_problems", "verify"]


def verify(
    data: DataOpt = Path("data"),
    heads: Annotated[Path | None, typer.Option(
        "--heads", help="Also compare with heads a witness saved (`steward_verify.py --save "
        "FILE`): a changed, removed or cut-off line is named.")] = None,
) -> None:
    """Check every ledger hash chain, every line against its approved entry (nothing cut
    off, re-numbered or rewritten), and the signed head log (every signed head must be in
    the ledgers); exit 1 naming the area and line that do not match."""
    import json

    from db.heads import verify_heads
    from db.witness import key_id as witness_id

    saved = None
    if heads is not None:
        try:
            saved = json.loads(heads.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            fail(f"{heads}：读不出见证人保存的链头（{exc}） / {heads}: cannot read the saved "
                 f"heads ({exc})", 2)
    # A read-only snapshot: runs beside the bot (the nightly cron check), and lists
    # every damaged file rather than stopping at the first.
    repo, damaged = _open_snapshot(data)
    restore = f"; bring back a backup with `steward restore BACKUP --data {data}`"
    failed: DomainError | None = None
    report: list[str] = []
    try:
        report = repo.verify()
    except DomainError as exc:  # the heads are compared all the same: they say more
        failed = exc
    # One edit by hand is one problem: the ledger file holding the line found altered is
    # named with it, not again as a damaged file (nor twice, for its size and checksum)
    held = _ledger_file(data, failed)
    damaged = _one_per_file(damaged)
    folded = [p for p in damaged if held is not None and _same_path(p, held)]
    damaged = [p for p in damaged if p not in folded]
    for problem in damaged:
        _damaged(problem, data)
    if not repo.store.has_manifest and not damaged and not folded:
        typer.echo("提示：这个数据目录还没有文件清单（是较早的 Steward 建的），机器人下次启动时"
                   "会列出它的文件 / note: this data folder has no manifest yet (an older "
                   "Steward made it); its files are listed when the bot next starts")
    for line in report:
        typer.echo(line)
    if failed is not None:
        typer.echo(f"未通过：{zh_failure(repo, failed)}", err=True)
        typer.echo(f"FAILED: {failed}", err=True)
        changed = _what_changed(repo, failed, held if folded else None) \
            if failed.code == "chain_hash" else ""
        if not changed and folded:
            changed = (f"  账本文件 {held} 保存后被改过。 / the ledger file {held} was "
                       f"altered since it was saved.")
        if changed:
            typer.echo(changed, err=True)
    try:
        checker, problems = verify_heads(repo, saved)
    except DomainError as exc:
        repo.close()
        count = len(damaged) + (failed is not None) + 1
        typer.echo(f"核对未通过：{count} 处问题（链头记录读不出或对不上）。请用 `steward restore "
                   f"备份 --data {data}` 恢复备份，或请管理员查明原因。", err=True)
        fail(f"check FAILED: {count} problem{'s' if count > 1 else ''} ({failed or exc})"
             f"{restore}")
    repo.close()
    # Chinese first, as the witness script says it, then English.
    typer.echo(f"链头记录 {checker.count} 条（{len(checker.keys)} 把密钥）"
               + (f"，已与 {heads} 对照" if heads is not None else "")
               + f" / head log: {checker.count} record{'s' if checker.count != 1 else ''}, "
               + f"{len(checker.keys)} key{'s' if len(checker.keys) != 1 else ''}"
               + (f", compared with {heads}" if heads is not None else ""))
    if failed is not None:  # the witness's chain check finding the same line again
        problems = [p for p in problems if (p.code, p.area, p.line) != (
            failed.code, failed.params.get("area"), failed.params.get("seq"))]
    for problem in problems:
        typer.echo(f"未通过：{problem.zh}", err=True)
        typer.echo(f"FAILED: {problem.en}", err=True)
    if failed is not None or problems or damaged:
        count = len(problems) + (failed is not None) + len(damaged)
        if failed is not None and failed.code == "line_format_newer" and not problems \
                and not damaged:  # not a backup to restore: a Steward to update
            typer.echo(f"核对未通过：{count} 处问题。请先把 Steward 更新到最新版再核对。", err=True)
            fail(f"check FAILED: {count} problem{'s' if count > 1 else ''}; update Steward "
                 f"and check again")
        if failed is None and not damaged and all(p.restore for p in problems):
            # what a witness saved before a restore of an older backup: another restore
            # would not bring it back (the lines since the backup are lost)
            typer.echo(f"核对未通过：{count} 处问题，都是恢复备份造成的（见上）：见证人保存的是恢复"
                       "以前的链头。请告诉他哪天恢复了哪天的备份、遗失的那几笔重新录入成了第几笔；"
                       "再恢复一次备份也找不回它们。", err=True)
            fail(f"check FAILED: {count} problem{'s' if count > 1 else ''}, all from a restore "
                 f"of an older backup (above): the witness saved heads from before it. Tell "
                 f"them when which backup was restored and which lines the lost ones were "
                 f"entered again as; restoring again will not bring them back")
        typer.echo(f"核对未通过：{count} 处问题。请用 `steward restore 备份 --data {data}` "
                   f"恢复备份，或请管理员查明原因。", err=True)
        fail(f"check FAILED: {count} problem{'s' if count > 1 else ''}{restore}")
    typer.echo("核对通过：数据目录的每个文件都与保存时一致，每条账本链都对得上，每一笔都与"
               "审核通过的记录一致，每个签过的链头都在账本里"
               + ("，也与见证人保存的一致。" if heads is not None else "。"))
    typer.echo("OK: every file of the data folder is as saved, every ledger chain matches, "
               "every line its approved entry, and every signed head is in the ledgers"
               + (" and matches what the witness saved." if heads is not None else "."))
    # the ledgers are sound, but no head can be signed: the nightly check says so too
    # (before: 核对通过 and exit 0, and the first to know was the next publish)
    lost = _private_key_lost(data, checker.key, witness_id(checker.key)) if checker.key else ""
    if lost:
        typer.echo(f"⚠️ 但是：{lost}", err=True)
        fail("账本核对通过，但签名密钥不能用：下次发布签不了链头，网站不会更新（见上）。 / "
             "The ledgers check out, but the signing key cannot be used: the next publish "
             "signs no head and the site is not updated (above).")


# What a ledger check found (``db.ledger.verify_chain``, ``db.audit_ledger``), in Chinese.
_ZH_FAILURES = {
    "chain_gap": "编号接不上：有一笔缺了，或顺序被打乱",
    "chain_prev": "与上一笔的哈希接不上",
    "chain_hash": "内容与它的哈希不符（这一笔被改过）",
    "chain_unbooked": "有一笔审核通过的记录没有账本行",
    "chain_reused": "这个编号被两条记录同时占用",
    "chain_entry": "不是审核通过的那条记录的：有一笔被删掉或挪动，后面的重新编了号",
    "chain_field": "内容与审核通过的记录不一致：被改动过",
    "chain_missing": "从这一笔起账本缺了几笔：它们被删掉了",
    "balance": "保存的余额与账本各笔之和不符",
    "line_format_newer": "是第 {format} 版格式的账目，比这个 Steward 新（它只认识到"
                         "第 {known} 版），核对不了：请先更新 Steward 再核对。"
                         "这本身不说明被改动过（如果这份数据从没用更新的 Steward "
                         "运行过，就是被改动过）",
}


def retired_key(data: Path, project: Path | None) -> str:
    """Why the bot must not start (nor a build by hand sign) with the key in ``data``:
    the public's head log (the folder's, a restore's note, the site's
    ``downloads/heads.json`` built in ``project``) shows it replaced by a newer one
    (``db.key_retired``), in Chinese and English; '' when it is not."""
    from db.heads import HeadLog
    from db.key_retired import refuse_retired

    try:
        refuse_retired(data, HeadLog(data).read(), _site_heads(project))
    except DomainError as exc:
        return str(exc)
    return ""


def start_problems(repo, data: Path) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """What the bot's start check (``db.startcheck``, from where the last start left
    off) finds wrong in ``data``: a ledger line edited by hand, a ledger rewritten
    against its signed heads; each (Chinese, English), naming the ledger file. Run
    before the bot serves and before a build by hand publishes or signs anything."""
    from db.repository import LEDGER_BLOCK

    try:
        repo.check_at_start(checksums=False)  # the files' checksums: when it was opened
    except DomainError as exc:
        where = ""
        if exc.params.get("area") and str(exc.params.get("seq") or "").isdigit():
            block = (int(str(exc.params["seq"])) - 1) // LEDGER_BLOCK
            where = f"{data / 'areas' / str(exc.params['area'])}/ledger-{block:05d}.json: "
        return [(f"{where}{zh_failure(repo, exc)}", f"{where}{exc}")]
    return []


def refuse_cut_log(repo, undone: tuple[str, str], code: int = 1  # type: ignore[no-untyped-def]
                   ) -> None:
    """Refuse (exit ``code``) a folder whose head log lost records at its end
    (``db.heads_cut``): signed, or verified by a start, and gone now."""
    from db.heads import log_cut

    found = log_cut(repo)
    if found is not None:
        if repo.store.readonly:
            repo.close()
        else:
            repo.store.abandon()
        fail(f"{found[0]}（{undone[0]}） / {found[1]} ({undone[1]})", code)


def refuse_unsound(repo, data: Path, undone: tuple[str, str] = (  # type: ignore[no-untyped-def]
        "网站没有生成，链头也没有签名", "not building, no head signed"),
        project: Path | None = None) -> None:
    """Refuse (exit 1), as the bot's start does, a folder whose ledger was edited by hand,
    before a command by hand publishes, signs or prints from it; ``undone``: what was
    not done, in Chinese and English. With ``project`` (a build, which signs), also one
    whose signing key the public's head log shows replaced."""
    if project is not None and (retired := retired_key(data, project)):
        repo.close()
        fail(f"{retired}（{undone[0]} / {undone[1]}）")
    refuse_cut_log(repo, undone)
    if refused := start_problems(repo, data):
        repo.close()
        fail(f"{'；'.join(zh for zh, _ in refused)}：账本与保存时不一致（被手动改过或被改写过），"
             f"{undone[0]}。请用 steward verify --data {data} 查看，再用 "
             f"steward restore 备份文件 --data {data} 恢复最近的备份。 / "
             f"{'; '.join(en for _, en in refused)}; {undone[1]}. Bring "
             f"back a backup with `steward restore BACKUP --data {data}`")


def _site_heads(project: Path | None) -> list[dict]:  # type: ignore[type-arg]
    """The head records of the site last built in ``project`` (its
    ``downloads/heads.json``, as written or as MkDocs copied it), or none: not built,
    unreadable (the log in the data folder is checked all the same)."""
    import json

    if project is None:
        return []
    for folder in ("content", "site"):
        try:
            doc = json.loads((project / folder / "downloads" / "heads.json").read_text("utf-8"))
        except (OSError, ValueError):
            continue
        records = doc.get("records") if isinstance(doc, dict) else None
        if isinstance(records, list):
            return [r for r in records if isinstance(r, dict)]
    return []


_ZH_FIELDS = {"amount_fen": "金额", "purpose": "用途", "payee": "收款方", "date": "日期",
              "category": "类别", "period": "期间", "household_ref": "楼栋单元",
              "receipt": "收据", "note": "备注", "kind": "类型", "fee_type": "费用类型"}


def _ledger_file(data: Path, exc: DomainError | None) -> Path | None:
    """The ledger file holding the line a chain check found wrong, or None."""
    from db.repository import LEDGER_BLOCK

    if exc is None or not exc.params.get("area") or not str(exc.params.get("seq")).isdigit():
        return None
    block = (int(str(exc.params["seq"])) - 1) // LEDGER_BLOCK
    return data / "areas" / str(exc.params["area"]) / f"ledger-{block:05d}.json"


def _same_path(problem: DomainError, path: Path) -> bool:
    said = problem.params.get("path")
    return bool(said) and Path(str(said)).absolute() == path.absolute()


def _one_per_file(problems: list[DomainError]) -> list[DomainError]:
    """The first problem of each file (a file edited by hand was said twice: its size,
    then its checksum)."""
    seen: set[str] = set()
    out = []
    for problem in problems:
        path = str(problem.params.get("path") or "")
        if path and path in seen:
            continue
        seen.add(path)
        out.append(problem)
    return out


def _what_changed(repo, exc: DomainError,  # type: ignore[no-untyped-def]
                  held: Path | None = None) -> str:
    """For a line whose hash no longer matches it: which field now differs from the
    approved entry it was made from, and how (``db.audit_ledger.same_fields``), so the
    admin reads 金额 -35000 against -25000, not only that the line was altered; '' when
    the entry cannot tell (the entry changed too, or none). ``held``: the ledger file
    holding it, found altered too, named."""
    from db.audit_ledger import same_fields
    from db.money import format_fen

    area, seq = str(exc.params.get("area") or ""), exc.params.get("seq")
    try:
        line = repo.ledger(area)[int(str(seq)) - 1]
        entry = repo.entry(int(line["entry"]))
        same_fields(area, line, entry, repo.core.street, repo.entry, repo.core.settings)
    except DomainError as found:
        if found.code != "chain_field" or "field" not in found.params:
            return ""
        key, entry_id = str(found.params["field"]), found.params.get("entry", line["entry"])
        now, was = found.params.get("now"), found.params.get("was")
        now_said, was_said = repr(now), repr(was)
        if key == "amount_fen" and isinstance(now, int) and isinstance(was, int) and \
                not isinstance(now, bool) and not isinstance(was, bool):
            now_said, was_said = format_fen(now), format_fen(was)
        zh = _ZH_FIELDS.get(key, key)
        return (f"  这一笔的{zh}现在是 {now_said}，审核通过的记录 #{entry_id} 上是 "
                f"{was_said}：账本文件{f' {held} ' if held else ''}被改过。 / its {key} now "
                f"reads {now_said}; approved entry #{entry_id} says {was_said}: the ledger "
                f"file{f' {held}' if held else ''} was altered.")
    except (KeyError, IndexError, TypeError, ValueError):
        return ""
    return ""


def zh_failure(repo, exc: DomainError) -> str:  # type: ignore[no-untyped-def]
    """Where (区域 name（id） 第 N 笔, as the witness script says it) and what is wrong."""
    if isinstance(exc.params.get("zh"), str) and exc.params["zh"]:
        return str(exc.params["zh"])  # said in Chinese where it was found (db.heads)
    area, seq = str(exc.params.get("area") or ""), exc.params.get("seq")
    try:
        name = repo.street.area(area).name if area else ""
    except (KeyError, DomainError):
        name = ""
    where = (f"区域 {name}（{area}）" if name and name != area else f"区域 {area}") \
        if area else ""
    where += f" 第 {seq} 笔" if isinstance(seq, int) and where else ""
    what = _ZH_FAILURES.get(exc.code or "", "账本与审核通过的记录对不上").format(
        format=exc.params.get("format"), known=exc.params.get("known"))
    return f"{where}：{what}" if where else what


def _damaged(problem: DomainError, data: Path) -> None:
    """A damaged file of the data folder, Chinese first, then English."""
    path = problem.params.get("path")
    what = ZH_DAMAGE.get(problem.code, "有问题")
    typer.echo(f"未通过：文件 {path} {what}" if path else
               f"未通过：数据目录有问题（{problem.code}）", err=True)
    typer.echo(f"FAILED: {with_restore(problem, data, chinese=False)}", err=True)


def _open_snapshot(data: Path):  # type: ignore[no-untyped-def]
    """A read-only snapshot of the data folder for ``verify``, and the damage found
    in its files (each problem listed; what can be read is used)."""
    from db.repository import Repository
    from db.store import Store

    store: Store | None = None
    try:
        store = Store(data, readonly=True, collect_problems=True)
        repo = Repository(store)
        store.load_all()  # every file read and checked (those the indexes did not need)
        _ = repo.street
    except DomainError as exc:
        if store is not None:
            for problem in store.problems or []:
                _damaged(problem, data)
            store.abandon()
        elif exc.code == "missing" and no_folder(data):
            fail(no_data_folder(data))
        fail(with_restore(exc, data))
    assert store is not None
    return repo, list(store.problems or [])


key_app = typer.Typer(help="The street office's signing key (Ed25519) for the chain heads.",
                      no_args_is_help=True, cls=StewardGroup)


@key_app.command("show")
def key_show(data: DataOpt = Path("data")) -> None:
    """Print the public key that signs the chain heads (safe while the bot runs)."""
    from db.heads import HeadLog
    from db.witness import check_log

    if no_folder(data):  # before: 'data 还没有签名密钥（steward init 会生成一把）' for a typo
        fail(no_data_folder(data))
    checker = check_log(HeadLog(data).read())
    if checker.key is None:
        fail(f"{data} 还没有签名密钥（steward init 会生成一把；较早的数据目录在第一次发布时"
             f"生成） / {data} has no signing key yet (`steward init` makes one; so does the "
             f"first publish of an older data folder)")
    typer.echo(checker.key)
    typer.echo(f"密钥编号 {checker.keys[-1]['id']}，{_at(checker.keys[-1]['at'])} 起使用 / "
               f"key id {checker.keys[-1]['id']}, in force since {checker.keys[-1]['at']}")
    for k in checker.keys[:-1]:
        typer.echo(f"之前的密钥 {k['id']}（{_at(k['at'])}） / earlier key {k['id']} ({k['at']}): "
                   f"{k['public_key']}")
    for problem in checker.problems:
        typer.echo(f"未通过：{problem.zh}", err=True)
        typer.echo(f"FAILED: {problem.en}", err=True)
    lost = _private_key_lost(data, checker.key or "", checker.keys[-1]["id"])
    if lost:  # Chinese / English, each with the two ways out
        typer.echo(f"未通过：{lost}", err=True)
    if checker.problems or lost:
        raise typer.Exit(1)


def _at(stamp: object) -> str:
    """A stored time as people read it: 2026-12-05 08:00 (the street's clock, in which
    it was stored)."""
    text = str(stamp)
    return text[:16].replace("T", " ") if len(text) >= 16 and text[10:11] == "T" else text


def _private_key_lost(data: Path, public: str, key_id: str) -> str:
    """Why the next publish cannot sign ('' when it can): the private key the head log
    names is missing or another one is in its place. A key this user cannot read (run
    as another user) is not said lost."""
    from db import keys as keyfiles
    from db.heads import lost_key_text

    try:
        private = keyfiles.load(data)
    except OSError:
        return ""
    if private is None:
        return lost_key_text(data, key_id)
    if keyfiles.public_hex(private) != public:
        return lost_key_text(data, key_id, wrong=True)
    return ""


# What ``db.private_words`` found, in a refusal's Chinese.
_PRIVATE_ZH = {"phone": "电话号码", "id": "证件号码", "plate": "车牌号", "contact": "联系方式",
               "name": "一个人的全名", "room": "一户的房号",
               "called": "对一个人的称呼，街坊都认得出是谁"}


@key_app.command("lost")
def key_lost(
    reason: Annotated[str, typer.Option(
        "--reason", help="Why the key is replaced, as the public will read it on the "
                         "integrity page (账本核验), e.g. 服务器硬盘损坏，密钥没有备份.")],
    data: DataOpt = Path("data"),
) -> None:
    """When the signing key is lost and no backup holds it: begin the head log anew (the
    README's 'If the key is lost'), the old log and key file kept aside; the next publish
    makes a new key, and the integrity page says when and why. Stop the bot first."""
    from datetime import datetime

    from db.heads import start_anew
    from db.locks import writer_lock
    from db.repository import CHINA_TZ

    if not (data / "meta.json").exists():
        fail(no_data_folder(data))
    try:
        with writer_lock(data):
            repo = open_repo(data, readonly=True)  # whose names the reason may not say
            try:
                log_aside, key_aside = start_anew(
                    data, reason, datetime.now(CHINA_TZ).isoformat(timespec="seconds"),
                    named=repo.named_person, rooms=frozenset(
                        h.id.rsplit("/", 1)[-1] for c in repo.street.compounds
                        for h in c.households()))
            finally:
                repo.close()
    except StoreError as exc:
        if exc.code == "in_use":
            fail("机器人正在运行：请先停掉它（sudo systemctl stop steward），再做这一步。 / The "
                 "bot is running: stop it first (sudo systemctl stop steward).")
        fail(str(exc))
    except DomainError as exc:
        zh = {"reason_required": "请用 --reason 写明为什么换密钥：网站会公开这个原因",
              "key_not_lost": "签名密钥还在，也正在使用，并没有丢：要换密钥请用 steward key "
                              "rotate（旧密钥签名公布新密钥，见证人的核对不受影响）",
              "no_log": "还没有链头记录，不用重新开始",
              "names_a_person": f"原因里的“{exc.params.get('name')}”是在这里登记过的人的名字",
              "private_in_line": f"原因里的“{exc.params.get('name')}”是"
                                 f"{_PRIVATE_ZH.get(str(exc.params.get('what')), '个人信息')}",
              }.get(exc.code, "")
        if exc.code in ("names_a_person", "private_in_line"):
            fail(f"{zh}。这个原因会签进链头记录，公开在网站的“账本核验”页和小区门口的纸质公示单上，"
                 "以后改不了；一个人的名字、住的房号、电话、证件号或车牌没有本人同意不能公开。请不写它，"
                 "再运行一次，例如 --reason 服务器硬盘损坏，密钥没有备份。什么都没有改动。 / "
                 f"{exc}, signed into the head log and shown on the integrity page and the "
                 "paper notice. A person's name, room, phone, ID number or plate is not published "
                 "without their consent: run it again without it. Nothing was changed.")
        fail(f"{zh}。 / {exc}" if zh else str(exc))
    typer.echo(f"原来的链头记录移到了 {log_aside}" + (f"，原来的密钥文件移到了 {key_aside}"
               if key_aside else "") + "，都请保存好。下次发布（机器人的 /publish，或 "
               "steward build）会生成新密钥，链头记录从头开始；网站的“账本核验”页会写明哪天"
               "换了密钥、原因是什么。请把新公钥（steward key show）和原因贴到办公室的公告栏。 / "
               f"The head log was moved to {log_aside}" + (f", the key file to {key_aside}"
               if key_aside else "") + "; keep them. The next publish (/publish in the bot, "
               "or steward build) makes a new key and begins the head log anew; the site's "
               "integrity page says when the key changed and why. Put the new public key "
               "(steward key show) and the reason on the office's notice board.")


@key_app.command("rotate")
def key_rotate(data: DataOpt = Path("data")) -> None:
    """Replace the signing key: the old key signs a record announcing the new one."""
    from datetime import datetime

    from db.heads import rotate_key
    from db.repository import CHINA_TZ

    if not data.is_dir():
        fail(no_data_folder(data))
    if not (data / "meta.json").exists():
        fail(f"{data}：不是 Steward 的数据目录（里面没有 meta.json），请检查 --data 或 "
             f"STEWARD_DATA / {data}: not a Steward data folder")
    try:
        record = rotate_key(data, datetime.now(CHINA_TZ).isoformat(timespec="seconds"))
    except DomainError as exc:
        fail(str(exc))
    typer.echo(f"新的公钥 {record['public_key']}，已写进链头记录 #{record['n']}，由旧密钥签名。 / "
               f"New public key {record['public_key']}, announced in head record "
               f"#{record['n']} signed by the old key {record['key']}.")
    typer.echo("现在就发布网站，让见证人看到这次换密钥：在机器人里用 /publish，机器人没运行时用 "
               "steward build。再把新公钥贴到办公室的公告栏；下一期纸质公示单会印上它。 / "
               "Publish the site now, so that witnesses see the announcement: /publish in "
               "the bot, or `steward build` when no bot runs. Then put the new key on the "
               "office's notice board; the next paper notices print it.")
