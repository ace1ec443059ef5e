# syntax=docker/dockerfile:1
# Kompas in containers: one Dockerfile, three images (targets), one per process in
# the Procfile. They share every layer up to the code, so a registry stores the
# Python packages once.
#
#   docker build --target rasa    -t kompas-rasa:TAG .      # Rasa with the model baked in
#   docker build --target actions -t kompas-actions:TAG .   # the action server
#   docker build --target web     -t kompas-web:TAG .       # the web app (chat page, reports, big screen)
#
# The model: by default the `rasa` target trains it here, as `make train` does (a few
# minutes). With --build-arg MODEL_BRON=kopie it takes models/kompas.tar.gz from the
# working tree instead (the model `make test` just checked).
#
# The commands are the Procfile's, with the same flags. Every process listens on
# KOMPAS_HOST only; in a container that has to be 0.0.0.0 (docker-compose.yml and the
# files in deploy/ set it too, so nobody has to guess).
# deploy/README.md says how to build, run and roll out.

ARG MODEL_BRON=training

# --- the chat widget (npm), for the web app only ------------------------------------
FROM node:20-slim AS widget
WORKDIR /build
COPY package.json package-lock.json ./
# Only the widget (rasa-webchat); axe-core is for the browser tests.
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- Python packages, shared by all three images -----------------------------------
FROM python:3.10-slim AS basis
# TF_CPP_MIN_LOG_LEVEL to PYTHONWARNINGS as the Makefile exports them for `make run`
# (the same hash seed for training, no warnings meant for library authors); no
# telemetry; matplotlib's cache in /tmp.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TF_CPP_MIN_LOG_LEVEL=2 \
    PYTHONHASHSEED=0 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONWARNINGS=ignore::DeprecationWarning \
    RASA_TELEMETRY_ENABLED=false \
    MPLCONFIGDIR=/tmp/matplotlib
WORKDIR /app
COPY requirements.txt constraints.txt ./
# Exactly the pinned set of `make setup`, without the tools that only tests and
# `make run` use (pytest, playwright, ruff, honcho).
RUN python -m pip install --upgrade "pip<25" \
 && grep -v -E '^(pytest|pytest-asyncio|playwright|ruff|honcho)==' requirements.txt > /tmp/requirements-runtime.txt \
 && python -m pip install -r /tmp/requirements-runtime.txt -c constraints.txt \
 && rm /tmp/requirements-runtime.txt

# --- the code and the content ------------------------------------------------------
FROM basis AS app
COPY config.yml domain.yml credentials.yml endpoints.yml ./
COPY bot/ bot/
COPY actions/ actions/
COPY data/ data/
COPY web/ web/

# --- the model: trained here, or copied from models/ -------------------------------
# Only what `make train` depends on (the Makefile's TRAINING_DATA), so a change to the
# actions, the web app or a content file does not train again.
FROM basis AS model-training
COPY config.yml domain.yml ./
COPY bot/__init__.py bot/nlu.py bot/start_rasa.py bot/
COPY data/nlu/ data/nlu/
COPY data/rules/ data/rules/
COPY data/stories/ data/stories/
RUN python -m bot.start_rasa train --fixed-model-name kompas --out models --quiet

FROM scratch AS model-kopie
COPY models/kompas.tar.gz /app/models/kompas.tar.gz

FROM model-${MODEL_BRON} AS model

# --- what every image runs as: a user without rights, var/ its only own folder ------
FROM app AS runtime
RUN groupadd --system --gid 10001 kompas \
 && useradd --system --uid 10001 --gid kompas --create-home --home-dir /home/kompas kompas \
 && mkdir -p /app/var \
 && chown kompas:kompas /app/var
# Defaults for a plain `docker run`; compose and the Kubernetes files set them again.
ENV KOMPAS_HOST=0.0.0.0 \
    KOMPAS_RASA_PORT=5005 \
    KOMPAS_ACTIONS_PORT=5055 \
    KOMPAS_WEB_PORT=8000 \
    KOMPAS_WEB_URL=http://localhost:8000 \
    KOMPAS_RASA_URL=http://localhost:5005 \
    KOMPAS_MELD_KLAAR=0 \
    HOME=/home/kompas
USER kompas

# --- Rasa (Procfile: rasa) ---------------------------------------------------------
FROM runtime AS rasa
COPY --from=model /app/models/kompas.tar.gz models/kompas.tar.gz
# endpoints.yml reaches the action server at KOMPAS_HOST, which is 0.0.0.0 in a
# container; this copy reaches it at ACTION_SERVER_URL (the rest is the same, a
# test checks that).
COPY deploy/rasa/endpoints.yml endpoints.yml
EXPOSE 5005
CMD ["sh", "-c", "exec python -m bot.start_rasa run --model models/kompas.tar.gz --interface \"$KOMPAS_HOST\" --port \"$KOMPAS_RASA_PORT\" --cors \"$KOMPAS_WEB_URL\" --credentials credentials.yml --endpoints endpoints.yml"]

# --- the action server (Procfile: actions) ----------------------------------------
FROM runtime AS actions
EXPOSE 5055
CMD ["python", "-m", "bot.actieserver"]

# --- the web app (Procfile: web) ---------------------------------------------------
FROM runtime AS web
COPY --from=widget /build/node_modules/rasa-webchat/lib node_modules/rasa-webchat/lib
EXPOSE 8000
CMD ["sh", "-c", "exec uvicorn bot.web:app --host \"$KOMPAS_HOST\" --port \"$KOMPAS_WEB_PORT\" --no-access-log --ws none"]
