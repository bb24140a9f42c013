"""``steward opening-balance``: an area's opening balance (期初结转), the money its steward
body held when its accounts moved here from a paper book, booked once as a ledger line
of its own (``db.opening``). Stop the bot first, as for ``merge-street``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import DataOpt, ask_yes, confirm_or_yes, fail, open_repo
from cli.fees import ByOpt, area_of, person_named, yuan_to_fen
from db.errors import DomainError

__all__ = ["opening_balance"]

_WHY = {
    "opening_exists": "{name}已经登记过期初余额了（第 {seq} 笔，{date}，{amount}），"
                      "每个管理区域只登记一次；金额记错了，请在机器人里发 /reverse {seq}，"
                      "说明原因并输入正确金额，由另一位志愿者审核",
    "opening_after_lines": "{name}在 Steward 里的账从 {first} 开始：纸质账本的余额要写那一天或更早"
                           "的日期（--as-of），否则同一笔钱会算两次",
    "bad_date": "--as-of 的日期在今天之后",
    "too_large": "金额超过了街道设定的上限",
    "zero": "期初余额是 0 的话不用登记",
    "volunteer_only": "--by 的这个人不是{name}的志愿者，也不是管理员",
    "names_a_person": "说明里有人名（{name_found}）：账目是公开的，请不要写人名",
}


def opening_balance(
    area: Annotated[str, typer.Argument(
        help="The area: its id, its name or a compound's.", show_default=False)],
    amount: Annotated[str, typer.Argument(
        help="What the paper book held, in yuan (1234.50); a deficit with --deficit.",
        show_default=False)],
    as_of: Annotated[str, typer.Option(
        "--as-of", help="The day the paper book was closed (YYYY-MM-DD): on or before the "
                        "area's first line here.", show_default=False)],
    by: ByOpt,
    note: Annotated[str, typer.Option(
        "--note", help="What the line says of it (public), e.g. 2019—2024年手写账本，"
                       "经业主代表核对.")] = "",
    deficit: Annotated[bool, typer.Option(
        "--deficit", help="The paper book ended below zero (money owed, e.g. a bill a "
                          "committee member paid herself): carried over as such.")] = False,
    data: DataOpt = Path("data"),
    yes: Annotated[bool, typer.Option("--yes", help="Write it without asking.")] = False,
) -> None:
    """Book an area's opening balance carried over from its paper book (期初结转), once
    (stop the bot first): a ledger line of its own, dated --as-of, part of the balance but
    no income of any year."""
    from db.money import format_fen

    fen = yuan_to_fen(amount, negative=True)
    if deficit and fen < 0:
        fail("金额写正数，用 --deficit 表示赤字。 / With --deficit, write the amount without "
             "a minus.", 2)
    fen = -fen if deficit else fen
    confirm_or_yes(yes)
    repo = open_repo(data)
    try:
        area_id = area_of(repo, area)
        name = repo.street.area(area_id).name
        who = person_named(repo, by)

        def refused(exc: DomainError) -> str:
            """A refusal in Chinese first, then as it was raised."""
            params = {**{k: "" for k in ("seq", "date", "first")}, **exc.params,
                      "name_found": exc.params.get("name", ""), "name": name}
            if isinstance(params.get("amount"), int):
                params["amount"] = format_fen(int(params["amount"]))
            params.setdefault("amount", "")
            zh = _WHY.get(exc.code or "")
            return f"{zh.format_map(params)}。 / {exc}" if zh else str(exc)

        try:
            preview = repo.record_opening(int(who["id"]), area_id, fen, as_of, note=note,
                                          check_only=True)
        except DomainError as exc:
            fail(refused(exc) + " 没有改动。 / Nothing was changed.", 2)
        said = format_fen(fen) + ("（赤字：纸质账本结束时欠着的钱）" if fen < 0 else "")
        typer.echo(f"{name}：期初结转（纸质账本），{as_of}，{said}。这一笔记入账目、计入余额，不算"
                   f"哪一年的收入；登记后不能改，也不能再登记第二次（记错了在机器人里用 "
                   f"/reverse 冲正，连同正确金额由另一位志愿者审核）。 / {area_id}: opening "
                   f"balance {format_fen(fen)} as of {as_of}; part of the balance, no income "
                   f"of any year; it cannot be changed or recorded again (one typed wrong is "
                   f"corrected in the bot with /reverse and the right amount, approved by "
                   f"another volunteer).")
        if preview.get("occurred_on"):  # dated before a signed head: booked today
            typer.echo(
                f"注意：{name}的账 {preview['signed']} 已经签名公示（公示单已经贴出）。这一笔"
                f"记在今天（{preview['date']}），备注写“补记：纸质账本截至 {as_of} 的结存”，从今天"
                f"起计入余额；已经印出、贴出的公示单上的数字都不变。 / Note: {area_id}'s accounts "
                f"were signed and posted on {preview['signed']}: the line is dated today "
                f"({preview['date']}), its note saying the paper book's balance of {as_of} is "
                f"booked late (补记); the notices already posted keep their figures.")
        if not yes and not ask_yes("写入吗？/ Write it?"):
            typer.echo("没有改动。 / Nothing was changed.")
            raise typer.Exit(1)
        try:
            line = repo.record_opening(int(who["id"]), area_id, fen, as_of, note=note)
        except DomainError as exc:
            fail(refused(exc) + " 没有改动。 / Nothing was changed.")
        balance = repo.balance(area_id)
    finally:
        repo.close()
    typer.echo(f"已登记：{name} 第 {line['seq']} 笔，期初结转 {format_fen(fen)}（{as_of}）；现在的"
               f"余额 {format_fen(balance)}。公开网站要重新生成后才显示：请在启动机器人之前运行 "
               f"steward build --data {data}。 / Booked as line {line['seq']}; balance now "
               f"{format_fen(balance)}. Build the site (`steward build --data {data}`) before "
               f"the bot is started.")
