# Kompas — two commands matter: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Rasa's own command line, without other libraries' deprecation warnings (bot/start_rasa.py).
RASA := $(PY) -m bot.start_rasa
WIDGET := node_modules/rasa-webchat/lib/index.js
MODEL := models/kompas.tar.gz
TRAINING_DATA := config.yml domain.yml bot/nlu.py $(wildcard data/nlu/*.yml data/rules/*.yml data/stories/*.yml)

# Ports, host and database; override any of them in the environment.
export KOMPAS_HOST ?= 127.0.0.1
export KOMPAS_RASA_PORT ?= 5005
export KOMPAS_ACTIONS_PORT ?= 5055
export KOMPAS_WEB_PORT ?= 8000
export KOMPAS_WEB_URL ?= http://localhost:$(KOMPAS_WEB_PORT)
export KOMPAS_RASA_URL ?= http://localhost:$(KOMPAS_RASA_PORT)
export KOMPAS_BEWAARTERMIJN_DAGEN ?= 30
# DATABASE_URL unset means the SQLite file var/kompas.db.
export TF_CPP_MIN_LOG_LEVEL ?= 2
export PYTHONHASHSEED ?= 0
export SQLALCHEMY_SILENCE_UBER_WARNING ?= 1
export PYTHONWARNINGS ?= ignore::DeprecationWarning

.PHONY: help setup run run-schaal train test test-unit test-e2e test-schaal test-nlu validate leesbaarheid bronnen lint format nlu-report bench clean nieuwe-casus

help:
	@echo "make run       start Kompas (installs and trains what is missing) and print the URL"
	@echo "make run-schaal  the production shape here: PostgreSQL, Redis, 2x Rasa, 2x acties, nginx"
	@echo "make test      run every test (what CI runs)"
	@echo "make test-schaal  failover: kill a Rasa instance mid-conversation (part of make test)"
	@echo "make validate  check the content files under data/ (also the form of every legal source)"
	@echo "make leesbaarheid  Flesch-Douma per content file and for the bot's responses (part of make test)"
	@echo "make bronnen   list every law article the content cites, per law"
	@echo "make test-nlu  the trained model on the held-out phrasings in tests/nlu/ (part of make test)"
	@echo "make nlu-report  5-fold cross-validation of the NLU (about 20 min); report in results/nlu/"
	@echo "make bench     latency, throughput, memory and training time vs. a plain rasa init bot"

# --- installing ------------------------------------------------------------------------

setup: $(VENV)/.installed $(WIDGET)

# uv (from PyPI) installs the same pinned packages in parallel, several times faster
# than pip; pip stays the fallback.
UV_VERSIE := 0.5.11
$(VENV)/.installed: requirements.txt constraints.txt
	@echo "[kompas $$(date +%T)] Stap 1 van 3: Python-pakketten installeren in .venv (de eerste keer ongeveer een minuut) …"
	@PY310="$$(scripts/find-python310)" || exit 1; \
	  [ -x $(PY) ] || "$$PY310" -m venv $(VENV)
	@set -o pipefail; $(PY) -m pip install -qq "uv==$(UV_VERSIE)" && \
	  $(VENV)/bin/uv pip install --python $(PY) -r requirements.txt -c constraints.txt 2>&1 | { grep -v '^ [-+] ' || true; } || \
	  $(PY) -m pip install -qq -r requirements.txt -c constraints.txt
	@touch $@

$(WIDGET): package.json package-lock.json
	@echo "[kompas $$(date +%T)] Stap 2 van 3: de chatwidget installeren met npm …"
	@command -v npm >/dev/null || scripts/install-debian-packages nodejs npm
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# --- training ---------------------------------------------------------------------------

# Retrains only when the training data, domain or pipeline changed (make compares
# file times); content files (zelftest, begrippen) never need a retrain.
train: $(MODEL)

# Rasa keeps each trained component in .rasa/cache: after a change to the NLU data
# alone it restores the dialogue policies and trains only what depends on that data.
$(MODEL): $(TRAINING_DATA) | $(VENV)/.installed
	@if [ -f $@ ]; then \
	  echo "[kompas $$(date +%T)] Stap 3 van 3: de taaldata is veranderd ($?); Rasa traint alleen opnieuw wat daarvan afhangt …"; \
	else \
	  echo "[kompas $$(date +%T)] Stap 3 van 3: het taalmodel trainen (ongeveer anderhalve minuut) …"; \
	fi
	@$(RASA) train --fixed-model-name kompas --out models --quiet

# --- running ----------------------------------------------------------------------------

# Rasa and the action server share a secret: KOMPAS_ACTIONS_TOKEN, or one generated
# once into var/actions-token (never committed).
run: setup $(MODEL)
	@mkdir -p var
	@echo "[kompas $$(date +%T)] Kompas start: Rasa op poort $(KOMPAS_RASA_PORT), acties op $(KOMPAS_ACTIONS_PORT), webapp op $(KOMPAS_WEB_PORT). Stoppen: Ctrl-C."
	@echo "[kompas $$(date +%T)] Wacht op de regel 'Kompas is klaar' (ongeveer een minuut); die zegt welk adres je opent."
	KOMPAS_ACTIONS_TOKEN="$${KOMPAS_ACTIONS_TOKEN:-$$($(PY) -m bot.actieserver --token)}" $(VENV)/bin/honcho start -f Procfile

# The production shape on this machine: PostgreSQL, Redis, two Rasa instances, two
# action servers, the web app and nginx in front (bot/schaal.py; data in var/schaal).
SCHAAL_PAKKETTEN = postgresql redis-server nginx
run-schaal: setup $(MODEL)
	@scripts/install-debian-packages $(SCHAAL_PAKKETTEN)
	$(PY) -m bot.schaal start

# --- checking ---------------------------------------------------------------------------

validate: $(VENV)/.installed
	$(PY) -m bot.cli valideer

# B1 Dutch: every content file and the bot's responses at Flesch-Douma >= 65, no
# sentence over 25 words (the 12 zelftest statements are the instrument, not measured).
leesbaarheid: $(VENV)/.installed
	$(PY) -m bot.cli leesbaarheid

bronnen: $(VENV)/.installed
	$(PY) -m bot.cli bronnen

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check bot actions tests bench
	$(VENV)/bin/ruff format --check bot actions tests bench

format: $(VENV)/.installed
	$(VENV)/bin/ruff format bot actions tests bench
	$(VENV)/bin/ruff check --fix bot actions tests bench

# Each phase prints a time stamp, so a CI log shows where the minutes go.
STAP = @echo "[kompas $$(date +%T)]"

test: setup
	$(STAP) setup klaar
	scripts/install-debian-packages chromium
	$(MAKE) lint validate leesbaarheid
	$(RASA) data validate --quiet
	$(MAKE) test-unit
	$(STAP) model trainen
	$(MAKE) train
	$(STAP) taalbegrip testen
	$(MAKE) test-nlu
	$(STAP) verhalen testen
	$(RASA) test core --stories tests/stories --fail-on-prediction-errors --out results/core --model $(MODEL)
	$(STAP) end-to-end
	$(MAKE) test-e2e
	$(STAP) schaal en failover
	$(MAKE) test-schaal
	$(STAP) klaar

test-unit: $(VENV)/.installed
	$(PY) -m pytest tests/unit -q

test-e2e: $(VENV)/.installed $(WIDGET) $(MODEL)
	$(PY) -m pytest tests/e2e -q -s

# Kill a Rasa instance mid-conversation, restart one mid-vote: nothing is lost.
test-schaal: $(VENV)/.installed $(MODEL)
	@scripts/install-debian-packages $(SCHAAL_PAKKETTEN)
	$(PY) -m pytest tests/schaal -q -s

# The trained model on phrasings it never saw (tests/nlu/testset.yml); the suite fails
# below the floor. Measured: see the README.
NLU_MINIMAAL ?= 0.95
test-nlu: $(VENV)/.installed $(MODEL)
	$(RASA) test nlu --nlu tests/nlu/testset.yml --model $(MODEL) --out results/nlu-test --quiet
	$(PY) -m bot.cli nlu-samenvatting results/nlu-test --minimaal $(NLU_MINIMAAL)

# 5-fold cross-validation; the intent report lands in results/nlu/intent_report.json
# and a summary with the macro/weighted F1 in results/nlu/samenvatting.txt.
nlu-report: $(VENV)/.installed
	$(RASA) test nlu --cross-validation --folds 5 --out results/nlu --quiet
	$(PY) -m bot.cli nlu-samenvatting results/nlu

clean:
	rm -rf models results .rasa var/test-*

# Benchmarks against a plain `rasa init` bot in the same run; figures land in
# bench/results.json (not a test: nothing here fails on a number).
bench: setup $(MODEL)
	$(PY) bench/bench.py --uit bench/results.json

# A new casus file to fill in: make nieuwe-casus ID=geschenken-kerstpakket [THEMA=geschenken] [ROL=raadslid]
nieuwe-casus: $(VENV)/.installed
	$(PY) -m bot.cli nieuwe-casus $(ID) $(if $(THEMA),--thema $(THEMA)) $(if $(ROL),--rol $(ROL))
