"""`steward notice` refused, as the operator meets it on a new street or with a
mistyped area: said in Chinese first (the area by its name), then English."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from db.repository import Repository
from steward_cli import app


def _notice(data, area: str, month: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["notice", area, "--month", month, "--data", str(data)])


def test_a_notice_refused_says_why_in_chinese_first(tmp_path, street_config):
    """Before: 'steward: east has no ledger line yet, so no notice' and 'no management
    area 'eats'; the areas are: east, west', in English only."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    none = _notice(data, "east", "2025-01")
    assert none.exit_code == 2
    assert none.output.startswith("steward: 东小区（east）还没有一笔账，所以没有公示单。 / "), \
        none.output
    assert "east has no ledger line yet, so no notice" in none.output
    typo = _notice(data, "eats", "2025-01")
    assert typo.exit_code == 2
    assert typo.output.startswith(
        "steward: 没有 eats 这个管理区域，有的是：东小区（east）、西小区（west）。"), typo.output


def test_a_notice_is_asked_for_by_the_areas_name_or_its_compounds(tmp_path, street_config):
    """Before: `steward notice 东小区` answered 'steward: 没有 东小区 这个管理区域，有的是：
    东小区（east）…': the name the operator reads everywhere, refused while the refusal
    listed it. Now the area is read as the bot's /linkgroup reads it: its id, its name,
    a compound's id or name, 小区 left out."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    for said in ("east", "东小区", "东", "c1"):
        result = _notice(data, said, "2025-01")
        assert result.exit_code == 2
        assert result.output.startswith("steward: 东小区（east）还没有一笔账，所以没有公示单。"), \
            (said, result.output)


def test_a_notice_whose_balance_is_below_zero_says_what_that_usually_means(tmp_path,
                                                                          street_config):
    """Before: the first notice of a new street whose first expense was paid from money
    held before its ledger began printed 结余 -¥340.00 and nothing more, on the gate's
    notice board; now it says what a balance below zero usually means."""
    import subprocess
    from datetime import datetime

    from conftest import pid

    from db.entries import Kind
    from db.repository import CHINA_TZ

    data = tmp_path / "data"
    repo = Repository.init(data, street_config)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 34000, "payee": "五金店", "purpose": "更换路灯", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    repo.close()
    out = tmp_path / "n.pdf"
    month = f"{datetime.now(CHINA_TZ):%Y-%m}"
    made = CliRunner().invoke(app, ["notice", "east", "--month", month, "--out", str(out),
                                    "--data", str(data)])
    assert made.exit_code == 0, made.output
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "-¥340.00" in text
    assert "结余是负数：记下的支出多于记下的收入，" in "".join(text.split()), text


def test_a_notice_font_without_chinese_or_not_a_font_is_refused_not_printed_as_boxes(
        tmp_path, street_config, monkeypatch):
    """STEWARD_NOTICE_FONT set to a font without Chinese (DejaVuSans.ttf, the first .ttf
    an operator finds) was taken: the notice came out as rows of empty boxes, exit 0
    (tried deploying by the README's step 7); a file that is no font ended in a
    traceback. Now both are refused, saying which and what to set instead."""
    import reportlab

    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    latin = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # shipped with ReportLab
    monkeypatch.setenv("STEWARD_NOTICE_FONT", str(latin))
    boxes = _notice(data, "east", "2025-01")
    assert boxes.exit_code == 2, boxes.output
    assert boxes.output.startswith(f"steward: STEWARD_NOTICE_FONT={latin}：{latin} 里没有中文字"), \
        boxes.output
    assert f"{latin} has no Chinese characters" in boxes.output
    text = tmp_path / "font.ttf"
    text.write_text("not a font\n")
    monkeypatch.setenv("STEWARD_NOTICE_FONT", str(text))
    none = _notice(data, "east", "2025-01")
    assert none.exit_code == 2 and "Traceback" not in none.output, none.output
    assert f"{text} 用不了" in none.output and f"{text} cannot be used" in none.output
