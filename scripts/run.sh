#!/usr/bin/env bash
# `make run`: the app on runserver plus, beside it, the beat schedule run in process
# (sweepers, claim expiry, retention), since the embedded default has no broker or beat.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.local
PY=.venv/bin/python
$PY manage.py run_periodic_tasks &
PERIODIC_PID=$!
trap 'kill $PERIODIC_PID 2>/dev/null || true' EXIT INT TERM
$PY manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
