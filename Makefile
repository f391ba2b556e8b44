# The two commands: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
VENDOR := app/static/vendor
FLASK  := $(BIN)/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000
# One worker that looks for new jobs at least once a second (Huey backs off to 10 s by default).
HUEY_ARGS ?= --workers 1 --delay 0.1 --max-delay 1
# Invitation links printed and mailed by the demo point at the server `make run` starts.
export BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test test-postgres load install install-test chromium redis apertium libreoffice db demo lint clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml $(VENDOR)/.installed | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENDOR)/.installed | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

# Front-end assets (Designsystemet's CSS, axe-core) from the npm registry, exactly as locked.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The files the pages link to, copied from node_modules/ to where Flask serves them (gitignored).
$(VENDOR)/.installed: node_modules/.installed scripts/vendor-assets
	scripts/vendor-assets
	touch $@

# The nynorsk and English catalogs, compiled for gettext (the .mo files are not committed);
# listed after the pip install in install and install-test, which brings pybabel.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard app/translations/*/LC_MESSAGES/messages.po))
app/translations/%/LC_MESSAGES/messages.mo: app/translations/%/LC_MESSAGES/messages.po | $(BIN)/python
	$(BIN)/pybabel compile --statistics -i $< -o $@

install: $(VENV)/.installed $(MO_FILES) apertium libreoffice
install-test: $(VENV)/.installed-test $(MO_FILES) chromium redis apertium libreoffice

## make messages: extract the marked strings into messages.pot and merge them into the nn and en catalogs
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs '.* __pycache__ node_modules' \
	  --no-location --sort-output -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

# The end-to-end tests drive Debian's chromium-headless-shell: the same Blink as Debian's chromium, built
# as the headless browser alone (the browser tests take about a third less time than in the full chromium).
# Playwright's own browser downloads are never used.
CHROMIUM := /usr/bin/chromium-headless-shell
chromium:
	@[ -x $(CHROMIUM) ] || { echo "Installing chromium-headless-shell (Debian package)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell; }

# The tests of shared rate limits and the Redis task queue start Debian's redis-server on a free port.
REDIS_SERVER := /usr/bin/redis-server
redis:
	@[ -x $(REDIS_SERVER) ] || { echo "Installing redis-server (Debian package)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

# The archive package's PDF/A-2b copies are made by LibreOffice (headless), so `make install` brings it;
# one test lays the Word report out with it to see its first page and contents filled.
# Carlito and Caladea have Calibri's and Cambria's metrics, so that the pages break as in Word.
LIBREOFFICE := /usr/bin/libreoffice
libreoffice:
	@[ -x $(LIBREOFFICE) ] || { echo "Installing libreoffice-writer (Debian package)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer \
	    fonts-crosextra-carlito fonts-crosextra-caladea; }

# Unset, HORING_ENV means production (SECRET_KEY required, Secure cookies): the local targets ask
# for development, which make passes on to what they depend on.
db demo run: export HORING_ENV := development

# nlp/ reads bokmål and nynorsk with Apertium's analysers, disambiguators and nynorsk → bokmål
# translator (Debian's apertium-nno-nob, which brings apertium, lttoolbox and cg3); without
# it, nlp/ stems words by Snowball and reads nynorsk as written.
APERTIUM_MODE := /usr/share/apertium/modes/nno-nob.mode
apertium:
	@[ -f $(APERTIUM_MODE) ] || { echo "Installing apertium-nno-nob (Debian package)…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apertium-nno-nob; }

db: install
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo load

## make run: set up, migrate, load demo data and serve on http://$(HOST):$(PORT)
run: demo
	$(FLASK) demo logins
	@# The background worker (analysis jobs) runs beside the web server and stops with it.
	@$(BIN)/huey_consumer app.tasks.huey $(HUEY_ARGS) & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(FLASK) run --host $(HOST) --port $(PORT)

# Two test processes (pytest-xdist), each test file run whole on one of them, so that a module's fixtures
# (database templates, the worst-case figures, a browser file's live server) are built once. The files are
# handed out in the order tests/conftest.py gives them (the longest in the last run first), not xdist's
# (the most tests first, which left the few long tests of the worst cases, Redis and a browser for last).
# PYTEST_WORKERS="-n 0" runs everything in this one process.
PYTEST_WORKERS ?= -n 2 --dist loadfile --no-loadscope-reorder
# Prints the run's wall time and the processor time of everything it started (the shell's `times`).
define timed
	@start=$$(date +%s); $(1); status=$$?; \
	  echo "$(2): $$(( $$(date +%s) - start )) s wall; processor time of the run (user, system):"; times > $$$$.times; tail -n 1 $$$$.times; rm -f $$$$.times; \
	  exit $$status
endef

## make test: set up with the test extras and run the whole suite (and say how long it took)
test: install-test
	$(call timed,$(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS),make test)

## make test-postgres: the app's tests again on a throw-away PostgreSQL server (installed if missing)
## (each test on a database of its own, made from a template: the two test processes share the server)
## The worst-case bounds (-m bounds) are left out: each is measured in a fresh interpreter on a SQLite file
## of its own whatever the run's database (tests/app/worst_case.py), so here they would repeat make test's.
test-postgres: install-test
	@url=$$(scripts/pg-test-server start) && trap 'scripts/pg-test-server stop' EXIT && \
	  echo "Testing on $$url" && start=$$(date +%s) && \
	  { TEST_DATABASE_URL=$$url $(BIN)/python -m pytest tests/app -m "not bounds" $(PYTEST_WORKERS) $(PYTEST_ARGS); status=$$?; } && \
	  echo "make test-postgres: $$(( $$(date +%s) - start )) s wall; processor time (user, system):" && \
	  times > $$$$.times; tail -n 1 $$$$.times; rm -f $$$$.times; exit $$status

## make load: the deadline rush (200 consultees, gunicorn on loopback) on SQLite, then on a throw-away PostgreSQL;
## one JSON line per database (PostgreSQL's last). LOAD_ARGS="--seconds 120 --keep" to vary it.
load: install-test
	$(BIN)/python -m tests.load.deadline_rush --database sqlite --database postgres $(LOAD_ARGS)

lint: install-test
	$(BIN)/python -m ruff check app nlp tests

clean:
	rm -rf $(VENV) .pytest_cache $(VENDOR)
