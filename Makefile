# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint serve check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/portal build

check: $(STAMP)
	$(BIN)/portal check

serve: $(STAMP)
	$(BIN)/portal serve

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

test: $(STAMP) lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site build bench/out .pytest_cache .mypy_cache .ruff_cache
