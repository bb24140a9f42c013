"""/expense's summary (``expense.py``): everything the expense will be recorded with,
a last look before it is stored (确认登记 / 修改 / 取消), and what 确认登记 stores.

A payee that reads like what a person is called (怡馨苑门卫老杨, 电工李师傅:
``db.payee_person``), or a purpose calling someone by surname (付给老杨的值班费:
``db.chinese_names.neighbours_called``), is said so above the buttons, with 改写 (the
payee, else the purpose, asked again) and 就这样提交 (recorded as it is) first: the
line is public for good."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import labels
from db.chinese_names import neighbours_called
from db.entries import Kind
from db.money import format_fen
from db.payee_person import person_called, plain_payee
from db.redact import hidden_words

from ..context import reply, repo_of, t, word
from ..describe import PUBLIC_LINE_WORDS, quoted
from ..drafts import sealed
from ..flows import Answered, answer, keyboard
from ..i18n import lazy
from ..staff import area_name
from .expense_back import BACK
from .expense_balance import over_balance
from .money_steps import E_CONFIRM, EXP, EXPENSE, STEPS, pressed_ok, submit, summary_buttons
from .replacing import replaces_lines

__all__ = ["summary", "on_ok", "expense_data", "PAYEE_PERSON", "PURPOSE_PERSON"]

PAYEE_PERSON = lazy("The payee “{payee}” reads like what a person is called. The accounts can "
                    "never be changed once public: better write “{plain}” or the company's "
                    "name.")
PURPOSE_PERSON = lazy("In the purpose, {words} reads like what a person is called. The accounts "
                      "can never be changed once public: better write the job (电工, 门卫).")


async def summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> str:
    """Everything the expense will be recorded with (the area too: a volunteer of two
    areas chose it at the start, far up the chat), a last look before it is stored:
    确认登记 (sealed: the draft as shown), 修改, 取消."""
    d.pop("fixing", None)
    project, issue = d.get("project"), d.get("issue")
    lines = [
        t(context, STEPS[E_CONFIRM].ask),
        t(context, "Area: {area}", area=await area_name(context, d["area"])),
        t(context, "Amount: {amount}", amount=format_fen(d["amount_fen"])),
        t(context, "Paid to: {payee}", payee=d["payee"]),
        t(context, "Purpose: {purpose}", purpose=d["purpose"]),
        t(context, "Category: {category}",
          category=word(context, labels.EXPENSE_CATEGORY, d["category"])),
        t(context, "Project: #{id} {title}", id=project,
          title=d.get("titles", {}).get(str(project), "")) if project else
        t(context, "Project: none"),
        t(context, "Spent on report: #{id} {text}", id=issue, text=d.get("issue_text", ""))
        if issue else t(context, "Spent on report: not linked"),
        t(context, "Receipt: none (why: {why}); the site shows 无收据 and why",
          why=d["no_receipt"]) if d.get("no_receipt") else
        t(context, "Invoice photo: yes, published with the line") if d.get("public") else
        t(context, "Invoice photo: yes, volunteers only (the site says \"receipt checked\")"),
        t(context, "Once another volunteer approves it, the amount, payee, purpose and "
                   "category are published in the accounts."),
        # a receipt found late is booked when approved (a month signed stays as it was)
        t(context, "The line is dated the day it is approved, and counts in that month; if "
                   "it was paid earlier, the purpose can say when (e.g. 1月15日付).")]
    settings = repo_of(context).settings  # the line masks them when it is made
    lines += [t(context, said, text=public) for key, said in PUBLIC_LINE_WORDS
              if (public := hidden_words(d.get(key), settings)) is not None]
    if issue:
        lines.append(t(context, "The line will also say 用于报事 #{id}, linked to the report's "
                                "page.", id=issue))
    lines += replaces_lines(context, d)
    back = BACK.noted(d, E_CONFIRM)  # before the seal: the draft as it is confirmed
    buttons, fix = summary_buttons(context, EXP, d), ""
    if called := neighbours_called(d["purpose"]):  # 付给老杨的门卫费: public for good too
        lines.append(t(context, PURPOSE_PERSON, words=quoted(called)))
        fix = "purpose"
    if person_called(d["payee"]):  # asked before it is public for good: 改写 / 就这样提交
        lines.append(t(context, PAYEE_PERSON, payee=d["payee"], plain=plain_payee(d["payee"])))
        fix = "payee"
    if fix:  # the first line names the button there is: 就这样提交, not 确认登记
        lines[0] = t(context, "Please check the expense; nothing is recorded until you press "
                              "\"Record it as it is\":")
        buttons = sealed(keyboard([(t(context, "Rewrite"), f"{EXP}:fix:{fix}"),
                                   (t(context, "Record it as it is"), f"{EXP}:ok:1"),
                                   (t(context, "Change"), f"{EXP}:edit"),
                                   (t(context, "Cancel"), f"{EXP}:ok:0")], 2), d, f"{EXP}:ok")
    await reply(update, "\n".join(lines), reply_markup=BACK.with_back(context, back, buttons))
    return E_CONFIRM


async def on_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Records the expense as the summary showed it (确认登记), or drops it (取消)."""
    await answer(update)
    d = await pressed_ok(update, context, EXPENSE, EXP,
                         lambda d: (d.get("receipt") and "public" in d) or
                         d.get("no_receipt"), summary)
    if isinstance(d, Answered):
        return d.state
    stopped = await over_balance(update, context, d, d["amount_fen"])  # typed at the summary
    if stopped:  # right (back to this summary), or typed again
        d["fixing"] = True
        return stopped
    return await submit(update, context, EXPENSE, Kind.EXPENSE, d["area"], expense_data(d),
                        show=summary)


def expense_data(d: dict[str, Any]) -> dict[str, Any]:
    """What the expense of a ready draft is stored with (the report it paid for, if any)."""
    data = {"amount_fen": d["amount_fen"], "payee": d["payee"], "purpose": d["purpose"],
            "category": d["category"], "project": d.get("project"), "receipt": d["receipt"],
            "receipt_public": bool(d["public"])}
    if d.get("no_receipt") and not d.get("receipt"):  # why there is none: published
        data["no_receipt"] = d["no_receipt"]
    return data | ({"issue": d["issue"]} if d.get("issue") else {}) | (
        {"replaces": d["replaces"]} if d.get("replaces") else {})
