"""Drive the independent Node verifier and canonicalizer (`tests/interop/*.mjs`).

They use Digital Bazaar's libraries, pinned in `package-lock.json` and installed by `make test`
(`npm ci`); nothing is fetched while they run. A missing Node or package is a failure, never a
skip: the point of these tests is the independent check.
"""

import json
import shutil
import subprocess
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.test import Client

HERE = Path(__file__).resolve().parent
_INSTALL = "run `make test`, or `npm ci --prefix tests/interop`"


def _run(script: str, payload: dict[str, Any]) -> Any:
    node = shutil.which("node")
    assert node, f"Node.js is needed for the independent verifier ({_INSTALL})"
    assert (HERE / "node_modules" / "@digitalbazaar" / "vc").is_dir(), (
        f"the verifier's npm packages are missing ({_INSTALL})"
    )
    done = subprocess.run(
        [node, str(HERE / script)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def verify(
    credentials: list[dict[str, Any]],
    documents: dict[str, Any],
    *,
    check_status: bool = True,
    contexts: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Verify each credential with @digitalbazaar/vc and eddsa-rdfc-2022.

    `documents` maps each URL a verifier would fetch (issuer profiles, status lists) to its
    JSON; `contexts`, JSON-LD contexts no npm package ships (CLR 2.0: 1EdTech's own file).
    Returns one `{"verified", "errors", "revoked"}` per credential.
    """
    payload = {
        "credentials": credentials,
        "documents": documents,
        "checkStatus": check_status,
        "contexts": contexts or {},
    }
    results: list[dict[str, Any]] = _run("verify-credentials.mjs", payload)
    return results


def canonize(documents: list[Any]) -> list[dict[str, Any]]:
    """jsonld.js's RDFC-1.0 canonical N-Quads of each document (`nquads` or `error`)."""
    results: list[dict[str, Any]] = _run("canonize.mjs", {"documents": documents})
    return results


def wallet_receive(offer_uri: str, tx_code: str) -> dict[str, Any]:
    """Take a credential offer with Sphereon's OpenID4VCI client (`wallet-client.mjs`), as a
    wallet app does: `{"holderDid", "credential", "response"}`."""
    result: dict[str, Any] = _run("wallet-client.mjs", {"offerUri": offer_uri, "txCode": tx_code})
    return result


def _documents(read: Any, credentials: list[dict[str, Any]]) -> dict[str, Any]:
    documents: dict[str, Any] = {}
    pending = list(credentials)
    while pending:
        credential = pending.pop()
        urls = [credential["proof"]["verificationMethod"].partition("#")[0]]
        status = credential.get("credentialStatus")
        if isinstance(status, dict):
            urls.append(status["statusListCredential"])
        for url in urls:
            if url not in documents:
                documents[url] = read(url)
                if "proof" in documents[url]:
                    pending.append(documents[url])
    return documents


def http_json(url: str) -> Any:
    """A document from a running server (the platform on this machine), as a verifier reads it."""
    request = urllib.request.Request(url, headers={"Accept": "application/ld+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def served_documents(credentials: list[dict[str, Any]]) -> dict[str, Any]:
    """What a verifier fetches for these credentials, over HTTP from the server that issued
    them (their URLs are absolute)."""
    return _documents(http_json, credentials)


def fetched_documents(client: Client, credentials: list[dict[str, Any]]) -> dict[str, Any]:
    """What a verifier fetches for these credentials, read from the platform's own URLs:
    the issuer profile behind each proof's verificationMethod, and each status list (with
    the issuer profile of the status list's own proof)."""

    def read(url: str) -> Any:
        response = client.get(urlsplit(url).path, HTTP_ACCEPT="application/ld+json")
        assert response.status_code == 200, (url, response.status_code)
        return json.loads(response.content)

    return _documents(read, credentials)
