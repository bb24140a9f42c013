"""A volunteer's question to the author of an entry waiting for approval, and her
answer, kept on the entry (``data["asked"]``): a volunteer reading 楼道灯坏了 asks
哪个单元的灯？ before deciding, and whoever decides it later reads what was asked and
answered.

Each question is ``{"n", "at", "by", "role", "question"}``, and once answered also
``"answer"`` and ``"answered"`` (when). Only a volunteer of the entry's area asks (not
its author: there is nobody else to ask), only its author answers, both only while it
waits; at most ``MAX_ASKED`` questions an entry, each text at most ``MAX_TEXT``.

Neither is published: they are between the author and the volunteers of her area (the
site picks the fields it shows; this is none of them). Nor are they refused for naming
someone or a room: as a rejection's reason, which also goes to the author only, they are
private words (``db.review.reject``). The names of someone forgotten are masked in them
as in any words kept (``db.privacy.NESTED_FIELDS``); the author's answers are her words,
deleted when she asks to be forgotten (``drop_answers``). She sees them in /mydata.

Both writes are exactly once. The same question asked again while it is unanswered (by
anyone: a redelivered press, a volunteer who forgot she asked, another volunteer) is
refused as ``asked_already`` with when it was asked (``at``) and its number (``n``):
nothing is stored, and the bot does not send it to the author a second time. The same
answer given again stores nothing.
"""

from __future__ import annotations

from typing import Any

from . import checks
from .core import Part, serialized
from .entries import MAX_TEXT, Entry, Status
from .errors import DomainError, PermissionDenied
from .people import public_role
from .records import Records
from .store import Transaction

__all__ = ["AuthorQuestions", "ASKED", "MAX_ASKED", "asked_of", "drop_answers"]

ASKED = "asked"  # the key of an entry's questions in its data
MAX_ASKED = 10  # questions kept on one entry


def asked_of(entry: Entry) -> list[dict[str, Any]]:
    """The questions asked about ``entry``, oldest first (each a dict, as kept)."""
    value = entry.data.get(ASKED)
    return [q for q in value if isinstance(q, dict)] if isinstance(value, list) else []


def drop_answers(data: dict[str, Any]) -> dict[str, Any] | None:
    """``data`` with its author's answers deleted (the questions kept, marked answered),
    as a new dict; None when nothing was answered."""
    value = data.get(ASKED)
    if not isinstance(value, list) or not any(isinstance(q, dict) and "answer" in q
                                              for q in value):
        return None
    return {**data, ASKED: [{k: v for k, v in q.items() if k != "answer"}
                            if isinstance(q, dict) else q for q in value]}


def _words(value: object, what: str) -> str:
    said = " ".join(checks.text(value, what, required=True).split())
    if len(said) > MAX_TEXT:
        raise DomainError(f"{what} is too long", code="text_too_long", max=MAX_TEXT,
                          count=len(said))
    return said


def _waiting(entry: Entry) -> None:
    if entry.status != Status.PENDING:
        raise DomainError(f"#{entry.id} is no longer waiting for approval (it is "
                          f"{entry.status})", code="not_waiting", id=entry.id,
                          status=str(entry.status))


class AuthorQuestions(Part):
    """Questions to the author of a waiting entry, and her answers."""

    def __init__(self, core: Any, records: Records) -> None:
        super().__init__(core)
        self.records = records

    @serialized
    def ask_author(self, entry_id: int, actor_id: int, question: str) -> Entry:
        """Keep ``question``, from a volunteer of the area of waiting ``entry_id`` to its
        author, on the entry; the entry still waits. The same question asked again while
        unanswered is refused (``asked_already``, with its ``at`` and ``n``)."""
        question = _words(question, "a question")
        entry = self.core.entry(entry_id)
        actor = self.core.require_person(actor_id)
        self.core.require_steward(actor, entry.area)
        _waiting(entry)
        if entry.author is None or self.core.person(entry.author) is None:
            raise DomainError(f"#{entry.id} has no author to ask", code="no_author",
                              id=entry.id)
        if entry.author == actor["id"]:
            raise DomainError(f"#{entry.id} is your own: there is nobody else to ask",
                              code="own_entry", id=entry.id)
        asked = asked_of(entry)
        same = next((q for q in asked if q.get("question") == question
                     and "answered" not in q), None)
        if same is not None:  # asked again: once is kept, and sent once
            raise DomainError(f"#{entry.id} has that question already (asked at "
                              f"{same.get('at')}), not answered yet", code="asked_already",
                              id=entry.id, n=same.get("n"), at=same.get("at"))
        if len(asked) >= MAX_ASKED:
            raise DomainError(f"#{entry.id} has {MAX_ASKED} questions already: approve or "
                              "reject it", code="too_many_questions", id=entry.id,
                              max=MAX_ASKED)
        now = self.core.stamp()
        entry.data = {**entry.data, ASKED: [*asked, {
            "n": len(asked) + 1, "at": now, "by": actor["id"],
            "role": public_role(actor, entry.area), "question": question}]}
        return self._saved(entry)

    def author_question(self, entry_id: int, author_id: int, number: int | None = None
                        ) -> dict[str, Any]:
        """The question ``number`` about ``entry_id`` (None: the first unanswered) that
        its author ``author_id`` may answer now; refused as ``answer_author`` refuses
        (someone else, the entry decided, no such question, answered already)."""
        entry, question = self._answerable(entry_id, author_id, number)
        if "answered" in question:
            raise DomainError(f"question {question['n']} about #{entry.id} was answered "
                              "already", code="already_answered", id=entry.id,
                              n=question["n"])
        return dict(question)

    @serialized
    def answer_author(self, entry_id: int, author_id: int, number: int | None,
                      answer: str) -> Entry:
        """Keep the author's ``answer`` to question ``number`` (None: the first
        unanswered) about her waiting entry ``entry_id``. The same answer given again
        changes nothing; another answer to an answered question is refused."""
        answer = _words(answer, "an answer")
        entry, question = self._answerable(entry_id, author_id, number)
        if "answered" in question:
            if question.get("answer") == answer:
                return entry  # given again (a message redelivered): once is kept
            raise DomainError(f"question {question['n']} about #{entry.id} was answered "
                              "already", code="already_answered", id=entry.id,
                              n=question["n"])
        n = question["n"]
        entry.data = {**entry.data, ASKED: [
            {**q, "answer": answer, "answered": self.core.stamp()} if q.get("n") == n else q
            for q in asked_of(entry)]}
        return self._saved(entry)

    def _answerable(self, entry_id: int, author_id: int, number: int | None
                    ) -> tuple[Entry, dict[str, Any]]:
        if number is not None:
            number = checks.whole(number, "a question's number")
        entry = self.core.entry(entry_id)
        author = self.core.require_person(author_id)
        if entry.author != author["id"]:
            raise PermissionDenied(f"only the author of #{entry.id} answers its questions",
                                   code="not_author", id=entry.id)
        _waiting(entry)
        asked = asked_of(entry)
        found = next((q for q in asked if q.get("n") == number), None) if number is not None \
            else next((q for q in asked if "answered" not in q), None)
        if found is None:
            raise DomainError(f"no question about #{entry.id} waits for an answer",
                              code="no_question", id=entry.id)
        return entry, found

    def _saved(self, entry: Entry) -> Entry:
        def run(tx: Transaction) -> Entry:
            self.records.save(tx, entry)
            return entry

        return self.core.commit(run)  # type: ignore[no-any-return]
