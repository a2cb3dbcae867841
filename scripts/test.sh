#!/usr/bin/env bash
# `make test`: lint, type-check, check the import floors (import-linter) and that no migration is
# missing, then the whole suite against PostgreSQL, Redis and a moto S3 server that this script
# starts on a free port and stops when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv
export PATH="$PWD/$VENV/bin:$PATH"

echo "== ruff"
ruff check .
ruff format --check .
echo "== mypy"
mypy .
echo "== import-linter (apps on floors: docs/decisions/0022-floors-and-domain-events.md)"
lint-imports

# One S3 API server for the run, on a free port.
S3_PORT=$(python scripts/free_port.py)
mkdir -p test-artifacts
moto_server -H 127.0.0.1 -p "$S3_PORT" >test-artifacts/moto.log 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  python - "$S3_PORT" <<'PY' 2>/dev/null && break
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/", timeout=1)
PY
  sleep 0.2
done
export TEST_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
# A database name per checkout, so two clones on one machine do not share a test database.
export TEST_DATABASE_NAME="test_microcred_$(printf '%s' "$PWD" | md5sum | cut -c1-8)"
export DJANGO_SETTINGS_MODULE=config.settings.test
# Explicit, so a developer's .env (which may point at docker-compose hosts) cannot redirect tests.
export DATABASE_URL=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export CELERY_BROKER_URL=${TEST_BROKER_URL:-redis://127.0.0.1:6379/15}

echo "== migrations (a model change without its migration fails here)"
python manage.py makemigrations --check --dry-run

echo "== Open Badges 2.0 validator (its own venv, cached in .venv-ob2/)"
bash scripts/ob2-validator-setup.sh >/dev/null
echo "== independent credential verifier (npm, pinned, cached in tests/interop/node_modules/)"
bash scripts/interop-setup.sh

echo "== pytest"
set +e
# Two test workers (pytest-xdist) by default: much of a test's time is spent waiting on a browser,
# a server or a subprocess, so two keep a 2-core machine busy. TEST_WORKERS=0 runs in one process.
workers=${TEST_WORKERS:-2}
if [ "$workers" = 0 ]; then
  python -m pytest "$@"
else
  python -m pytest -n "$workers" --dist loadgroup "$@"
fi
status=$?
set -e
if [ "$status" = 5 ]; then
  echo "pytest collected no tests: that is a failure here" >&2
  exit 1
fi
exit "$status"
