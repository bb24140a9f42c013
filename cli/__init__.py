"""The parts of the ``steward`` command, one module per family of subcommands;
``steward_cli`` puts them together into the one command (and is its entry point).

- ``common``: the ``--data``/``--project`` options, failing with a message and an
  exit code, opening the street's store, the street's summary;
- ``data``: ``init``, ``merge-street``, ``export``, ``backup``, ``restore``;
- ``checks``: ``verify`` and ``key show``/``key rotate``;
- ``run``: ``run`` (the bot on Telegram) and ``chat`` (the bot in a terminal);
- ``site``: ``build``, ``serve``, ``notice`` and ``site init``;
- ``demo``: ``demo``.
"""
