# CivicLearn: `make run` serves the demo portal, `make test` runs the test suite.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-browser test-browser lint format bench messages worker clean sso-demo

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

## Build everything and serve the portal with demo data on SQLite, with the task worker and the scheduler.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py recommendations_precompute --verbosity 0
	@echo "Portal: http://$(HOST):$(PORT)/   admin: http://$(HOST):$(PORT)/admin/ (editor / demo-pass-2026)"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py db_worker --queue-name '*' --no-startup-delay & \
	$(PY) manage.py scheduler --verbosity 0 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

## The whole test suite (SQLite unless DATABASE_URL says otherwise).
test: install
	$(PY) -m pytest

$(VENV)/.browser: $(VENV)/.installed package.json
	$(PY) -m pip install --quiet -e ".[dev,browser]"
	npm ci --no-audit --no-fund --silent
	@touch $@

install-browser: $(VENV)/.browser

## Chromium walks through the site and axe-core checks every page (needs /usr/bin/chromium).
test-browser: install-browser
	$(PY) -m pytest tests/browser --override-ini="addopts=-p no:cacheprovider --import-mode=importlib"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Benchmarks print tables; they build 10-year data in var/bench.sqlite3 (or BENCH_DATABASE_URL).
bench: install
	cd tests/benchmarks && ../../$(PY) bench_pages.py && ../../$(PY) bench_people.py && ../../$(PY) bench_api.py && ../../$(PY) bench_search.py && ../../$(PY) bench_recommendations.py && ../../$(PY) bench_checkin.py && ../../$(PY) bench_fees.py

messages: install
	$(PY) manage.py messages_extract
	$(PY) manage.py messages_compile

## A local OpenID Connect provider on port 9400 to try single sign-on (README, "Single
## sign-on (OIDC)"): the demo's trainee, trainee2, hr_a and editor, e-mails verified.
sso-demo: install
	$(PY) -m oidc_provider_mock --port 9400 \
	  --user-claims '{"sub": "city-trainee", "email": "trainee@demo.civiclearn.local", "email_verified": true}' \
	  --user-claims '{"sub": "city-trainee2", "email": "trainee2@demo.civiclearn.local", "email_verified": true}' \
	  --user-claims '{"sub": "city-hr_a", "email": "hr_a@demo.civiclearn.local", "email_verified": true}' \
	  --user-claims '{"sub": "city-editor", "email": "editor@demo.civiclearn.local", "email_verified": true}' \
	  --user-claims '{"sub": "city-stranger", "email": "stranger@example.test", "email_verified": true}'

worker: install
	$(PY) manage.py db_worker --queue-name '*'

clean:
	rm -rf $(VENV) var media static node_modules
