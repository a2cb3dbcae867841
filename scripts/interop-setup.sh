#!/usr/bin/env bash
# The independent verifier's npm packages (tests/interop/, test-only), installed exactly as
# pinned in package-lock.json. Reinstalled only when the lock file changes.
set -euo pipefail
cd "$(dirname "$0")/../tests/interop"
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "Node.js and npm are needed for the independent verifier (make system-deps installs them)" >&2
  exit 1
}
stamp=node_modules/.lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
