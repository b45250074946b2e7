# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DOCS := $(shell find docs -type f 2>/dev/null) mkdocs.yml forms_service/static/css/palette.css
# The Nu HTML Checker for tests/handbook/test_handbook_html.py (needs Java and npm, see scripts/system-deps.sh).
VNU_VERSION := 26.9.27
VNU := .tools/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: run test bench system-runtime system-test demo-reset clean

# The venv is rebuilt when pyproject.toml changes; the stamp records that it was.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	touch $@

system-runtime:
	scripts/system-deps.sh runtime

system-test:
	scripts/system-deps.sh test

site/index.html: $(VENV)/.installed $(DOCS)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet
	touch $@

run: system-runtime $(VENV)/.installed site/index.html
	$(PY) -m forms_service init --demo-if-empty
	HOST=$(HOST) PORT=$(PORT) $(PY) -m forms_service serve

# The tests that read the calendar (marked `calendar`; the demo builds its year around today)
# run again as if today were mid-January, the last day of June and New Year's Eve; the slow ones
# (a store of 100 000 letters copied to PostgreSQL and back, the ZIP of 200 comments) once, on
# today's date. Of the commands, only the reminders run again: backup, check, copy-store and
# render read the calendar only through the demo they work on, whose dates the services' and
# pages' tests already play under each frozen date. An unmarked test that reads the calendar
# fails (tests/calendar_guard.py). Two workers (pytest-xdist); a file's tests stay on one
# worker, and each worker has its own demo, PostgreSQL and Chromium.
DATE_SENSITIVE := tests/web tests/domain tests/documents tests/storage tests/services tests/cli/test_send_reminders.py
FROZEN_DAYS := 2027-01-15 2027-06-30 2026-12-31
PYTEST := $(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadfile

$(VNU):
	npm install --prefix .tools --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)

test: system-test $(VENV)/.installed site/index.html $(VNU)
	for day in $(FROZEN_DAYS); do $(PYTEST) -m "calendar and not slow" --today $$day $(DATE_SENSITIVE) || exit 1; done
	$(PYTEST)

# Lighthouse from npm, pinned, kept out of the repository; it drives Debian's /usr/bin/chromium.
LIGHTHOUSE := .tools/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	npm install --prefix .tools --no-audit --no-fund --silent lighthouse@12.2.3

bench: system-test $(VENV)/.installed site/index.html $(LIGHTHOUSE)
	$(PY) -m bench

demo-reset: $(VENV)/.installed
	$(PY) -m forms_service demo-reset

clean:
	rm -rf site .pytest_cache
