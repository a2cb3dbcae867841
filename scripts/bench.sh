#!/usr/bin/env bash
# `make bench`: benchmarks against PostgreSQL (and, where a benchmark needs them, Redis and an
# S3 server). Each prints its figure as a ratio to a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE=config.settings.test
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export BENCH_DATABASE_NAME=${BENCH_DATABASE_NAME:-bench_microcred}
python -m bench.run "$@"
