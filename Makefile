# Two commands on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint serve check bench clean system-tools exercice catalogues

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

# The interface's texts: templates and N_() marks → generator/locale/messages.pot, then each
# language's messages.po brought up to date (new texts empty, changed ones fuzzy: translate
# them, then remove the « fuzzy » line). See docs/langues.md.
catalogues: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -c TRADUCTEURS: --add-location=file --sort-output \
	  --project=portail-crise --msgid-bugs-address= -o generator/locale/messages.pot .
	$(BIN)/pybabel update -i generator/locale/messages.pot -d generator/locale --previous \
	  --ignore-pot-creation-date

# The yearly drill on a copy of the sample: one number changed, built, published to three
# loopback mirrors (folder, WebDAV, rsync over SSH) and verified, each step timed.
exercice: $(STAMP) system-tools
	$(BIN)/portal exercice

# Real components for the tests, from Debian: Chromium (browser tests, no browser
# download), rsync and OpenSSH (rsync mirrors). Installed only when missing.
SYSTEM_TOOLS := chromium:chromium rsync:rsync sshd:openssh-server ssh:openssh-client
system-tools:
	@missing=""; for tool in $(SYSTEM_TOOLS); do \
	  command -v $${tool%%:*} >/dev/null 2>&1 || [ -x /usr/sbin/$${tool%%:*} ] || missing="$$missing $${tool#*:}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installation (paquets Debian) :$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Manquent :$$missing (sudo apt-get install$$missing) ; tests concernés ignorés hors CI"; \
	  fi; \
	fi

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

test: $(STAMP) lint system-tools node_modules/.installed
	$(BIN)/pytest

bench/node_modules/.installed: bench/package.json
	cd bench && npm install --no-audit --no-fund --silent
	touch $@

# Build time and size (bench/run.py), then bytes per page and Lighthouse (bench/weight.py),
# mirrors (bench/mirrors.py), the drill against the bare build (bench/drill.py), then what
# patients meet: A–Z scrolling on small phones and held-out search queries; what dating
# recent changes from git costs a build (bench/recent_changes.py); then the
# spreadsheet round trip (export, import) at 2,000 services; the engines side by side
# (bench/engines.py); the preview: from saving a YAML file to the browser showing it under
# portal serve, at 300 and 3,000 services (bench/preview.py).
bench: $(STAMP) system-tools bench/node_modules/.installed
	$(BIN)/python bench/run.py
	$(BIN)/python bench/weight.py --lighthouse
	$(BIN)/python bench/mirrors.py
	$(BIN)/python bench/drill.py
	$(BIN)/python bench/a_to_z_screens.py
	$(BIN)/python bench/search_quality.py
	$(BIN)/python bench/recent_changes.py
	$(BIN)/python bench/spreadsheet.py
	$(BIN)/python bench/engines.py
	$(BIN)/python bench/preview.py

clean:
	rm -rf site build bench/out .pytest_cache .mypy_cache .ruff_cache
