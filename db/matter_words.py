"""Words of a proposal that point at an item of Civil Code art. 278 stricter than the one
picked for it.

The volunteer picks the matter a proposal decides (``db.matters``), and with it the rule:
items 6 to 8 need three quarters of those taking part to agree, item 9 and the others
more than half, an everyday matter a simple majority. A proposal that asks each
household for money (每户分摊300元) raises a maintenance fund (item 6); one that turns a
bicycle shed into a charging shed, or lets a common space to a business, changes the
use of common parts (item 8); one that rebuilds (改建) is item 7. Picked as item 9 or
everyday, it would pass with fewer owners than the law asks, and a pass so reached can
be annulled by a court (art. 280). ``stricter`` finds such words in the proposal, for
the summary to name before the volunteer opens the vote: a warning, never a refusal
(whether 改为 in a proposal changes a use is the volunteer's reading of it, not a word
list's).
"""

from __future__ import annotations

from .matters import Matter, matter

__all__ = ["CUES", "stricter"]

# The special items (6 to 8) and words that point at each.
CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("raise_maintenance_fund", ("分摊", "集资", "筹集", "筹款", "每户交", "每户出", "每户缴",
                                "每户收", "每平方米收", "按面积收")),
    ("rebuild", ("改建", "重建", "拆除", "加装电梯", "扩建")),
    ("common_parts", ("改为", "改成", "改作", "改变用途", "出租", "租给", "经营", "广告",
                      "收费停车", "停车收费", "对外")),
)


def stricter(text: str, chosen: str) -> list[tuple[Matter, str]]:
    """(matter, the word found) for each special item (6 to 8) whose words stand in
    ``text``, when the matter ``chosen`` is not special itself: nothing when it is (three
    quarters asked already), or when no word is found."""
    if matter(chosen).special:
        return []
    found = []
    for code, words in CUES:
        hit = next((w for w in words if w in text), None)
        if hit is not None:
            found.append((matter(code), hit))
    return found
