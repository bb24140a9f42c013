"""``steward move-out``: the admin at the community office ends a resident's tie to her
flat, as a volunteer's /movedout FLAT in the bot does (``db.moving.Moving.move_out_for``),
for a flat left empty after a sale, a resident gone to her daughter's without a phone, or
one who died. Says who and which flat, asks first (``--yes``: not); refused for someone
with no confirmed home, or when ``--by`` is not a volunteer of her area or an admin; never
beside a running bot (``cli.privacy``). Nobody is messaged from here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import DataOpt, ask_yes, fail
from cli.privacy import PersonArg, YesOpt, find_person, open_writer
from db.errors import DomainError
from db.moving import MoveReason
from db.who import describe

__all__ = ["move_out", "REASON_WORDS"]

# What --reason takes: the code, or its Chinese as the bot's buttons say it.
REASON_WORDS = {
    MoveReason.MOVED: ("moved", "搬走", "搬走了"),
    MoveReason.SOLD: ("sold", "房子卖了", "卖了", "出售"),
    MoveReason.DIED: ("died", "去世", "过世"),
    MoveReason.OTHER: ("other", "其他"),
}
SAID = {MoveReason.MOVED: "搬走了 / moved out", MoveReason.SOLD: "房子卖了 / the flat was sold",
        MoveReason.DIED: "去世 / passed away", MoveReason.OTHER: "其他 / other reason"}

ByOpt = Annotated[str, typer.Option(
    "--by", help="Who records it: a volunteer of the resident's area or an admin (their "
                 "number, Telegram id or registered name); the people's audit names them.",
    show_default=False)]
ReasonOpt = Annotated[str, typer.Option(
    "--reason", help="Why: moved (搬走), sold (房子卖了), died (去世) or other (其他).")]


def _reason(said: str) -> MoveReason:
    text = said.strip().lower()
    for reason, words in REASON_WORDS.items():
        if text in words:
            return reason
    fail(f"不认识的原因“{said[:20]}”：请写 搬走、房子卖了、去世 或 其他。 / Unknown reason "
         f"{said[:20]!r}: write moved, sold, died or other.")
    raise AssertionError  # fail exits


def move_out(person: PersonArg, by: ByOpt, reason: ReasonOpt = "moved",
             data: DataOpt = Path("data"), yes: YesOpt = False) -> None:
    """End a resident's tie to her flat, as a volunteer's /movedout FLAT in the bot does.

    For a flat left empty after a sale, a resident who moved away without a phone, or
    one who died: she is no longer registered there (her household no longer counts
    her); what she sent, her fees and her votes stay. Nobody is messaged from here."""
    why = _reason(reason)
    repo = open_writer(data, "move-out", (
        "请她所在区域的志愿者在机器人里发送 /movedout 和她的房号（例如 /movedout 1/1/101）",
        "have a volunteer of her area send /movedout and her flat to the bot (such as "
        "/movedout 1/1/101)"))
    try:
        who = find_person(repo, person, "move-out")
        actor = find_person(repo, by, "move-out")
        pid, home = who["id"], str(who.get("household") or "")
        if not home:
            fail(f"#{pid} 现在没有确认登记的住户：没有改动。 / #{pid} has no confirmed "
                 f"household now: nothing was changed.")
        label = repo.street.household_label(home)
        typer.echo(f"#{pid}: {describe(repo, who)}")
        typer.echo(f"将结束其在 {label} 的住户登记（原因：{SAID[why]}），由 #{actor['id']} "
                   f"{actor.get('name') or ''} 办理并记入人员变更记录。此人发过的内容、"
                   f"缴费和投票保留；机器人不会通知任何人，请当面告诉本人或家属和志愿者。"
                   f" / This ends their registration as a resident of {label} (reason: "
                   f"{SAID[why]}), recorded as done by #{actor['id']} in the people's audit. "
                   f"What they sent, their fees "
                   f"and votes stay; the bot messages nobody: tell them (or their family) and "
                   f"the volunteers yourself.")
        if not yes and not ask_yes(f"结束 #{pid} 在 {label} 的住户登记？ / End #{pid}'s "
                                   f"registration at {label}?"):
            typer.echo("没有改动。 / Nothing was changed.")
            raise typer.Exit(1)
        try:
            repo.move_out_for(actor["id"], pid, home, why)
        except DomainError as exc:
            if exc.code == "volunteer_only":
                fail(f"#{actor['id']} 不是这一区域的志愿者，也不是管理员：没有改动。 / "
                     f"#{actor['id']} is neither a volunteer of this area nor an admin: "
                     f"nothing was changed.")
            if exc.code == "own_home":
                fail(f"#{pid} 是本人：请本人在机器人里发送 /movedout，或由另一位志愿者办理。 / "
                     f"#{pid} is the one recording it: they send /movedout in the bot "
                     f"themselves, or another volunteer records it.")
            fail(str(exc))
    finally:
        repo.close()
    typer.echo(f"已完成：#{pid} 不再登记为 {label} 的住户。 / Done: #{pid} is no longer "
               f"registered as a resident of {label}.")
