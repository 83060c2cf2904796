# One virtual environment inside the repo (.venv), made once and reused.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test lint unit venv clean

# Set everything up and open the course in JupyterLab: `wintut open` copies the notebooks into
# wintut-course/ (your edits stay there; notebooks/ stays clean) and serves it on 127.0.0.1.
COURSE ?= wintut-course
lab: $(STAMP)
	$(BIN)/python -m wintut open $(COURSE)

# Set everything up and run the whole test suite: lint, types, unit, integration, notebooks, browser.
test: $(STAMP)
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
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
