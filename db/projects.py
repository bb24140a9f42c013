"""A passed proposal's project, after the vote (``db.votes``): the volunteers of its
area move it along (planned -> in_progress -> done, ``set_stage``), post photos or
notes of the work under way (``add_progress``), and add the rest of an album's
photos to the stage they just posted (``add_stage_photos``). Each stage keeps who
posted it (their id, and the role the site shows) and when. An election is no
project. Split from ``db.votes``, which grew past a file's length.
"""

from __future__ import annotations

from typing import Any

from . import checks
from .core import Core, Part, clip, serialized
from .elections import is_election
from .entries import MAX_TEXT, Entry, Kind, ProjectStage, Status, check_stage
from .errors import DomainError, PermissionDenied
from .issues import MAX_STEP_PHOTOS
from .media import is_ref
from .people import public_role
from .records import Records
from .store import Transaction

__all__ = ["Projects"]


class Projects(Part):
    """The stages of passed proposals' projects."""

    def __init__(self, core: Core, records: Records) -> None:
        super().__init__(core)
        self.records = records

    def _project(self, proposal_id: int, actor_id: int) -> tuple[Entry, dict[str, Any]]:
        """The project ``proposal_id`` (a passed proposal, not an election) and the
        actor, a volunteer of its area; else refused."""
        proposal = self.core.entry(proposal_id)
        actor = self.core.require_person(actor_id)
        self.core.require_steward(actor, proposal.area)
        if proposal.kind != Kind.PROPOSAL or proposal.status != Status.PASSED or \
                is_election(proposal.data):
            raise DomainError("only a passed proposal is a project", code="not_project")
        return proposal, actor

    @serialized
    def set_stage(self, proposal_id: int, actor_id: int, stage: ProjectStage | str,
                  note: str = "", photos: list[str] | None = None) -> Entry:
        """Move a passed proposal's project along: planned -> in_progress -> done."""
        proposal, actor = self._project(proposal_id, actor_id)
        stage = checks.choice(ProjectStage, stage, "stage", "bad_stage")
        note = checks.text(note, "a note")
        check_stage(proposal.data.get("stage"), stage)

        def run(tx: Transaction) -> Entry:
            stages: list[dict[str, Any]] = proposal.data.setdefault("stages", [])
            proposal.data["stage"] = str(ProjectStage(stage))
            stages.append({"at": self.core.stamp(), "stage": str(ProjectStage(stage)),
                           "note": clip(note, MAX_TEXT), "photos": list(photos or []),
                           "role": public_role(actor, proposal.area), "by": actor["id"]})
            proposal.updated = self.core.stamp()
            self.records.save(tx, proposal)
            return proposal

        return self.core.commit(run)

    @serialized
    def add_progress(self, proposal_id: int, actor_id: int, note: str,
                     photos: list[str] | None = None) -> Entry:
        """A photo (or note) of a project under way, its stage unchanged: kept among its
        stages as a progress record (``progress``) of the current stage, in_progress;
        a project not started or done is moved along with ``set_stage`` instead."""
        proposal, actor = self._project(proposal_id, actor_id)
        note = checks.text(note, "a note")
        if not note.strip() and not photos:
            raise DomainError("a progress record needs a note or a photo",
                              code="reason_required", what="a note")
        current = proposal.data.get("stage")
        if current != ProjectStage.IN_PROGRESS:
            raise DomainError(f"project #{proposal.id} is not under way", code="not_under_way",
                              id=proposal.id, stage=str(current or ""))

        def run(tx: Transaction) -> Entry:
            proposal.data.setdefault("stages", []).append({
                "at": self.core.stamp(), "stage": str(ProjectStage.IN_PROGRESS),
                "note": clip(note, MAX_TEXT), "photos": list(photos or []),
                "role": public_role(actor, proposal.area), "progress": True,
                "by": actor["id"]})
            proposal.updated = self.core.stamp()
            self.records.save(tx, proposal)
            return proposal

        return self.core.commit(run)

    @serialized
    def add_stage_photos(self, proposal_id: int, actor_id: int, photos: list[str]) -> Entry:
        """More photos of the stage (or progress record) ``actor_id`` just posted on a
        project: Telegram sends an album one message per photo, the command as the first
        one's caption, so the stage is stored with its first photo and the others follow
        (as ``Issues.add_step_photos`` for a report). A photo already there is not added
        twice; at most ``MAX_STEP_PHOTOS``."""
        if not isinstance(photos, list) or not photos or not all(is_ref(p) for p in photos):
            raise DomainError("photos are a list of photo references", code="bad_photos")
        proposal, actor = self._project(proposal_id, actor_id)
        stages = proposal.data.get("stages") or []
        last = stages[-1] if stages else {}
        if last.get("by") != actor["id"] or not isinstance(last.get("photos"), list):
            raise PermissionDenied("photos are added to one's own last stage of a project",
                                   code="not_your_step")
        kept: list[str] = last["photos"]
        new = [p for p in dict.fromkeys(photos) if p not in kept]
        if len(kept) + len(new) > MAX_STEP_PHOTOS:
            raise DomainError("too many photos for one step", code="too_many_photos",
                              max=MAX_STEP_PHOTOS)
        if not new:
            return proposal

        def run(tx: Transaction) -> Entry:
            kept.extend(new)
            self.records.save(tx, proposal)
            return proposal

        return self.core.commit(run)
