"""Text on a paper notice (``notice_pdf``): cut to a width with "…", wrapped as
Chinese is typeset (never inside a number, nor a closing mark at a line's start), set
on one line at the size that fits, and a table's cell in at most ``CELL_LINES`` lines.
"""

from __future__ import annotations

import re

__all__ = ["CELL_LINES", "cell_lines", "fit", "one_line", "wrap"]


def fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


_NO_LINE_START = frozenset("）】」』》〉，。、；：！？…)]}²")  # closing marks, and m²'s ²
_NO_LINE_END = frozenset("（【「『《〈([{“‘")  # opening marks


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` that fit ``width``: broken between Chinese characters, never
    inside a number or a fraction ("5/7", "791.65/933.0 m²" stay whole on a line) nor
    between an amount and its "¥" ("本月入账 ¥" above "400.00"), unless one alone is
    wider than a line; a line never starts with a closing bracket or a comma,
    nor ends with an opening bracket."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    tokens: list[str] = []  # the line's so far
    for token in re.findall(r"[0-9A-Za-z.,/%:+\-¥#]+|.", text, re.ASCII | re.DOTALL):
        line = "".join(tokens)
        if stringWidth(line + token, font, size) <= width:
            tokens.append(token)
            continue
        # Where to break: before ``token``, but a closing mark never starts a line
        # nor an opening one ends it, as Chinese is typeset: the tokens before a
        # closing mark (the marks and the character before them) and an opening mark
        # at the line's end go down too, if the line keeps something.
        k = len(tokens)
        if token in _NO_LINE_START:
            k -= 1
            while k > 0 and tokens[k] in _NO_LINE_START:
                k -= 1
        while k > 0 and tokens[k - 1] in _NO_LINE_END:
            k -= 1
        down = [t.lstrip() if i == 0 else t for i, t in enumerate(tokens[k:] + [token])]
        if 0 < k < len(tokens) and "".join(tokens[:k]).strip() \
                and stringWidth("".join(down), font, size) <= width:
            out.append("".join(tokens[:k]))
            tokens = down
        elif line.strip() and stringWidth(token, font, size) <= width:
            out.append(line)
            tokens = [token.lstrip()]
        else:  # a token wider than a line: broken where it must
            for ch in token:
                if stringWidth(line + ch, font, size) > width:
                    out.append(line)
                    line = ch.lstrip()
                else:
                    line += ch
            tokens = [line]
    line = "".join(tokens)
    return out + ([line] if line else [])


def one_line(text: str, font: str, size: float, width: float, least: float = 7.0) -> float:
    """The size, at most ``size`` and at least ``least``, at which ``text`` fits a line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    wide = stringWidth(text, font, size)
    return size if wide <= width else max(least, int(10 * size * width / wide) / 10)


CELL_LINES = 8  # at most, in a table's cell: a longer text ends with "…" on its last line


def cell_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` wrapped to ``width`` (``_wrap``), in at most ``CELL_LINES`` lines."""
    lines = wrap(text, font, size, width) or [""]
    if len(lines) > CELL_LINES:
        lines = lines[:CELL_LINES - 1] + [fit("".join(lines[CELL_LINES - 1:]) + "…", font,
                                               size, width)]
    return lines
