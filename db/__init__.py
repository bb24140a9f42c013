"""Steward's domain core and durable store.

Plain Python that knows nothing of Telegram or MkDocs. The modules, from the
rules of the domain down to the disk:

The domain's rules (pure; no storage)
  ``places``      street, communities, compounds, buildings, units, households, areas
  ``people``      roles and the public label of an act
  ``entries``     kinds, statuses, transitions, what is public, each kind's fields
  ``money``       amounts as typed by people, parsed strictly into integer fen
  ``ledger``      ledger lines and their hash chain
  ``matters``     what a proposal decides: the nine matters of Civil Code art. 278
  ``electorate``  who votes: owners, their flats and areas, frozen with a proposal
  ``tally``       vote counting and the Civil Code art. 278 thresholds
  ``results``     what a vote shows: participation while open, the tally after
  ``config``      the street file (``config_reader``: its checks, line by line)
  ``errors``      the errors the domain raises

The repository (``repository.Repository``, a facade over its parts)
  ``core``        the store, clock, street, indexes, and ``commit``
  ``directory``   people, roles and group chats
  ``records``     entries: finding, writing, submitting
  ``review``      the approval queue: approve, reject, registrations
  ``issues``      issues after they are reported
  ``votes``       proposals, votes, tallies, project stages
  ``closing``     closing votes: at the deadline, early, withdrawn
  ``accounts``    money and the ledger, ``verify``
  ``indexes``     what is kept in memory, and its undo when a write fails
  ``changes``     change events: what each commit changed in public

The store (one writer, a write-ahead journal, TinyDB partitions)
  ``store``       opening a data folder, reading
  ``transaction`` the write path: transactions, group commit, fsync, undo, checkpoints
  ``partitions``  the partitions in memory, within a budget
  ``storage``     the journal and the files on disk
  ``locks``       the file locks between processes
  ``tinydb_adapter``  what is done behind TinyDB's back, and why
  ``backup``, ``media``  snapshots of the data folder; photos and voice notes
"""

__all__: list[str] = []
