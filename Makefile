# The two commands a newcomer needs: `make demo` and `make test`.
# Everything they need (a virtualenv, Python packages, later the local wiki)
# is set up by the targets themselves.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: help venv demo test unit bench clean

help:
	@echo "make demo   set everything up and run the bot's main job over the example pages"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make unit   only the unit tests (no wiki, no network)"
	@echo "make bench  run the benchmarks and print their figures"

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

venv: $(STAMP)

demo: venv
	$(PY) -m bot extract -source:dir:examples -format:table

unit: venv
	$(PY) -m pytest tests/unit -q

test: venv
	$(PY) -m pytest -q

bench: venv
	$(PY) benchmarks/bench_extract.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .hypothesis
