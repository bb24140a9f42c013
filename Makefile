# One entry point for every check. `make test` and `make demo` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install test demo lint bench clean messages browser notice-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP) notice-deps

# The suite runs on every CPU up to four (pytest-xdist: 8.7 min on 2 CPUs, 13-15 min
# in one process); `$(PY) -m pytest -q` alone runs it in one process.
test: install browser
	$(PY) -m pytest -q -n auto --maxprocesses 4

# The browser tests drive Debian's chromium; install it when missing (as root), and a
# Chinese font, so that the screenshots in site-shots/ show Chinese, not empty boxes.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	    else echo "chromium is missing: run 'sudo apt-get install chromium' for the browser tests"; fi; }
	@fc-list :lang=zh 2>/dev/null | grep -q . || \
	  { if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      fonts-wqy-zenhei >/dev/null || { apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei >/dev/null; }; \
	    else echo "no Chinese font: 'sudo apt-get install fonts-wqy-zenhei' for readable screenshots"; fi; }

# The paper notice (steward notice, and the site's monthly PDFs) embeds Debian's
# WenQuanYi Micro Hei; its tests read the PDFs with poppler (pdftotext, pdftoppm,
# pdffonts). Install both when missing (as root).
WQY := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
notice-deps:
	@{ [ -f $(WQY) ] && command -v pdftoppm >/dev/null 2>&1; } || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei \
	        poppler-utils >/dev/null; \
	    else echo "the paper notice needs: sudo apt-get install fonts-wqy-microhei poppler-utils"; fi; }

demo: install
	$(VENV)/bin/steward demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy db site_builder bot cli steward_cli.py

messages: install
	$(PY) -m bot.i18n

bench: install
	$(PY) -m bench

clean:
	rm -rf $(VENV) site demo-data .pytest_cache site-shots
