"""The volunteers' group chats: which Telegram group gets an area's new entries
(``link_group``, audited in the role log), the one linked before it, and a group's
move when Telegram upgrades it to a supergroup. Private, as the people are
(``db.directory``)."""

from __future__ import annotations

from . import checks
from .core import Core, Part
from .directory import Directory
from .errors import DomainError
from .store import Transaction

__all__ = ["Groups"]


class Groups(Part):
    """The areas' volunteers' group chats (partition ``street``, table ``groups``)."""

    def __init__(self, core: Core, directory: Directory) -> None:
        super().__init__(core)
        self.directory = directory
        self.ix = core.people  # its ``groups``: the chat linked to each area, kept

    def link_group(self, actor_id: int, area: str, chat_id: int) -> int | None:
        """Link a volunteers' group chat to ``area``: new pending entries are posted
        there. A volunteer of the area (or an admin) links it; audited. Returns the chat
        linked before (None when none), which no longer gets them."""
        actor = self.core.require_person(actor_id)
        self.core.check_area(area)
        self.core.require_steward(actor, area)
        chat_id = checks.whole(chat_id, "a chat id", low=None)
        with self.store.writing():
            existing = self.store.search("street", "groups", area=area)
            doc_id = existing[0]["doc_id"] if existing else \
                max((d["doc_id"] for d in self.store.all("street", "groups")), default=0) + 1
            before = int(existing[0]["chat_id"]) if existing else None

            def run(tx: Transaction) -> None:
                now = self.core.stamp()
                tx.put("street", "groups", doc_id, {"area": area, "chat_id": int(chat_id),
                                                    "linked": now, "by": actor["id"],
                                                    "before": before})
                # The audit names the role the actor holds in this area.
                self.directory.audit(tx, actor, actor, now, None, f"group:{area}", "linkgroup",
                           area=area)

            self.core.commit(run)
        return before

    def group_before(self, area: str) -> int | None:
        """The chat id of the group linked to ``area`` before the one linked now, which
        no longer gets its entries (None when there was none, or it was not kept): told
        so again when the linking was cut short by a stop (``bot.handlers.groups``)."""
        self.core.check_area(area)
        with self.store.lock:
            found = self.store.search("street", "groups", area=area)
        before = found[0].get("before") if found else None
        return int(before) if before is not None else None

    def linked_at(self, area: str) -> str | None:
        """When the group linked to ``area`` now was linked (None: none is): what names
        that linking once, so that the groups told of it are told once however often it
        is handled (``bot.handlers.groups``)."""
        self.core.check_area(area)
        with self.store.lock:
            found = self.store.search("street", "groups", area=area)
        return str(found[0].get("linked") or "") or None if found else None

    def move_group(self, old_chat_id: int, new_chat_id: int) -> list[str]:
        """Telegram upgraded group ``old_chat_id`` to a supergroup with a new id: the
        areas linked to it are linked to ``new_chat_id``, which keeps their posts coming
        to the same volunteers (nobody acted; the move is kept on the link). Returns the
        areas moved, none when the link was already moved (said again)."""
        old_chat_id = checks.whole(old_chat_id, "a chat id", low=None)
        new_chat_id = checks.whole(new_chat_id, "a chat id", low=None)
        if old_chat_id == new_chat_id:
            raise DomainError("a group cannot move to its own chat id", code="bad_number",
                              what="a chat id")
        with self.store.writing():
            moving = [d for d in self.store.all("street", "groups")
                      if int(d["chat_id"]) == old_chat_id]
            if not moving:
                return []

            def run(tx: Transaction) -> None:
                now = self.core.stamp()
                for doc in moving:
                    record = {k: v for k, v in doc.items() if k != "doc_id"}
                    tx.put("street", "groups", doc["doc_id"], {
                        **record, "chat_id": new_chat_id, "moved": now,
                        "moved_from": old_chat_id})

            self.core.commit(run)
        return sorted(str(d["area"]) for d in moving)

    def linked_group(self, area: str) -> int | None:
        """The Telegram chat id of the group linked to ``area``, if any (asked for every
        new entry; kept until a commit links a group)."""
        self.core.check_area(area)
        with self.store.lock:
            if self.ix.groups is None:
                self.ix.groups = {d["area"]: int(d["chat_id"])
                                  for d in self.store.all("street", "groups")}
            return self.ix.groups.get(area)
