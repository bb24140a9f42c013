"""What each column of the machine-readable ledger means, for the downloads page.

A journalist who opens ``ledger.csv`` meets ``amount_fen``, ``kind``, ``period``,
``receipt`` and English category codes: the page says what each one holds, its unit,
and which Chinese word of the site each code is. The columns are ``db.ledger``'s
``LINE_FIELDS`` (the test checks every one is described) and the codes are
``db.labels``' own tables, so neither can drift from what the files carry.
"""

from __future__ import annotations

from typing import Any

from db import labels
from db.ledger import LINE_FIELDS

__all__ = ["COLUMN_NOTES", "ledger_columns", "ledger_codes"]

COLUMN_NOTES: dict[str, str] = {
    "area": "小区（管理区域）编号，与网址 areas/编号/ 相同",
    "seq": "序号，就是网站和公示单上的“第几笔”，从 1 起连续",
    "entry": "这笔账在机器人里的记录编号",
    "kind": "类型：income 收入，expense 支出，reversal 冲正（见下表）",
    "date": "入账日期（年-月-日）；每月、每年的收支都按这一天算",
    "amount_fen": "金额，单位是“分”（整数，1 元 = 100 分）；收入为正，支出为负，"
                  "冲正是被冲正那笔的相反数。一个小区全部金额相加就是账户余额",
    "category": "类别代码：收入是收费种类，支出是支出类别（见下表）；冲正与被冲正的那笔相同",
    "purpose": "用途或摘要",
    "fee_type": "收费种类代码（只有收费才有，见下表）",
    "period": "收费所属的期间：2025-01 是一个月，2025 是一年（只有收费才有）",
    "payee": "收款方（只有支出才有）",
    "project": "这笔支出所属的整治项目编号（项目页上的 #编号）",
    "issue": "这笔支出是为哪个报事花的：报事编号（报事页上的 #编号）；冲正与被冲正的那笔相同。"
             "较早的账目没有这一项",
    "household_ref": "交费的楼栋和单元（只写到几号楼几单元，不写门牌号）",
    "receipt": "收据：支出的收据照片文件名（照片在本站 media/ 下）；checked 表示志愿者看过收据，"
               "照片不公开；空白表示没有收据",
    "recorded_by": "记录人：志愿者的职务和代号（如“网格员甲”，见志愿者代号页），"
                   "居民自己报的缴费写“居民”；不写姓名",
    "approved_by": "审核人：审核后公开这笔账的志愿者的职务和代号；期初结转（kind 为 opening）"
                   "一笔由一人照纸质账本登记，不经第二人审核，这里写的就是登记人",
    "reverses": "冲正的是第几笔（只有冲正才有）",
    "replaces": "这一笔代替的是第几笔：那一笔记错了、已被冲正，这一笔是正确的一笔。"
                "较早的账目没有这一项",
    "note": "备注",
    "published_at": "公开的日期",
    "format": "这一行的格式版本（旧的行可能没有 note、format、issue、replaces 这几列）",
    "prev": "上一笔的哈希（第一笔是 64 个 0）",
    "hash": "这一笔的哈希（SHA-256，算法见“如何核对账本”）",
}


def ledger_columns() -> list[tuple[str, str]]:
    """Each column of ``ledger.csv`` (and key of a line of ``ledger.json``) in the
    files' order, with what it holds."""
    return [(name, COLUMN_NOTES[name]) for name in LINE_FIELDS]


def ledger_codes() -> list[dict[str, Any]]:
    """The codes of ``kind``, of a fee's ``fee_type`` and ``category`` and of an
    expense's ``category``, each with the word the site shows for it."""
    tables = (("kind", labels.LINE_KIND), ("fee_type，收入的 category", labels.FEE_TYPE),
              ("支出的 category", labels.EXPENSE_CATEGORY))
    return [{"column": column, "codes": [(code, label.zh) for code, label in table.items()]}
            for column, table in tables]
