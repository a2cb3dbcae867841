#!/usr/bin/env bash
# Rebuild the vendored front-end assets in static/vendor/ from the pinned
# packages in package-lock.json. Run from anywhere: `bash frontend/build.sh`.
# Needs Node + npm only here; the outputs are committed, so the app does not.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(cd "$HERE/.." && pwd)/static/vendor"
cd "$HERE"

npm ci --no-audit --no-fund

NM="$HERE/node_modules"
ESBUILD="$NM/.bin/esbuild"
ver() { node -p "require('$NM/$1/package.json').version"; }

UPPY_VER="$(ver @uppy/core)"
BANNER="/*! Uppy (@uppy/core ${UPPY_VER}, @uppy/dashboard $(ver @uppy/dashboard), @uppy/aws-s3 $(ver @uppy/aws-s3), @uppy/golden-retriever $(ver @uppy/golden-retriever)) | (c) Transloadit | MIT License | https://uppy.io | see LICENSE */"

# Start from clean output dirs so removed files don't linger.
rm -rf "$OUT/uppy" "$OUT/bootstrap" "$OUT/htmx" "$OUT/axe"
mkdir -p "$OUT/uppy" "$OUT/bootstrap" "$OUT/htmx" "$OUT/axe"

# --- Uppy: JS bundle (IIFE exposing window.Uppy) ---
"$ESBUILD" src/uppy-entry.js \
  --bundle --format=iife --minify --target=es2019 --platform=browser \
  --legal-comments=eof --charset=ascii --log-level=warning \
  "--banner:js=$BANNER" \
  --outfile="$OUT/uppy/uppy.min.js"

# --- Uppy: CSS (core + dashboard, concatenated and minified) ---
"$ESBUILD" src/uppy-entry.css \
  --bundle --minify --legal-comments=none --log-level=warning \
  "--banner:css=$BANNER" \
  --outfile="$OUT/uppy/uppy.min.css"
# esbuild escapes non-ASCII (charset=ascii default), so the @charset rule it
# keeps is redundant, and after the banner it would be invalid anyway.
sed -i -e 's/^@charset "UTF-8";//' "$OUT/uppy/uppy.min.css"
if LC_ALL=C grep -q '[^ -~[:space:]]' "$OUT/uppy/uppy.min.css" "$OUT/uppy/uppy.min.js"; then
  echo "build.sh: unexpected non-ASCII bytes in the Uppy bundle" >&2; exit 1
fi

cp "$NM/@uppy/core/LICENSE" "$OUT/uppy/LICENSE"

# --- Bootstrap ---
cp "$NM/bootstrap/dist/css/bootstrap.min.css" "$OUT/bootstrap/"
cp "$NM/bootstrap/dist/js/bootstrap.bundle.min.js" "$OUT/bootstrap/"
cp "$NM/bootstrap/LICENSE" "$OUT/bootstrap/LICENSE"
# The .map files are not vendored; drop the dangling references so browsers'
# dev tools don't 404 on them.
sed -i -e '/^\/\*# sourceMappingURL=.*\*\/$/d' "$OUT/bootstrap/bootstrap.min.css"
sed -i -e '/^\/\/# sourceMappingURL=.*$/d' "$OUT/bootstrap/bootstrap.bundle.min.js"

# --- htmx ---
cp "$NM/htmx.org/dist/htmx.min.js" "$OUT/htmx/"
cp "$NM/htmx.org/LICENSE" "$OUT/htmx/LICENSE"

# --- axe-core (accessibility tests) ---
cp "$NM/axe-core/axe.min.js" "$OUT/axe/"
cp "$NM/axe-core/LICENSE" "$OUT/axe/LICENSE"   # MPL-2.0
cp "$NM/axe-core/LICENSE-3RD-PARTY.txt" "$OUT/axe/"

echo "Vendored assets written to $OUT:"
(cd "$OUT" && find . -type f | LC_ALL=C sort | xargs wc -c)
