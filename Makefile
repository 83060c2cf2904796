# One virtual environment inside the repo (.venv), made once and reused.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test lint unit venv clean catalog editions

# Set everything up and open the course in JupyterLab: `wintut open` copies the notebooks into
# wintut-course/ (your edits stay there; notebooks/ stays clean) and serves it on 127.0.0.1.
COURSE ?= wintut-course
lab: $(STAMP)
	$(BIN)/python -m wintut open $(COURSE)

# Set everything up and run the whole test suite: lint, types, unit, integration, notebooks, browser.
test: $(STAMP)
	$(BIN)/pybabel compile -D wintut -d wintut/locale --statistics
	$(BIN)/ruff check wintut tests benchmarks
	$(BIN)/ruff format --check wintut tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest tests notebooks --nbval-lax --nbval-current-env

# Unit tests only: no engine, no browser.
unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,zh]'
	touch $(STAMP)

venv: $(STAMP)

# After changing a learner-facing string: extract them all, add the new ones to each catalog
# (no fuzzy guesses: they are usually wrong in Chinese), then translate the empty msgstr.
catalog: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -c "Translators:" --sort-by-file --no-wrap --project=wintut -o wintut/locale/wintut.pot .
	$(BIN)/pybabel update -D wintut -i wintut/locale/wintut.pot -d wintut/locale -N --ignore-obsolete --no-wrap
	$(BIN)/pybabel compile -D wintut -d wintut/locale --statistics

# After editing an English notebook or a translation (translations/zh-CN/*.md): regenerate the
# Chinese notebooks, then list what is untranslated or stale (wintut/editions.py).
editions: $(STAMP)
	$(BIN)/python -m wintut.editions build
	$(BIN)/python -m wintut.editions check

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
