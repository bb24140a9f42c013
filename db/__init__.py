"""Steward's domain core and durable store.

Plain Python that knows nothing of Telegram or MkDocs: places, people,
entries and their state machine, money, ledger hash chains, vote tallies,
and a TinyDB-backed store with a write-ahead journal.
"""
