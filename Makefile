# Spona: `make run` starts the demo site, `make test` runs every test. Python 3.11 is all you need.
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
RUN := $(UV) run --locked --python $(PYTHON)

.PHONY: install run test lint benchmark benchmark-fair messages

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

install: $(UV)
	$(UV) sync --locked --python $(PYTHON)

run: install
	SPONA_DEBUG=1 $(RUN) python manage.py prepare_demo_site
	SPONA_DEBUG=1 $(RUN) python manage.py runserver 127.0.0.1:8000

test: install
	$(RUN) ruff check .
	$(RUN) python manage.py makemigrations --check --dry-run
	$(RUN) python manage.py collect_third_party_messages --check
	$(RUN) python manage.py transliterate_catalog --check
	$(RUN) python manage.py transliterate_catalog --check --domain djangojs
	$(RUN) pytest

benchmark: install
	$(RUN) python manage.py benchmark
	$(RUN) python manage.py benchmark_fair --optimize-seconds 180

benchmark-fair: install
	$(RUN) python manage.py benchmark_fair --optimize-seconds 180

messages: install
	$(RUN) python manage.py collect_third_party_messages
	$(RUN) python manage.py makemessages -l bs -l sr_Latn -l sr --ignore=.venv --ignore=.tools --ignore=var --no-obsolete
	$(RUN) python manage.py makemessages -d djangojs -l bs -l sr_Latn -l sr --ignore=.venv --ignore=.tools --ignore=var --ignore=spona/static/vendor --no-obsolete
	$(RUN) python manage.py transliterate_catalog
	$(RUN) python manage.py transliterate_catalog --domain djangojs
	$(RUN) python manage.py compilemessages --ignore=.venv --ignore=.tools
