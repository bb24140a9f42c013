# One entry point for every check. `make test` and `make demo` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install test demo lint bench clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

test: install
	$(PY) -m pytest -q

demo: install
	$(VENV)/bin/steward demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy db site_builder bot steward_cli.py

messages: install
	$(PY) -m bot.i18n

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) site demo-data .pytest_cache
