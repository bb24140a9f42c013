"""What `steward backup` and `steward restore` say when they refuse: in Chinese first,
then the English the refusal was raised with, with what to do."""

from __future__ import annotations

from pathlib import Path

from cli.common import ZH_DAMAGE
from db.errors import DomainError

__all__ = ["zh_first"]


def zh_first(exc: DomainError, file: Path, data: Path) -> str:
    """A backup's or restore's refusal in Chinese first, then as it was raised."""
    from db.seal import MIN_PASSPHRASE, PASSPHRASE_ENV

    unchanged = "没有恢复，数据目录没有改动"
    if exc.code == "write_failed" and (folder := _missing_folder(exc, file)) is not None:
        import getpass

        me = getpass.getuser()
        return (f"备份没有写成：文件夹 {folder} 还没有，{me} 也建不了。请先为它建好：sudo "
                f"install -d -o {me} -m 700 {folder}（README 的第 8 步） / the backup was not "
                f"written: the folder {folder} does not exist, and {me} may not make it. "
                f"Make it first: sudo install -d -o {me} -m 700 {folder} (the README's step 8)")
    if exc.code.startswith("site_"):  # ``--from-site`` (db.restore_site)
        return (f"--from-site {exc.params.get('site')}：{exc.params.get('why')}；"
                f"{unchanged}。 / {exc}")
    zh = {
        "weak_passphrase": f"备份口令太短：至少要 {MIN_PASSPHRASE} 个字符，备份没有写",
        "bad_passphrase": f"{file}：口令不对，或者这个加密备份已损坏。请核对 {PASSPHRASE_ENV}"
                          f"（或输入的口令）；{unchanged}",
        "passphrase_needed": f"{file}：这是加密的备份，要有口令才能恢复；{unchanged}",
        "bad_backup": f"{file} 不是 Steward 的备份，或者已损坏；{unchanged}：请换一个备份",
        "schema": f"{file} 是更新版本的 Steward 做的备份：请先升级 Steward 再恢复；{unchanged}",
        "backup_unsound": f"备份 {file} 没有通过核对（其中的 {exc.params.get('file') or '账本'}"
                          f" {ZH_DAMAGE.get(str(exc.params.get('damage')), '对不上')}），"
                          f"{unchanged}：请换一个备份（比如前一天的）",
        "write_failed": f"备份没有写成：{_unwritten(exc, file)}；那里原有的备份保留着",
        "restore_keep_failed": f"原来的数据目录没能改名保留为 {exc.params.get('path')}；"
                               f"{unchanged}",
        "lines_published_far": f"--lines-published {exc.params.get('area')}="
                               f"{exc.params.get('last')}：备份里这个区域的账本到第 "
                               f"{exc.params.get('have')} 笔，要记为遗失的会超过 "
                               f"{exc.params.get('most')} 笔，请核对网站上最后一笔的序号；"
                               f"{unchanged}",
        "no_area": f"--lines-published 要写区域的编号，{exc.params.get('area')} 不是（备份里的"
                   f"区域有：{exc.params.get('areas')}）；{unchanged}",
        "restore_cuts_head_log": f"{data} 的链头记录曾有 {exc.params.get('count')} 条签过名的"
                                 f"记录（heads.seen、启动检查记着），恢复后只剩 "
                                 f"{exc.params.get('held')} 条：第 {exc.params.get('which')} "
                                 "条公众可能看过、保存过，会没有（恢复前链头记录被截短了，"
                                 "备份和网站里也没有它们）。请用签这些记录之后做的备份，或加 "
                                 "--from-site 公开网站地址（网站保留着完整的链头记录）；确实"
                                 "找不回时加 --accept-cut-head-log，并告诉居民为什么见证人保存"
                                 f"的链头核对不上；{unchanged}",
        "restore_replaces_head_log": f"公众看到的链头记录（{exc.params.get('count')} 条）会被"
                                     f"备份里的换掉：第 {exc.params.get('which')} 条属于 "
                                     f"{exc.params.get('since')} 起使用的密钥 "
                                     f"{exc.params.get('key')}（宣布这把密钥或用它签名的"
                                     "记录），备份里没有这把密钥，"
                                     + ("这里也没有（恢复到新目录：原来有它的机器不在了）"
                                        if exc.params.get("new") else
                                        "原来数据目录的 keys/signing.key 也没有")
                                     + "（备份之后换的密钥，后来丢了）。"
                                     "保存过这些链头的见证人核对时会看到链头记录被改写。请先"
                                     "找回这把密钥（用它起用之后做的备份，或把 "
                                     "keys/signing.key 放回数据目录），再恢复；确实找不回时加 "
                                     "--replace-head-log，按 README 的“If the key is lost”"
                                     f"处理，并公告新的公钥和原因；{unchanged}",
        "missing": f"{data} 不是 Steward 的数据目录（里面没有 meta.json）：请检查 --data 或 "
                   "STEWARD_DATA",
    }.get(exc.code)
    return f"{zh}。 / {exc}" if zh else str(exc)


def _missing_folder(exc: DomainError, file: Path) -> Path | None:
    """The backup's folder when it does not exist and could not be made (permission
    denied: /var/backups/steward not made yet), else None."""
    import errno

    folder = file.absolute().parent
    if exc.params.get("errno") in (errno.EACCES, errno.EPERM) and not folder.exists():
        return folder
    return None


def _unwritten(exc: DomainError, file: Path) -> str:
    """Why a backup file could not be written, in Chinese, and what to do."""
    import errno

    why = exc.params.get("errno")
    if why == errno.EISDIR:
        return f"{file} 是一个文件夹，请在后面写上备份文件的名字（例如 {file}/steward.tar.gz）"
    if why in (errno.EACCES, errno.EPERM):
        return (f"没有权限写 {file}：请用服务的用户运行（sudo -u steward …），备份的文件夹"
                f"要属于这个用户")
    if why in (errno.ENOSPC, errno.EDQUOT):
        return f"{file} 所在的磁盘满了（这个备份要 {exc.params.get('mb')} MB），请先腾出空间"
    if why == errno.EROFS:
        return f"{file} 所在的磁盘是只读的"
    return f"{file} 所在的磁盘或文件夹有问题（见后面的英文说明）"
