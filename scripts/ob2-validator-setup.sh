#!/usr/bin/env bash
# Install the official 1EdTech Open Badges 2.0 validator (PyPI "badgecheck" 1.2.0, module
# `openbadges`) into its own Python 3.11 venv, for tests/badges/test_ob2_validator.py.
#
#   bash scripts/ob2-validator-setup.sh [WORKDIR]     # default WORKDIR=<repo>/.venv-ob2
#
# These are steps 1-3 of /work/shared/tools/ob2-validate.sh, unchanged in substance:
#   1. venv + pinned deps (--no-deps: badgecheck's own metadata is unsatisfiable)
#   2. the OB v2 JSON-LD context, written from the copy the package itself ships
#   3. ob2_verify_offline.py: runs openbadges.verify() with requests' transport patched so
#      the OB context is served locally, loopback URLs pass through, everything else fails
# Needs PyPI for step 1 only; the validator then runs with no network but loopback.
# Idempotent: a stamp holding the hash of the pinned requirements skips step 1 when nothing
# changed; steps 2-3 replace two small files atomically. A lock keeps concurrent runs apart.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$ROOT/.venv-ob2}
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
mkdir -p "$WORK"/contexts
cd "$WORK"

exec 9>"$WORK/.lock"
flock 9

# ---------------------------------------------------------------- 1. install
cat > requirements-ob2-validator.txt <<'EOF'
badgecheck==1.2.0
Click==6.7
jsonschema==2.6.0
language-tags==0.4.3
puremagic==1.6
pydux==0.2.2
PyLD==0.7.1
python-mimeparse==1.6.0
requests-cache==0.4.13
validators==0.11.2
decorator==5.3.1
aniso8601==10.0.1
# declared pins that fail on 3.11, replaced:
pycryptodome==3.24.1
python-jose==3.2.0
pytz==2026.6
future==1.0.0
openbadges-bakery==2.0.0
rfc3986==2.0.0
defusedxml==0.7.1
pypng==0.20220715.0
six==1.17.0
ecdsa==0.19.2
rsa==4.9.1
pyasn1==0.6.5
requests==2.34.2
urllib3==2.8.0
idna==3.20
certifi==2026.10.18
charset-normalizer==3.5.2
EOF
WANT=$(sha256sum requirements-ob2-validator.txt | cut -d' ' -f1)
if [ ! -x venv/bin/python ] || [ "$(cat venv/.installed 2>/dev/null)" != "$WANT" ]; then
  rm -rf venv
  "$PY" -m venv venv
  venv/bin/pip install -q --disable-pip-version-check --no-deps -r requirements-ob2-validator.txt
  echo "$WANT" > venv/.installed
fi
V=venv/bin/python

# ---------------------------------------------------------------- 2. context
$V - <<'EOF'
import json
from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT
import os
json.dump(OPENBADGES_CONTEXT_V2_DICT, open("contexts/ob_v2_context.json.tmp", "w"), indent=1)
os.replace("contexts/ob_v2_context.json.tmp", "contexts/ob_v2_context.json")
EOF

# ---------------------------------------------------------------- 3. wrapper
cat > ob2_verify_offline.py.tmp <<'EOF'
#!/usr/bin/env python3
"""Run the Open Badges 2.0 validator (openbadges.verify) offline.
Context URLs are answered from --contexts, loopback hosts pass through, all
other URLs fail fast. Exit 0 = report.valid, 1 = not valid.
  ob2_verify_offline.py --data URL|JSON|JWS [--recipient '{"email": ".."}']
  ob2_verify_offline.py --image baked.png|baked.svg"""
import argparse, io, json, os, sys
from urllib.parse import urlsplit
import requests, requests.adapters
from urllib3.response import HTTPResponse

CONTEXT_FILES = {
    "https://w3id.org/openbadges/v2": "ob_v2_context.json",
    "http://w3id.org/openbadges/v2": "ob_v2_context.json",
    "https://openbadgespec.org/v2/context.json": "ob_v2_context.json",
    "https://w3id.org/openbadges/v1": "ob_v1_context.json",
    "https://openbadgespec.org/v1/context.json": "ob_v1_context.json",
}
LOOPBACK = {"127.0.0.1", "localhost", "::1"}

def install_offline_transport(context_dir, allowed_hosts):
    local = {}
    for url, name in CONTEXT_FILES.items():
        path = os.path.join(context_dir, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                local[url] = f.read()
    real_send = requests.adapters.HTTPAdapter.send
    def send(self, request, *args, **kwargs):
        key = request.url.split("#", 1)[0].rstrip("/")
        if key in local:
            raw = HTTPResponse(body=io.BytesIO(local[key]), status=200, reason="OK",
                               headers={"Content-Type": "application/ld+json"},
                               preload_content=False, decode_content=False)
            return self.build_response(request, raw)
        host = urlsplit(request.url).hostname or ""
        if host in LOOPBACK or host in allowed_hosts:
            return real_send(self, request, *args, **kwargs)
        raise requests.ConnectionError("offline mode: refusing " + request.url, request=request)
    requests.adapters.HTTPAdapter.send = send

def main():
    p = argparse.ArgumentParser()
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--data"); g.add_argument("--image")
    p.add_argument("--recipient")
    p.add_argument("--contexts", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "contexts"))
    p.add_argument("--allow-host", action="append", default=[])
    p.add_argument("--out")
    a = p.parse_args()
    install_offline_transport(a.contexts, set(a.allow_host))
    from openbadges import verify
    recipient = json.loads(a.recipient) if a.recipient else None
    if a.image:
        from openbadges_bakery import unbake
        with open(a.image, "rb") as f:
            if not unbake(f):   # the validator itself crashes on unbaked images
                print("valid=False: no Open Badges data in " + a.image, file=sys.stderr)
                return 1
            f.seek(0)
            result = verify(f, recipient_profile=recipient)
    else:
        result = verify(a.data, recipient_profile=recipient)
    text = json.dumps(result, indent=2)
    if a.out:
        open(a.out, "w").write(text + "\n")
    else:
        print(text)
    rep = result["report"]
    print("valid={} errors={} warnings={} subject={}".format(rep.get("valid"), rep.get("errorCount"),
          rep.get("warningCount"), rep.get("validationSubject")), file=sys.stderr)
    for m in rep.get("messages", []):
        print("  {}: {}: {}".format(m.get("messageLevel"), m.get("name", "-"), str(m.get("result"))[:300]),
              file=sys.stderr)
    return 0 if rep.get("valid") else 1

if __name__ == "__main__":
    sys.exit(main())
EOF
# Replaced atomically: a validator run in another process never reads a half-written file.
mv -f ob2_verify_offline.py.tmp ob2_verify_offline.py
echo "OB 2.0 validator ready: $WORK/venv/bin/python $WORK/ob2_verify_offline.py --data URL"
