# The README's commands. Everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers by default: the machines have two cores.
TEST_WORKERS ?= 2

.PHONY: install assets run test conformance lint format messages bench mutate clean

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

assets: node_modules/.package-lock.json
	npm run --silent build

# Links in e-mails and the address demo_data prints follow HOST and PORT, unless PLATFORM_URL
# names a public address.
PLATFORM_URL ?= http://$(HOST):$(PORT)
export PLATFORM_URL

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py demo_data
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# worksteal, not loadfile: a worker that finishes its files takes tests from the other, so the
# slow files at the end (the CTS browser subset, the killed-worker job test) do not leave one
# core idle: 14 min 22 s against 17 min 35 s for the same suite on this 2-core machine.
test: install
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# SCORM 2004 4th Edition conformance: every LMS test package of the ADL test suite (vendored in
# scorm/tests/cts/adl), replayed against the sequencing engine and played in the browser.
# `make test` runs the engine replay in full and a subset of the packages in the browser.
conformance: install
	LMS_CTS_ALL=1 $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS) \
		scorm/tests/test_cts_sequencing.py scorm/tests/test_browser_cts_packages.py \
		scorm/tests/test_browser_cts.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the French catalogue from the code (needs GNU gettext), then compile it.
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l fr --no-obsolete --no-location --ignore=.venv --ignore=node_modules --ignore=var --ignore=static/vendor
	DEBUG=1 $(PY) manage.py compilemessages -l fr --ignore=.venv

bench: install
	$(PY) bench/run.py

# Mutation testing of the decision modules (scripts/mutate.py): prints, per module, how many
# mutants the tests killed and how many survived. MODULES=core/uploads.py,... for some only.
MODULES ?=
MUTATE_CHILDREN ?= 1
mutate: install
	$(PY) scripts/mutate.py --modules "$(MODULES)" --children $(MUTATE_CHILDREN)

clean:
	rm -rf $(VENV) node_modules static/vendor var test-output
