"""``steward fees show`` and ``steward fees set``: an area's fees and their amounts over
time, and a fee's amount changed from a period on (a new year's 卫生费), earlier periods
keeping theirs (``db.fee_changes``). Stop the bot first, as for ``merge-street``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.common import DataOpt, ask_yes, confirm_or_yes, fail, open_repo
from db.errors import DomainError

__all__ = ["fees_app", "yuan_to_fen", "person_named", "area_of"]

fees_app = typer.Typer(name="fees", no_args_is_help=True, add_completion=False,
                       help="An area's fees: their amounts over time; a fee's amount "
                            "changed from a period on.")

_YUAN = re.compile(r"(-)?¥?(\d{1,9})(?:\.(\d{1,2}))?元?")


def yuan_to_fen(text: str, *, negative: bool = False) -> int:
    """'150', '150.5', '150.50', '¥150', '150元' -> fen; with ``negative``, a leading
    '-' too. Anything else (150.555, 1,500, 一百五, 15000分) is refused: at the
    terminal an amount is written in yuan, digits only, at most two decimals."""
    typed = unicodedata.normalize("NFKC", text or "").strip()
    match = _YUAN.fullmatch(typed)
    if not match or (match.group(1) and not negative):
        why = "，不能是负数" if match else ""
        fail(f"金额“{typed[:20]}”写法不对{why}：以元为单位，只写数字，最多两位小数（例如 150 或 "
             f"150.50）。 / {typed[:20]!r} is not an amount{' above zero' if match else ''}: "
             f"write yuan in digits, at most two decimals (150 or 150.50).", 2)
    assert match is not None
    fen = int(match.group(2)) * 100 + int((match.group(3) or "0").ljust(2, "0"))
    return -fen if match.group(1) else fen


def fee_code(text: str) -> str:
    """'sanitation' or '卫生费' -> 'sanitation'."""
    from db.labels import FEE_TYPE

    for code, label in FEE_TYPE.items():
        if text.strip() in (code, label.zh, label.zh.removesuffix("费")):
            return code
    names = "、".join(f"{label.zh}（{code}）" for code, label in FEE_TYPE.items())
    fail(f"没有“{text[:20]}”这个收费项目：可以写 {names}。 / No fee {text[:20]!r}: one of "
         f"{', '.join(FEE_TYPE)}.", 2)
    raise AssertionError  # fail() does not return


def area_of(repo: Any, word: str) -> str:
    """The area ``word`` names (its id, its name or a compound's), or a refusal naming
    every area."""
    area = repo.street.area_named(word)
    try:
        repo.street.area(area)
    except KeyError:
        named = "、".join(f"{a.name}（{a.id}）" for a in repo.street.areas)
        fail(f"没有“{word[:30]}”这个管理区域：可以写 {named}。 / No area {word[:30]!r}: one "
             f"of {', '.join(a.id for a in repo.street.areas)}.", 2)
    return str(area)


def person_named(repo: Any, given: str) -> dict[str, Any]:
    """Who does it (``--by``): a person's number (#12), Telegram id, or registered name."""
    from db.people import is_admin, volunteer_areas
    from db.who import people_matching

    text = given.strip().lstrip("#")
    found = []
    if text.isdigit() and len(text) <= 15:
        who = repo.person(int(text)) or repo.person_by_telegram(int(text))
        found = [who] if who else []
    else:
        found = [p for p in people_matching(repo, given)
                 if is_admin(p) or volunteer_areas(p)]
    if len(found) != 1:
        fail(f"--by “{given[:30]}”：{'找不到这个人' if not found else '不止一个人'}。请写管理员或"
             f"志愿者的编号（#12）、Telegram 编号（/whoami）或登记的姓名。 / --by {given[:30]!r}: "
             f"{'nobody' if not found else 'several people'}; give an admin's or volunteer's "
             f"number (#12), Telegram id or registered name.", 2)
    return found[0]  # type: ignore[no-any-return]


ByOpt = Annotated[str, typer.Option(
    "--by", help="Who decides it: an admin or a volunteer of the area, by number (#12), "
                 "Telegram id or registered name (recorded, with the time).",
    show_default=False)]


def _schedule_lines(repo: Any, area_id: str) -> list[str]:
    from db.fee_amounts import said
    from db.labels import FEE_TYPE

    area = repo.street.area(area_id)
    out = [f"{area.name}（{area.id}）："]
    for fee in area.fees:
        label = FEE_TYPE[fee.fee_type]
        out.append(f"  {label.zh}（{fee.fee_type}）：{said(fee) or '不定额'} / "
                   f"{label.en}: {_said_en(fee) or 'no fixed amount'}")
    if not area.fees:
        out.append("  没有收费项目表：各种费用都可以登记，没有标准金额 / no fee schedule: any "
                   "fee can be recorded, with no set amount")
    for c in repo.fee_changes(area_id):
        label, at = FEE_TYPE[c["fee_type"]], c["at"][:16].replace("T", " ")
        note = c.get("note")
        out.append(f"  {at} {c['role']}：{label.zh} 从 {c['from']} 起 {_fen(c['before_fen'])} → "
                   f"{_fen(c['amount_fen'])}" + (f"（{note}）" if note else "") + " / "
                   f"{at} {label.en} from {c['from']}: {_fen(c['before_fen'], 'en')} → "
                   f"{_fen(c['amount_fen'], 'en')}" + (f" ({note})" if note else ""))
    return out


_PER_EVERY_EN = {("household", "year"): " per household a year",
                 ("household", "month"): " per household a month",
                 ("unit", "year"): " per building unit a year",
                 ("unit", "month"): " per building unit a month",
                 ("area", "year"): " a year", ("area", "month"): " a month"}


def _said_en(fee: Any) -> str:
    """``said`` in English: ¥120.00 per household a year (before 2027); from 2027
    ¥150.00. Empty when no amount was ever fixed."""
    from db.fee_amounts import history

    if not fee.amount_fen and not fee.changes:
        return ""
    every = _PER_EVERY_EN.get((str(fee.per), str(fee.period)), "")
    amounts = history(fee)
    parts = []
    for n, amount in enumerate(amounts):
        fen = amount["amount_fen"]
        money = _fen(fen if isinstance(fen, int) else None, "en")
        if amount["from"] is None:
            later = amounts[1]["from"] if len(amounts) > 1 else None
            parts.append(f"{money}{every}" + (f" (before {later})" if later else ""))
        else:
            parts.append(f"from {amount['from']} {money}{'' if n else every}")
    return "; ".join(parts)


def _fen(fen: int | None, lang: str = "zh") -> str:
    from db.money import format_fen

    if fen is None:
        return "no fixed amount" if lang == "en" else "不定额"
    return format_fen(fen)


@fees_app.command("show")
def show(
    area: Annotated[str | None, typer.Argument(
        help="The area: its id, its name or a compound's (default: every area).")] = None,
    data: DataOpt = Path("data"),
) -> None:
    """Each area's fees with their amounts over time, and who changed them when."""
    repo = open_repo(data, readonly=True)
    try:
        areas = [area_of(repo, area)] if area else [a.id for a in repo.street.areas]
        for area_id in areas:
            for line in _schedule_lines(repo, area_id):
                typer.echo(line)
    finally:
        repo.close()


_WHY = {
    "fee_paid_from": "{area}的这项收费已经有 {count} 笔是 {period} 或之后的期间的（最早的是 "
                     "{first}；已入账或等待审核），那是按原来的金额缴的；请从还没有人缴过的期间起改，"
                     "或者先把这些缴费冲正",
    "same_amount": "{area}这项收费从 {period} 起已经是这个金额",
    "yearly_from_month": "这项收费按年收，金额从某一年起改（写 {year}），不能从某个月起",
    "bad_period": "“{period}”不是年份或月份：写 2027 或 2027-03",
    "fee_not_scheduled": "{area}的收费项目里没有这一项",
    "no_fee_schedule": "{area}没有收费项目表，没有标准金额可改",
    "fee_no_period": "{area}的这项收费没有写按年还是按月收（period），无法从某一期起改",
    "too_large": "金额超过了街道设定的上限",
    "volunteer_only": "--by 的这个人不是{area}的志愿者，也不是管理员",
}


def why(exc: DomainError, repo: Any) -> str:
    """A refusal of the domain in Chinese first, then as it was raised."""
    params = dict(exc.params)
    area = params.get("area")
    try:
        params["area"] = repo.street.area(str(area)).name if area else ""
    except KeyError:
        params["area"] = ""
    params.setdefault("year", str(params.get("period") or "")[:4])
    zh = _WHY.get(exc.code or "")
    return f"{zh.format_map(_Blank(params))}。 / {exc}" if zh else str(exc)


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


@fees_app.command("set")
def set_amount(
    words: Annotated[list[str], typer.Argument(
        help="AREA FEE AMOUNT: the area (its id, its name or a compound's), the fee "
             "(sanitation or 卫生费…) and the new amount in yuan (150 or 150.50); with "
             "--all, FEE AMOUNT only.", show_default=False)],
    since: Annotated[str, typer.Option(
        "--from", help="The first period it applies to: a year (2027) of a yearly fee, a "
                       "month (2027-03) or a year of a monthly one.", show_default=False)],
    by: ByOpt,
    every: Annotated[bool, typer.Option(
        "--all", help="In every area whose fees list it (all in one write).")] = False,
    note: Annotated[str, typer.Option(
        "--note", help="Why (public, on the fees page), e.g. 2026年12月业主大会决定.")] = "",
    data: DataOpt = Path("data"),
    yes: Annotated[bool, typer.Option("--yes", help="Write it without asking.")] = False,
) -> None:
    """Change a fee's amount from a period on (stop the bot first): what each payer owes
    for that period and every later one. Earlier periods keep the amount that applied
    then; refused from a period someone has already paid for."""
    from db.fee_amounts import period_zh
    from db.labels import FEE_TYPE
    from db.money import format_fen

    if len(words) != (2 if every else 3):
        fail("请写：steward fees set 管理区域 收费项目 金额 --from 期间（或 --all 收费项目 金额 "
             "--from 期间）。 / Write: steward fees set AREA FEE AMOUNT --from PERIOD (or --all "
             "FEE AMOUNT --from PERIOD).", 2)
    fee, amount = fee_code(words[-2]), yuan_to_fen(words[-1])
    if amount == 0:  # the store's refusal said it in English only
        fail(f"金额“{words[-1][:20]}”必须大于零，没有改动。 / the amount "
             f"must be above zero, not {words[-1][:20]!r}", 2)
    confirm_or_yes(yes)
    repo = open_repo(data)
    try:
        areas = [a.id for a in repo.street.areas if any(f.fee_type == fee for f in a.fees)] \
            if every else [area_of(repo, words[0])]
        if not areas:
            fail(f"没有哪个管理区域的收费项目里有{FEE_TYPE[fee].zh}。 / No area lists {fee}.", 2)
        who = person_named(repo, by)
        try:
            planned = repo.change_fee(int(who["id"]), areas, fee, amount, since, note=note,
                                      check_only=True)
        except DomainError as exc:
            fail(why(exc, repo) + " 没有改动。 / Nothing was changed.", 2)
        for p in planned:
            typer.echo(f"{repo.street.area(p['area']).name}：{FEE_TYPE[fee].zh} 从 "
                       f"{period_zh(p['from'])}起 {_fen(p['before_fen'])} → "
                       f"{format_fen(amount)}；之前各期不变。 / {p['area']}: {fee} from "
                       f"{p['from']}: {_fen(p['before_fen'])} -> {format_fen(amount)}; "
                       f"earlier periods unchanged.")
        if not yes and not ask_yes("写入吗？/ Write it?"):
            typer.echo("没有改动。 / Nothing was changed.")
            raise typer.Exit(1)
        try:
            done = repo.change_fee(int(who["id"]), areas, fee, amount, since, note=note)
        except DomainError as exc:
            fail(why(exc, repo) + " 没有改动。 / Nothing was changed.")
        for area_id in areas:
            for line in _schedule_lines(repo, area_id)[:1 + len(repo.street.area(area_id).fees)]:
                typer.echo(line)
    finally:
        repo.close()
    typer.echo(f"已写入 {len(done)} 个管理区域。公开网站要重新生成后才显示：请在启动机器人之前运行 "
               f"steward build --data {data}。 / Written for {len(done)} area(s). The site "
               f"shows it once built again: `steward build --data {data}` before the bot is "
               f"started.")
