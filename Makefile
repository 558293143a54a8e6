# GovCluster: `make run` serves the demo cluster, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint check messages services services-stop opensearch opensearch-stop browser-deps delivery-deps bench-deps worker clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check --upgrade pip
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Links in the admin and in e-mails (letters, notifications) point to the admin
# this server answers on, unless the environment names another.
run: export WAGTAILADMIN_BASE_URL ?= http://localhost:$(PORT)
run: install
	mkdir -p var
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_demo --if-empty --port $(PORT)
	@# After an upgrade that empties the public search index (govsearch 0004).
	$(MANAGE) update_index --public-only --if-empty -v0
	$(MANAGE) collectstatic --no-input -v0
	$(MANAGE) demo_info --port $(PORT)
	@# The task worker runs background work (index upkeep, static renders) and the
	@# scheduler publishes scheduled pages every minute; both stop with the server.
	@# reclaim_tasks gives back the tasks of a worker killed in an earlier run.
	$(MANAGE) reclaim_tasks
	@# The visit statistics take in the access log every 15 minutes (one chain).
	$(MANAGE) ingest_access_logs --schedule -v0
	$(MANAGE) db_worker --queue-name '*' --interval 2 & worker=$$!; \
	$(MANAGE) run_scheduler & scheduler=$$!; \
	trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install
	$(MANAGE) reclaim_tasks
	$(MANAGE) db_worker

# The project's translations (locale/): Simplified Chinese for the strings
# Wagtail ships untranslated. The compiled .mo files are committed.
messages:
	cd locale/zh_Hans/LC_MESSAGES && for po in *.po; do msgfmt --check-format -o $${po%.po}.mo $$po; done

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install
	mkdir -p var
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# PostgreSQL (with a `test` database) and Redis on 127.0.0.1, installed from
# Debian's packages and started when nothing answers there.
services:
	@bash scripts/services.sh

services-stop:
	@bash scripts/services.sh stop

# A single-node OpenSearch 2.19 on 127.0.0.1:9200 from Maven Central artifacts
# (deploy/opensearch), data in var/opensearch; waits until the cluster is green.
opensearch:
	@bash scripts/opensearch.sh start

opensearch-stop:
	@bash scripts/opensearch.sh stop

browser-deps:
	@bash scripts/browser-deps.sh

delivery-deps:
	@bash scripts/delivery-deps.sh

bench-deps: install delivery-deps
	@bash scripts/bench-deps.sh

test: install lint check browser-deps delivery-deps
	DJANGO_SETTINGS_MODULE=cms.settings.test $(VENV)/bin/pytest -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var static node_modules
