#!/usr/bin/env bash
# Install (when root) and start what the test suite needs from the system: Chromium, ffmpeg and
# Node.js from Debian, PostgreSQL and Redis. Idempotent; does nothing that is already done.
set -euo pipefail

need=()
# Building the pinned Python packages: xmlsec (SAML sign-in, sso/) compiles against libxmlsec1
# where no binary wheel fits the machine. `--build` installs only these (the Makefile's venv).
pkg-config --exists xmlsec1 2>/dev/null || need+=(libxmlsec1-dev pkg-config)
# The font the badge art is measured and drawn with (credentials/art.py); without it the art
# falls back to the system's fonts and estimated widths.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need+=(fonts-dejavu-core)
if [ "${1:-}" != "--build" ]; then
command -v chromium >/dev/null || need+=(chromium)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v pg_ctlcluster >/dev/null || command -v pg_ctl >/dev/null || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
# Node.js runs the independent credential verifier of the tests (tests/interop/).
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
# The SAML identity provider of the tests (pysaml2) signs with the xmlsec1 command.
command -v xmlsec1 >/dev/null || need+=(xmlsec1)
fi

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  elif [ "${1:-}" = "--build" ]; then
    # The binary wheels need none of them; only a source build of xmlsec would fail.
    echo "Note: ${need[*]} missing (needed only where xmlsec builds from source)" >&2
  else
    echo "Missing system packages: ${need[*]} (run as root, or install them: apt-get install ${need[*]})" >&2
    exit 1
  fi
fi
[ "${1:-}" = "--build" ] && exit 0

pg_ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
if ! pg_ready; then
  echo "Starting PostgreSQL"
  if command -v pg_ctlcluster >/dev/null; then
    version=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  for _ in $(seq 30); do pg_ready && break; sleep 1; done
  pg_ready || { echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
