# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DOCS := $(shell find docs -type f 2>/dev/null) mkdocs.yml

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

test: system-test $(VENV)/.installed site/index.html
	$(PY) -m pytest -q -p no:cacheprovider

bench: system-test $(VENV)/.installed site/index.html
	$(PY) -m bench

demo-reset: $(VENV)/.installed
	$(PY) -m forms_service demo-reset

clean:
	rm -rf site .pytest_cache
