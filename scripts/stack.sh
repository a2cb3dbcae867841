#!/usr/bin/env bash
# `make stack`: the production topology as local processes: gunicorn (web), a Celery worker and
# beat, against PostgreSQL, Redis and an S3 API server (moto). Ctrl-C stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
S3_PORT=${S3_PORT:-$(python scripts/free_port.py)}
DB_NAME=${STACK_DB_NAME:-microcred_stack}
STACK_DIR=.stack
mkdir -p "$STACK_DIR"

if ! psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres "$DB_NAME"
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

moto_server -H 127.0.0.1 -p "$S3_PORT" >"$STACK_DIR/s3.log" 2>&1 &
pids+=($!)

export DJANGO_SETTINGS_MODULE=config.settings.stack
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$(python -c "import secrets; print(secrets.token_urlsafe(50))")}
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$DB_NAME}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/2}
export CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/3}
export CELERY_TASK_DEFAULT_QUEUE=${CELERY_TASK_DEFAULT_QUEUE:-stack}
export S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export S3_BUCKET=${S3_BUCKET:-evidence} S3_PUBLIC_BUCKET=${S3_PUBLIC_BUCKET:-public}
export S3_ACCESS_KEY_ID=${S3_ACCESS_KEY_ID:-stack} S3_SECRET_ACCESS_KEY=${S3_SECRET_ACCESS_KEY:-stack}
# moto reports multipart objects' checksums wrongly (S3_CHECKSUMS in config/settings/production.py).
export S3_CHECKSUMS=${S3_CHECKSUMS:-when_required}
export SITE_URL=${SITE_URL:-http://$HOST:$PORT}
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}

for _ in $(seq 50); do python -c "import urllib.request as u; u.urlopen('$S3_ENDPOINT_URL/moto-api/')" 2>/dev/null && break; sleep 0.2; done
python manage.py migrate --noinput
python manage.py resign_credentials
python manage.py collectstatic --noinput -v0
python manage.py setup_storage
python manage.py seed_demo

# A worker per workload (config/queues.py), as in docker-compose.yml: transcoding has its own,
# so badges, emails and webhooks never wait behind videos; it also runs at a lower CPU priority
# (EVIDENCE_PROCESSING_NICE, ADR 0037), so they do not wait for a core either.
WORKERS=()
start_worker() {  # start_worker <name> <concurrency> <workload...>
  local name="$1" concurrency="$2"; shift 2
  local worker_name="stack-$1-$$@$(hostname)"
  celery -A config.celery_app worker -l info -c "$concurrency" -n "$worker_name" \
    -Q "$(python -m config.queues "$@")" >"$STACK_DIR/worker-$name.log" 2>&1 &
  pids+=($!)
  WORKERS+=("$worker_name")
}
start_worker default 1 default
start_worker media "${MEDIA_WORKER_CONCURRENCY:-1}" media
start_worker badges 1 badges
start_worker email 1 email
start_worker webhooks 1 webhooks
start_worker reports 1 reports
celery -A config.celery_app beat -l info -s "$STACK_DIR/celerybeat-schedule" >"$STACK_DIR/beat.log" 2>&1 &
pids+=($!)
gunicorn config.wsgi -b "$HOST:$PORT" -w "${WEB_CONCURRENCY:-3}" --timeout 120 \
  --access-logfile "$STACK_DIR/access.log" >"$STACK_DIR/web.log" 2>&1 &
pids+=($!)

for _ in $(seq 100); do python -c "import urllib.request as u; u.urlopen('http://$HOST:$PORT/healthz')" 2>/dev/null && break; sleep 0.2; done
# "Up" means every worker consumes its queues too, not only that the web answers: one ping to
# all of them at once, until each has answered.
destinations=$(IFS=,; echo "${WORKERS[*]}")
for _ in $(seq 30); do
  pongs=$(celery -A config.celery_app inspect ping -d "$destinations" -t 3 2>/dev/null | grep -c pong || true)
  [ "$pongs" -ge "${#WORKERS[@]}" ] && break
  sleep 1
done
if [ -n "${STACK_READY_FILE:-}" ]; then touch "$STACK_READY_FILE"; fi
echo "Stack up: web http://$HOST:$PORT  (S3 $S3_ENDPOINT_URL, database $DB_NAME, logs in $STACK_DIR/)"
echo "Readiness: $(python -c "import urllib.request as u; print(u.urlopen('http://$HOST:$PORT/readyz').read().decode())")"
if [ -n "${STACK_SMOKE:-}" ]; then exit 0; fi  # start, check, stop (used by the tests)
wait -n "${pids[@]}"
echo "A process of the stack stopped; see $STACK_DIR/*.log" >&2
exit 1
