# The two commands a newcomer needs: `make demo` and `make test`.
# Everything they need (a virtualenv, Python packages, later the local wiki)
# is set up by the targets themselves.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: help venv demo test lint unit integration bench wiki wiki-stop wiki-reset clean

help:
	@echo "make demo   set everything up and run the bot's main job over the example pages"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make lint   ruff (lint and format check) and mypy; make test runs it first"
	@echo "make unit   only the unit tests (no wiki, no network)"
	@echo "make wiki   start the local MediaWiki (make wiki-stop, make wiki-reset)"
	@echo "make bench  run the benchmarks and print their figures"

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

venv: $(STAMP)

WIKI_ENV := PYWIKIBOT_DIR=.localwiki/pywikibot
WIKI_URL = http://127.0.0.1:$${LOCALWIKI_PORT:-8080}/index.php?title=

# The demo: a local MediaWiki with the example pages, and the bot's main job run
# against it (twice: the second run must make no edit); then a few edits as an
# editor would make them (examples/demo-edits/) and a third run, which the
# change log shows; MediaWiki's job queue then renders the infoboxes and lists
# again with the new data (Meta's job runners do this within minutes); and the
# reminders an operator would send, as diffs only.
demo: venv
	$(PY) scripts/local_wiki.py start
	$(WIKI_ENV) $(PY) -m bot deploy -always
	$(PY) scripts/local_wiki.py seed
	$(WIKI_ENV) $(PY) -m bot extract -format:table
	$(WIKI_ENV) $(PY) -m bot update -always
	$(WIKI_ENV) $(PY) -m bot update -always
	$(PY) scripts/local_wiki.py seed --dir examples/demo-edits
	$(WIKI_ENV) $(PY) -m bot update -always
	$(PY) scripts/local_wiki.py run-jobs
	$(WIKI_ENV) $(PY) -m bot summarise -always
	$(WIKI_ENV) $(PY) -m bot remind -simulate -limit:2
	@echo
	@echo "The local wiki keeps running (make wiki-stop stops it). Open:"
	@echo "  registry (index)   $(WIKI_URL)Partnerships/Registry"
	@echo "  ... in German      $(WIKI_URL)Partnerships/Registry/de  (also /fr, /es, /ar)"
	@echo "  overview in Arabic $(WIKI_URL)Partnerships/Registry/Overview/ar"
	@echo "  problems in French $(WIKI_URL)Partnerships/Registry/Problems/fr"
	@echo "  the template       $(WIKI_URL)Template:Partnership"
	@echo "  overview           $(WIKI_URL)Partnerships/Registry/Overview"
	@echo "  problems           $(WIKI_URL)Partnerships/Registry/Problems"
	@echo "  change log         $(WIKI_URL)Partnerships/Registry/Changes"
	@echo "  JSON data          $(WIKI_URL)Partnerships/Registry.json"
	@echo "  lists (drill-down) $(WIKI_URL)Partnerships/Registry/Lists/status"
	@echo "  an example page    $(WIKI_URL)Partnerships/Wikimedia_and_OpenStreetMap"
	@echo "  ... in German      $(WIKI_URL)Partnerships/Wikimedia_and_OpenStreetMap&uselang=de  (uselang=ar: right to left)"
	@echo "  one with problems  $(WIKI_URL)Partnerships/CEE_Spring"
	@echo "  lists on a page    $(WIKI_URL)Wikimedia_Europe/Partnerships"
	@echo "  the Lua module     $(WIKI_URL)Module:Partnerships"
	@echo "  consultation       $(WIKI_URL)Strategy/Wikimedia_movement/2018-20/Working_Groups/Partnerships/Consultation"
	@echo "  its summary        $(WIKI_URL)Strategy/Wikimedia_movement/2018-20/Working_Groups/Partnerships/Consultation/Summary"

# Unit tests need no network; integration tests start the local wiki (or reuse
# a running one) and stop it again if they started it. They run in their own
# pytest process because Pywikibot reads its configuration once, at import.
test: lint
	$(PY) -m pytest tests/unit -q
	$(PY) scripts/local_wiki.py ensure-browser
	$(PY) -m pytest tests/integration -q

# Lint and types: ruff (lint rules and formatting, pyproject.toml) and mypy
# (strict, on bot/). A failure stops `make test` before any test runs.
lint: venv
	$(VENV)/bin/ruff check bot tests scripts benchmarks
	$(VENV)/bin/ruff format --check bot tests scripts benchmarks
	$(VENV)/bin/mypy

unit: venv
	$(PY) -m pytest tests/unit -q

integration: venv
	$(PY) -m pytest tests/integration -q

wiki: venv
	$(PY) scripts/local_wiki.py start

wiki-stop:
	$(PY) scripts/local_wiki.py stop

wiki-reset: venv
	$(PY) scripts/local_wiki.py reset

bench: venv
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
