# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint serve check bench clean browser

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

# Browser tests use Debian's Chromium (no browser download) and axe-core from npm.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installation de Chromium (paquet Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium manque : « sudo apt-get install chromium » (tests navigateur ignorés hors CI)"; \
	  fi; }

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

test: $(STAMP) lint browser node_modules/.installed
	$(BIN)/pytest

bench/node_modules/.installed: bench/package.json
	cd bench && npm install --no-audit --no-fund --silent
	touch $@

# Build time and size (bench/run.py), then bytes per page and Lighthouse (bench/weight.py).
bench: $(STAMP) browser bench/node_modules/.installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/weight.py --lighthouse
	$(BIN)/python bench/mirrors.py

clean:
	rm -rf site build bench/out .pytest_cache .mypy_cache .ruff_cache
