"""/expense (支出登记), one step back (``back_steps``, on ``bot.step_back``): ⬅️ 上一步
pressed (``exp:back:<step>``) or 上一步 (返回上一步, 后退) typed goes to the step before,
keeping all that was entered: the payee to the amount, the purpose to the payee, the
category to the purpose, the project to the category, the report to the project (or the
category, when the area has no project), the invoice photo to the report (when it was
asked), whether it may be published to the photo, the summary to the photo (kept, with
不改，继续: the publishing question comes again under it), 修改's question to the summary;
a step 修改 asked again goes back to the summary unchanged. The amount, the payee, the
purpose and the photo say what they hold, with 不改，继续 (``exp:keep:<step>``, or 不改
typed); a picker says what was chosen. At the amount (or the areas, for a volunteer of
several) 上一步 leaves as 返回 does, keeping the draft (继续填写).

Before, 上一步 typed at any step left the expense (已退出“支出登记（/expense）”).
"""

from __future__ import annotations

from typing import Any

from telegram.ext import ContextTypes

from db import labels
from db.money import format_fen

from ..context import t, word
from .back_steps import CHOSEN, KEPT, RECEIPT_KEPT, Back
from .money_steps import (
    E_AMOUNT,
    E_AREA,
    E_CATEGORY,
    E_CONFIRM,
    E_FIX,
    E_ISSUE,
    E_NO_RECEIPT,
    E_PAYEE,
    E_PROJECT,
    E_PUBLIC,
    E_PURPOSE,
    E_RECEIPT,
    EXP,
    EXPENSE,
)

__all__ = ["BACK"]

_BEFORE = {E_PAYEE: "amount", E_PURPOSE: "payee", E_CATEGORY: "purpose",
           E_PROJECT: "category", E_PUBLIC: "receipt", E_CONFIRM: "receipt",
           E_FIX: "confirm"}


def _back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` with draft ``d`` (None: the first step)."""
    if d.get("fixing") and d.get("amount_fen") is not None and \
            state not in (E_AREA, E_CONFIRM, E_FIX):
        return "confirm"  # asked again from 修改: back to the summary, unchanged (a
        # reversal's replacing line, filled in but its amount, starts at the amount)
    if state == E_AMOUNT:
        return "area" if d.get("areas") and not d.get("replaces") else None
    before = "project" if d.get("projects") else "category"
    if state == E_ISSUE:
        return before
    if state == E_RECEIPT:
        return "issue" if d.get("issue_asked") else before
    if state == E_NO_RECEIPT:
        return "receipt"
    return _BEFORE.get(state)


def _chosen(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """What a picker she came back to holds, said ("" when nothing)."""
    what = ""
    if state == E_CATEGORY and d.get("category"):
        what = word(context, labels.EXPENSE_CATEGORY, d["category"])
    elif state == E_PROJECT and "project" in d:
        what = f"#{d['project']} {d.get('titles', {}).get(str(d['project']), '')}" \
            if d["project"] else t(context, "No project")
    elif state == E_ISSUE and "issue" in d:
        what = f"#{d['issue']} {d.get('issue_text', '')}" if d["issue"] else \
            t(context, "Not linked")
    elif state == E_PUBLIC and "public" in d:
        what = t(context, "It shows no personal data: publish it") if d["public"] else \
            t(context, "It shows personal data: volunteers only")
    return t(context, CHOSEN, what=what.strip()) if what else ""


def _kept(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], state: str) -> str:
    """What the amount, the payee, the purpose or the photo she came back to holds."""
    if state == E_AMOUNT and d.get("amount_fen") is not None:
        return t(context, KEPT, what=format_fen(d["amount_fen"]))
    if state in (E_PAYEE, E_PURPOSE) and d.get(state.split(":")[1]):
        return t(context, KEPT, what=d[state.split(":")[1]])
    if state == E_RECEIPT and d.get("receipt"):
        return t(context, RECEIPT_KEPT)
    return ""


BACK = Back(EXPENSE, EXP, (E_AREA, E_AMOUNT, E_PAYEE, E_PURPOSE, E_CATEGORY, E_PROJECT,
                           E_ISSUE, E_RECEIPT, E_NO_RECEIPT, E_PUBLIC, E_CONFIRM, E_FIX),
            _back_of, _kept, _chosen,
            {E_AMOUNT: E_PAYEE, E_PAYEE: E_PURPOSE, E_PURPOSE: E_CATEGORY,
             E_RECEIPT: E_PUBLIC}, E_CONFIRM)
