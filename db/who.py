"""Who an admin means: someone at the street office says 我是王秀兰，住盐业小区1号楼1单元101,
and seldom knows her number (#14) or Telegram id. ``steward forget`` / ``unpublish`` and
the bot's /grant, /revoke and /whoami find a person by her registered name or her
household as well (never shown in public: the answers go to the admin alone)."""

from __future__ import annotations

from typing import Any

__all__ = ["people_matching", "describe"]


def people_matching(repo: Any, given: str) -> list[dict[str, Any]]:
    """The people whose number (``#N``), registered name or household (its id, or its
    words: 盐业小区 1号楼 1单元 101; spaces aside) is ``given``: none, one, or several
    (a couple on one flat; two people of one name)."""
    text = given.strip()
    if text.startswith(("#", "＃")) and text[1:].isdigit() and len(text) <= 16:
        who = repo.person(int(text[1:]))
        return [who] if who is not None else []
    key = "".join(text.split()).casefold()
    if not key:
        return []
    found = []
    for who in repo.people():
        home = who.get("household")
        words = {who.get("name"), home, _label(repo, home) if home else None}
        if key in {"".join(str(x).split()).casefold() for x in words if x}:
            found.append(who)
    return found


def describe(repo: Any, who: dict[str, Any]) -> str:
    """Who this is, for the admin to check: name, household, Telegram id (never published)."""
    home = who.get("household")
    return "、".join(str(x) for x in (who.get("name") or "（无姓名 / no name）",
                                     _label(repo, home) if home else None,
                                     who.get("telegram_id") and f"Telegram {who['telegram_id']}")
                    if x)


def _label(repo: Any, household: str) -> str:
    try:
        return str(repo.street.household_label(household))
    except KeyError:
        return household
