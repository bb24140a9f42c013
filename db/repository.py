"""The repository: every operation the bot, the CLI and the site builder may
perform on a street's data, with the domain's rules and permission checks.

``Repository`` is a facade: each method below is one line naming the part
that does the work. It is the only way into ``db.store`` (and so TinyDB).
Every change is one durable transaction holding the change and its audit
event together; methods take person ids (``actor``) for who acts and check
that person's role, so an adapter cannot forget a check. A commit that
changes the public record is reported to ``subscribe``'s listeners once it
is durable (``db.changes``).

The parts, by concern:
  ``db.core``        the store, clock, street, indexes, and ``commit``
  ``db.directory``   people, roles (audited) and volunteers' group chats
  ``db.records``     entries: finding them, writing them, submitting
  ``db.review``      the approval queue: approve, reject, registrations
  ``db.author_questions`` a volunteer's question to a waiting entry's author, her answer
  ``db.hidden_names`` words a volunteer hides from an entry's public reading (a name)
  ``db.issues``      issues after they are reported: steps, reopen, "me too"
  ``db.votes``       proposals, votes, tallies
  ``db.projects``    a passed proposal's project: its stages, progress and photos
  ``db.closing``     closing votes: at the deadline, early (two volunteers), withdrawn
  ``db.committee``   committee elections: open, ballots, seating the elected
  ``db.modes``       each area's mode over time; a street file merged in while in use
  ``db.privacy``     consent, everything kept about a person, forgetting, corrections
  ``db.reminders``   the daily digest, unpaid fees, households that have not voted,
                     and the record of reminders sent (each goes once)
  ``db.accounts``    money: ledger lines, reversals, balances, ``verify``
  ``db.fee_changes`` a fee's amount changed from a period on (``steward fees set``)
  ``db.opening``     an area's opening balance from its paper book (期初结转)
  ``db.civic``       meetings' minutes, and residents' public questions and their answers
  ``db.indexes``     what is kept in memory, and its undo when a write fails
                     (``db.money_index``: ledger heads and month totals, fees by payer)

Partitions:
  ``street``                         the street configuration (places, areas), group chats
  ``people``                         persons (table ``people``), role audit (``audit``)
  ``areas/<area>/entries-<year>``    the entries created in that year
  ``areas/<area>/ledger-<block>``    published ledger lines, 500 per block
  ``reminders``                      which reminders were sent to whom
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from .accounts import LEDGER_BLOCK, Accounts
from .author_questions import AuthorQuestions
from .changes import Change
from .civic import Civic
from .closing import Closing
from .committee import Committee
from .config import StreetConfig
from .core import CHINA_TZ, Clock, Core, now
from .directory import Directory
from .errors import DomainError
from .fee_changes import FeeChanges
from .groups import Groups
from .hidden_names import HiddenNames
from .home_records import HomeRecords
from .issues import Issues
from .mentions import mentions
from .modes import Modes
from .moving import Moving
from .names import Names
from .opening import Opening
from .places import Street
from .privacy import Privacy
from .projects import Projects
from .proxy import Proxy
from .records import Records
from .relation import Relations
from .reminders import Reminders
from .review import Review
from .startcheck import check_at_start
from .store import Store
from .street_merge import StreetChange
from .votes import Votes

__all__ = ["Repository", "CHINA_TZ", "LEDGER_BLOCK"]

P = ParamSpec("P")
R = TypeVar("R")


def _by(part: str, method: Callable[Concatenate[Any, P], R]
        ) -> Callable[Concatenate[Repository, P], R]:
    """A method of the repository that is ``method`` of its part ``part``."""
    get = operator.attrgetter(part)

    @functools.wraps(method)
    def forward(self: Repository, *args: P.args, **kwargs: P.kwargs) -> R:
        return method(get(self), *args, **kwargs)

    return forward


class Repository:
    """A street's data and rules. Thread-safe (one writer lock in the store)."""

    def __init__(self, store: Store, *, clock: Clock | None = None) -> None:
        self.store = store
        self.core = Core(store, clock or now)
        self._directory = Directory(self.core)
        self._names = Names(self.core, self._directory)
        self._groups = Groups(self.core, self._directory)
        self._records = Records(self.core)
        self._accounts = Accounts(self.core, self._records)
        self._review = Review(self.core, self._records, self._directory, self._accounts)
        self._asked = AuthorQuestions(self.core, self._records)
        self._hidden = HiddenNames(self.core, self._records)
        self._relations = Relations(self.core, self._records, self._directory)
        self._moving = Moving(self.core, self._directory, self._records)
        self._review.hands = self._moving.hands
        self._home = HomeRecords(self.core, self._records, self._accounts, self._moving.hands,
                                 self._directory)
        self._issues = Issues(self.core, self._records)
        self._proxy = Proxy(self.core, self._records, self._review)
        self._votes = Votes(self.core, self._records)
        self._votes.hands = self._moving.hands
        self._votes.directory = self._directory
        self._projects = Projects(self.core, self._records)
        self._closing = Closing(self.core, self._records, self._votes)
        self._committee = Committee(self.core, self._votes, self._directory)
        self._modes = Modes(self.core, self._records, self._directory)
        self._privacy = Privacy(self.core, self._records, self._directory)
        self._privacy.home = self._home
        self._reminders = Reminders(self.core, self._records, self._issues, self._votes)
        self._civic = Civic(self.core, self._records, self._accounts)
        self._fee_changes = FeeChanges(self.core, self._records)
        self._opening = Opening(self.core, self._records, self._accounts)
        self._directory.give_missing_marks()  # a data folder from before pseudonyms

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, **kwargs: Any) -> Repository:
        clock = kwargs.pop("clock", None)
        store = Store(path, **kwargs)
        try:
            return cls(store, clock=clock)
        except BaseException:
            store.abandon()  # a damaged partition: do not keep the folder locked
            raise

    @classmethod
    def init(cls, path: str | Path, config: StreetConfig, *, clock: Clock | None = None,
             **kwargs: Any) -> Repository:
        """Create a new data folder for the street in ``config``."""
        repo = cls(Store.create(path, **kwargs), clock=clock)
        repo.load_config(config)
        return repo

    load_config = _by("_directory", Directory.load_config)

    def close(self) -> None:
        self.store.close()

    def refresh(self) -> set[str]:
        """Catch a read-only repository up with the bot's writes (see ``Store.refresh``);
        the partitions that changed. The indexes are rebuilt when anything did."""
        return self.core.refresh()

    def subscribe(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``listener(change)`` once for each commit that changes the public
        record, after it is durable, outside the store's locks, in the thread that
        made it (see ``db.changes``); returns the function that unsubscribes it."""
        if not callable(listener):
            raise DomainError("a listener is a function of one change", code="bad_listener")
        return self.core.listeners.subscribe(listener)

    # -- the street ----------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self.core.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.core.clock = clock

    @property
    def street(self) -> Street:
        return self.core.street

    @property
    def settings(self) -> dict[str, Any]:
        return self.core.settings

    @property
    def amount_ceiling(self) -> int:
        """The largest amount in fen a money entry or a budget may have (the street
        file's ``amount_ceiling_fen``, or the default)."""
        return self.core.amount_ceiling

    def warm_up(self) -> None:
        """Build now what the first requests would otherwise build on the way: the
        street with its household index, and the people index."""
        with self.store.lock:
            street = self.street
            for area in street.areas:
                households = street.area_households(area.id)
                if households:
                    street.locate(households[0].id)  # indexes every household
                    break
            self.people(admins=True)

    # -- people, roles and group chats (db.directory) ------------------------

    def person(self, person_id: int | None) -> dict[str, Any] | None:
        return self.core.person(person_id)

    person_by_telegram = _by("_directory", Directory.person_by_telegram)
    ensure_person = _by("_directory", Directory.ensure_person)
    ensure_admins = _by("_directory", Directory.ensure_admins)
    set_language = _by("_directory", Directory.set_language)
    keep_name = _by("_directory", Directory.keep_name)
    correct_name = _by("_names", Names.correct_name)
    people = _by("_directory", Directory.people)
    supervisors = _by("_directory", Directory.supervisors)
    grant = _by("_directory", Directory.grant)
    revoke = _by("_directory", Directory.revoke)
    role_audit = _by("_directory", Directory.role_audit)
    pseudonyms = _by("_directory", Directory.pseudonyms)
    link_group = _by("_groups", Groups.link_group)
    linked_group = _by("_groups", Groups.linked_group)
    group_before = _by("_groups", Groups.group_before)
    linked_at = _by("_groups", Groups.linked_at)
    move_group = _by("_groups", Groups.move_group)

    # -- entries (db.records) and their review (db.review) -------------------

    entry = _by("_records", Records.entry)
    entry_state = _by("_records", Records.entry_state)
    entries = _by("_records", Records.entries)
    recent_entries = _by("_records", Records.recent_entries)
    count_entries = _by("_records", Records.count_entries)
    submit = _by("_records", Records.submit)
    named_person = _by("_records", Records.named_person)
    private_in_line = _by("_records", Records.private_in_line)
    paid_issue = _by("_records", Records.paid_issue)
    pending_for = _by("_review", Review.pending_for)
    own_waiting = _by("_review", Review.own_waiting)
    waiting_count = _by("_review", Review.waiting_count)
    register = _by("_review", Review.register)
    refused_wait = _by("_review", Review.refused_wait)
    set_relation = _by("_relations", Relations.set_relation)
    change_relation = _by("_relations", Relations.change_relation)
    relation_changes = _by("_relations", Relations.relation_changes)
    voided_by_last_change = _by("_relations", Relations.voided_by_last_change)
    move_out = _by("_moving", Moving.move_out)
    move_out_for = _by("_moving", Moving.move_out_for)
    last_moved_out = _by("_moving", Moving.last_moved_out)
    by_former = _by("_moving", Moving.by_former)
    before_household = _by("_moving", Moving.before_household)
    # what of a flat's records is its present household's (db.home_records)
    home_since = _by("_home", HomeRecords.home_since)
    home_fees = _by("_home", HomeRecords.home_fees)
    home_fee_recorded = _by("_home", HomeRecords.home_fee_recorded)
    approve = _by("_review", Review.approve)
    reject = _by("_review", Review.reject)
    withdraw_own = _by("_review", Review.withdraw_own)
    withdrawable = _by("_review", Review.withdrawable)
    residents_of = _by("_review", Review.residents_of)
    # a volunteer's question to a waiting entry's author, and her answer (db.author_questions)
    ask_author = _by("_asked", AuthorQuestions.ask_author)
    author_question = _by("_asked", AuthorQuestions.author_question)
    answer_author = _by("_asked", AuthorQuestions.answer_author)
    # words a volunteer hides from an entry's public reading (db.hidden_names)
    hide_words = _by("_hidden", HiddenNames.hide_words)
    hideable = _by("_hidden", HiddenNames.hideable)

    # -- issues (db.issues) --------------------------------------------------

    open_issues = _by("_issues", Issues.open_issues)
    issue_step = _by("_issues", Issues.issue_step)
    add_step_photos = _by("_issues", Issues.add_step_photos)
    reopen = _by("_issues", Issues.reopen)
    me_too = _by("_issues", Issues.me_too)
    follow = _by("_issues", Issues.follow)
    submit_for = _by("_proxy", Proxy.submit_for)
    recorded_for = _by("_proxy", Proxy.recorded_for)
    followers = _by("_issues", Issues.followers)

    # -- proposals and votes (db.votes) --------------------------------------

    create_proposal = _by("_votes", Votes.create_proposal)
    cast_vote = _by("_votes", Votes.cast_vote)
    strike_paper = _by("_votes", Votes.strike_paper)
    household_vote = _by("_votes", Votes.household_vote)
    household_vote_entry = _by("_votes", Votes.household_vote_entry)
    counting_vote = _by("_votes", Votes.counting_vote)
    current_votes = _by("_votes", Votes.current_votes)
    tally = _by("_votes", Votes.tally)
    vote_households = _by("_votes", Votes.vote_households)
    households_told = _by("_votes", Votes.households_told)
    changed_hands = _by("_votes", Votes.changed_hands)
    sold_during = _by("_votes", Votes.sold_during)
    sale_unknown = _by("_votes", Votes.sale_unknown)
    for_former_owner = _by("_votes", Votes.for_former_owner)
    voters = _by("_votes", Votes.voters)
    close_vote = _by("_closing", Closing.close_vote)
    overdue_votes = _by("_closing", Closing.overdue)
    close_overdue = _by("_closing", Closing.close_overdue)
    request_early_close = _by("_closing", Closing.request_early_close)
    early_close_refusal = _by("_closing", Closing.early_close_refusal)
    confirm_early_close = _by("_closing", Closing.confirm_early_close)
    decline_early_close = _by("_closing", Closing.decline_early_close)
    withdraw_proposal = _by("_closing", Closing.withdraw)

    # -- a passed proposal's project (db.projects) -----------------------------

    set_stage = _by("_projects", Projects.set_stage)
    add_progress = _by("_projects", Projects.add_progress)
    add_stage_photos = _by("_projects", Projects.add_stage_photos)

    # -- committee elections (db.committee) ------------------------------------

    open_election = _by("_committee", Committee.open_election)
    personal_in_candidate = _by("_committee", Committee.personal_in_candidate)
    cast_ballot = _by("_committee", Committee.cast_ballot)
    ballot_of = _by("_committee", Committee.ballot_of)
    seat_elected = _by("_committee", Committee.seat_elected)
    sitting_members = _by("_committee", Committee.sitting_members)

    # -- how areas are managed over time, the street corrected (db.modes) ------

    mode_history = _by("_modes", Modes.mode_history)
    change_mode = _by("_modes", Modes.change_mode)
    merge_plan = _by("_modes", Modes.merge_plan)

    def merge_street(self, config: StreetConfig, accepted: list[int]) -> list[StreetChange]:
        """``Modes.merge_street``; when an owner key changed, the flats that one buyer bought
        during an open vote and voted for apart are joined in it (``Votes.regroup_bought``:
        SPC art. 9, he counts once)."""
        chosen = self._modes.merge_street(config, accepted)
        if any(c.what == "owner" for c in chosen):
            self._votes.regroup_bought()
        return chosen

    # -- meetings' minutes and public questions (db.civic) -------------------

    record_meeting = _by("_civic", Civic.record_meeting)
    ask = _by("_civic", Civic.ask)
    answer_question = _by("_civic", Civic.answer)
    questions = _by("_civic", Civic.questions)

    # -- a person's rights (db.privacy) ---------------------------------------

    consent = _by("_privacy", Privacy.consent)

    def export_person(self, person_id: int) -> dict[str, Any]:
        """Everything kept about a person (``Privacy.export``, PIPL art. 45), with the
        entries of others whose words name her or her room (``db.mentions``)."""
        data = self._privacy.export(person_id)
        data["mentioned_by_others"] = mentions(self, data["person"])
        return data

    forget = _by("_privacy", Privacy.forget)
    withdraw_consent = _by("_privacy", Privacy.withdraw_consent)
    republish = _by("_privacy", Privacy.republish)
    correct = _by("_privacy", Privacy.correct)

    # -- reminders (db.reminders) ----------------------------------------------

    digest = _by("_reminders", Reminders.digest)
    overview = _by("_reminders", Reminders.overview)
    quiet_days = _by("_reminders", Reminders.quiet_days)
    unpaid = _by("_reminders", Reminders.unpaid)
    unpaid_months = _by("_reminders", Reminders.unpaid_months)
    not_voted = _by("_reminders", Reminders.not_voted)
    doors_to_visit = _by("_reminders", Reminders.doors_to_visit)
    reminded = _by("_reminders", Reminders.reminded)
    claim_reminder = _by("_reminders", Reminders.claim_reminder)
    release_reminder = _by("_reminders", Reminders.release_reminder)
    set_reminders = _by("_reminders", Reminders.set_reminders)

    # -- money and the ledger (db.accounts) ----------------------------------

    reverse = _by("_accounts", Accounts.reverse)
    line = _by("_accounts", Accounts.line)
    reversible_line = _by("_accounts", Accounts.reversible_line)
    replaceable_line = _by("_accounts", Accounts.replaceable_line)
    recent_reversible = _by("_accounts", Accounts.recent_reversible)
    open_replacements = _by("_accounts", Accounts.open_replacements)
    ledger = _by("_accounts", Accounts.ledger)
    balance = _by("_accounts", Accounts.balance)
    waiting_expenses = _by("_accounts", Accounts.waiting_expenses)
    spendable = _by("_accounts", Accounts.spendable)
    month_totals = _by("_accounts", Accounts.month_totals)
    first_month = _by("_accounts", Accounts.first_month)
    ledger_tail = _by("_accounts", Accounts.ledger_tail)
    chain_heads = _by("_accounts", Accounts.chain_heads)
    fee_duplicates = _by("_accounts", Accounts.fee_duplicates)
    expense_twins = _by("_accounts", Accounts.expense_twins)
    household_fees = _by("_accounts", Accounts.household_fees)
    fee_recorded = _by("_accounts", Accounts.fee_recorded)
    unit_fee_recorded = _by("_accounts", Accounts.unit_fee_recorded)
    verify = _by("_accounts", Accounts.verify)
    # a fee's amount changed from a period on (db.fee_changes)
    change_fee = _by("_fee_changes", FeeChanges.change_fee)
    fee_changes = _by("_fee_changes", FeeChanges.fee_changes)
    fee_period = _by("_fee_changes", FeeChanges.fee_period)
    # an area's opening balance, carried over from its paper book (db.opening)
    record_opening = _by("_opening", Opening.record_opening)
    opening = _by("_opening", Opening.opening)

    def check_at_start(self, *, checksums: bool = True) -> None:
        """What the bot checks before it serves: every file against its checksum, the
        ledgers and signed heads from where the last start left off
        (``db.startcheck``); raises naming the problem as ``verify`` does."""
        check_at_start(self, checksums=checksums)
