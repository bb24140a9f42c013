"""``steward forget`` and ``steward unpublish``: an admin does for a resident what
the bot's /forget and /unpublish do, for someone who asks in person (at the
community office, without the bot, or with their phone lost), and again after a
restore onto a new machine (the admins' chat was told each person's number:
``bot.handlers.privacy.tell_admins``).

Each says what it deletes or takes off the site and asks first (``--yes``: not);
a volunteer or an admin is refused, as /forget refuses them. The bot keeps in
memory what it saved of each person, so neither writes beside a running
``steward run``: it says to stop the bot first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from cli.common import DataOpt, ask_yes, fail, no_data_folder, open_repo
from db.errors import DomainError, StoreError
from db.who import describe, people_matching

__all__ = ["forget", "unpublish", "find_person", "open_writer", "PersonArg", "YesOpt"]

PersonArg = Annotated[str, typer.Argument(
    help="The person's number (#N in the admins' message, 'id' in the person's /mydata "
         "file), their Telegram id (/whoami), their name as registered, or their household "
         "(yanye/1/1/101, or as written: '盐业小区 1号楼 1单元 101').", show_default=False)]
YesOpt = Annotated[bool, typer.Option("--yes", help="Do it without asking.")]


def forget(person: PersonArg, data: DataOpt = Path("data"), yes: YesOpt = False) -> None:
    """Delete a resident's personal data, as their /forget in the bot does.

    For someone who asks in person, or again after a restore: name, username, phone and
    household, what the bot saved for them, their submissions waiting for review; the
    words and photos of what they published come off the site at its next build."""
    from db.entries import Status
    from db.forget_again import forget_with_state
    from db.people import is_admin, volunteer_areas
    from db.privacy import published_own

    repo = _open(data, "forget")
    try:
        who = find_person(repo, person, "forget")
        pid = who["id"]
        if who.get("forgotten"):
            fail(f"#{pid} 的个人信息已经删除了（{str(who['forgotten'])[:10]}），没有再删除什么。 / "
                 f"#{pid}'s personal data was deleted already ({str(who['forgotten'])[:10]}): "
                 f"nothing was changed.")
        if is_admin(who) or volunteer_areas(who):
            fail(f"#{pid} 是志愿者或管理员：请先在机器人里撤销其角色（/revoke），再删除。 / "
                 f"#{pid} is a volunteer or an admin: revoke their role in the bot first "
                 f"(/revoke), then forget them.")
        own = repo.entries(author=pid)
        waiting = sum(1 for e in own if e.status == Status.PENDING)
        shown = len(published_own(own))
        typer.echo(f"#{pid}: {_describe(repo, who)}")
        typer.echo("将删除：姓名、用户名、电话、语言、住户绑定，机器人为其保存的未完成步骤"
                   f"和未处理的消息，{waiting} 条等待审核的内容（撤回）。 / This deletes: name, "
                   f"username, phone, "
                   f"language and household binding, what the bot saved for them (unfinished "
                   f"steps, messages not handled yet), and {waiting} submission(s) waiting "
                   f"for review (withdrawn).")
        typer.echo(f"其发过的报事、意见、提问和更正，文字、照片和语音从数据里删除，网站下次更新时"
                   f"去掉其 {shown} 条已公开内容；报事的编号、类别、楼栋和进展保留，署名“居民”；"
                   "户的投票照样计数，收费仍在账目里（只有楼栋和单元），收据作为记账凭证保留。 / "
                   "The words, photos and voice of everything they sent are deleted from the "
                   f"data, and {shown} published text(s) come off the website at its next build; "
                   "a report's number, category, building and progress stay, signed "
                   "\"resident\"; the household's votes still count, and its fees stay in the "
                   "accounts (building and unit only) with their receipts, the accounts' "
                   "vouchers.")
        if not yes and not ask_yes(f"删除 #{pid} 的个人信息？ / Delete #{pid}'s personal "
                                   f"data?"):
            typer.echo("没有删除任何内容。 / Nothing was deleted.")
            raise typer.Exit(1)
        try:
            forget_with_state(repo, pid)
        except DomainError as exc:
            fail(str(exc))
    finally:
        repo.close()
    typer.echo(f"已删除 #{pid} 的个人信息；{waiting} 条等待审核的内容已撤回。 / Deleted #{pid}'s "
               f"personal data; {waiting} waiting submission(s) withdrawn.")
    _build_note(data)
    _keep_note("forget", pid)


def unpublish(person: PersonArg, data: DataOpt = Path("data"), yes: YesOpt = False) -> None:
    """Withdraw a resident's agreement to publication, as their /unpublish in the bot does.

    For someone who asks in person, or again after a restore: what they published comes
    off the site at its next build, what of theirs waits for review is withdrawn, and
    they stay registered."""
    from db.privacy import published_own, waiting_own

    repo = _open(data, "unpublish")
    try:
        who = find_person(repo, person, "unpublish")
        pid = who["id"]
        own = repo.entries(author=pid)
        shown, waiting = len(published_own(own)), len(waiting_own(own))
        if who.get("forgotten") or (not who.get("consents") and not shown and not waiting):
            fail(f"#{pid} 没有同意公开，也没有公开的内容：没有改动。 / #{pid} has not agreed to "
                 f"publication and has nothing published: nothing was changed.")
        typer.echo(f"#{pid}: {_describe(repo, who)}")
        typer.echo(f"撤回公开同意：网站下次更新时去掉其 {shown} 条已公开内容的文字和照片，"
                   f"{waiting} 条等待审核的内容撤回；仍然是登记的居民，可以投票。 / This "
                   f"withdraws their agreement to publication: the words and photos of {shown} "
                   f"published text(s) come off "
                   f"the website at its next build, {waiting} submission(s) waiting for review "
                   f"are withdrawn; they stay registered and can still vote.")
        if not yes and not ask_yes(f"不再公开 #{pid} 发的内容？ / Stop publishing "
                                   f"what #{pid} sent?"):
            typer.echo("没有改动。 / Nothing was changed.")
            raise typer.Exit(1)
        try:
            withdrawn, hidden = repo.withdraw_consent(pid)
        except DomainError as exc:
            fail(str(exc))
    finally:
        repo.close()
    typer.echo(f"已撤回 #{pid} 的公开同意：{hidden} 条公开内容将下线，{len(withdrawn)} 条"
               f"等待审核的内容已撤回。 / #{pid}'s agreement to publication is withdrawn: "
               f"{hidden} published text(s) "
               f"come off the site, {len(withdrawn)} waiting submission(s) withdrawn.")
    _build_note(data)
    _keep_note("unpublish", pid)


def _open(data: Path, command: str, in_bot: tuple[str, str] | None = None) -> Any:
    """The street's store, for writing; refused while the bot runs on it (it keeps what
    it saved of each person in memory, and would write it back). ``in_bot``: how the
    same is done in the bot, (Chinese, English), when not the person's own /command."""
    from db.locks import hold_writer_lock

    if not data.is_dir():
        fail(no_data_folder(data))
    try:
        hold_writer_lock(data).close()
    except StoreError as exc:
        if exc.code != "in_use":
            fail(str(exc))
        zh, en = in_bot or (f"请本人在机器人里发送 /{command}",
                            f"have the person send /{command} to the bot themselves")
        fail(f"{data} 正在被机器人（steward run）使用：请先停止机器人（systemctl stop steward），"
             f"再运行 steward {command}，然后启动机器人；或者{zh}。 / "
             f"{data} is in use by the bot (steward run): stop it first (systemctl stop steward), "
             f"run `steward {command}` again, then start it; or {en}.")
    return open_repo(data)


def find_person(repo: Any, given: str, command: str) -> dict[str, Any]:
    """The person ``given`` names: their number (``#N`` or ``N``), else a Telegram id;
    or the one person registered under that name or on that household (someone who asks
    at the office knows her name and her flat, seldom her number)."""
    text = given.strip().lstrip("#")
    if not text.isdigit() or len(text) > 15:
        return _named(repo, given, command)
    number = int(text)
    who = repo.person(number) or repo.person_by_telegram(number)
    if who is None:
        fail(f"这里没有 #{number} 这个人（也许是备份之后才来的），没有要改的。 / There is no "
             f"person #{number} here (perhaps they came after the backup was made): nothing "
             f"to do.")
    return who  # type: ignore[no-any-return]


def _named(repo: Any, given: str, command: str) -> dict[str, Any]:
    """The one person whose name, or household (its id or its words, spaces aside), is
    ``given``; else a refusal listing those it could be, or saying there is none."""
    found = people_matching(repo, given)
    shown = given.strip()[:40]
    if not found:
        fail(f"这里没有叫“{shown}”的人，也没有在这个住户登记的人。请写这个人的编号（例如 "
             f"#12：管理员群里的消息、本人的 /mydata 或 /whoami 里有），或者写登记的姓名、住户"
             f"（例如 "
             f"yanye/1/1/101）。 / Nobody here is named {shown!r} or registered on that "
             f"household. Give the person's number (such as #12: in the admins' chat, their "
             f"/mydata or /whoami), or their registered name or household (such as "
             f"yanye/1/1/101).")
    if len(found) > 1:
        listed = "\n".join(f"  #{w['id']}：{_describe(repo, w)}" for w in found)
        fail(f"“{shown}”可能是这 {len(found)} 个人中的一个 / {shown!r} could be any of "
             f"these {len(found)} people:\n{listed}\n请问清楚是哪一位，再用编号运行，例如 "
             f"steward {command} {found[0]['id']}。 / Ask which one, then run it with the "
             f"number, such as `steward {command} {found[0]['id']}`.")
    return found[0]


open_writer = _open  # steward move-out (cli.moving) opens the store as these do
_describe = describe  # who this is, for the admin to check before confirming


def _build_note(data: Path) -> None:
    typer.echo(f"网站重新生成后才去掉这些内容：请在启动机器人之前运行 steward build --data {data}"
               "。 / "
               f"The site shows it once built again: `steward build --data {data}` now, "
               f"before the bot is started.")


def _keep_note(command: str, pid: int) -> None:
    """The bot tells the admins' chats of a /forget or /unpublish (``bot.privacy_notes``);
    this one was not sent there: the admin keeps the note off the machine."""
    typer.echo("请把这件事记在这台机器以外（例如管理员群）：如果这台机器坏了、在新机器上恢复了此"
               "前的备份，恢复后请再运行 "
               f"steward {command} {pid}。 / Keep a note of it off this machine (the admins' "
               f"chat, say): if this machine is lost and a backup made before now is restored "
               f"onto a new one, run `steward {command} {pid}` again after the restore.")
