"""Verification cost per KB: hostile credentials of 10 KB and 1 MB, so growth shows as a ratio.

Anyone may post a credential to `POST /api/v1/verify/` without signing in. What a crafted one
costs must grow with its size, not faster: a decoder or canonicalizer whose work grows with the
square of a field's length shows here as a per-KB ratio far above 1. Each worst case is measured
on the verifier itself (`badges.ob3.verify.verify_credential`: JSON-LD expansion, RDFC-1.0,
the Ed25519 check) at 10 KB and at 1 MB; the baseline of each ratio is the 10 KB cost per KB in
the same run. The endpoint refuses anything over 64 KB before this work (a "far larger than a
badge" answer), and a 1 MB document is what its size cap turns away.

Needs no database: keys resolve from the document.
"""

import copy
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.run import Result
from bench.setup import scaled

SMALL, LARGE = 10 * 1024, scaled(1024 * 1024, 64 * 1024)
REPEATS = scaled(5, 1, "BENCH_VERIFY_REPEATS")
VECTOR = Path(__file__).resolve().parent.parent / "tests/badges/data/tv-signed-credential.json"


def _setup() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from badges.ob3 import verify

    return verify


def _grow(base: dict[str, Any], size: int, place: Callable[[dict[str, Any], int], None]) -> Any:
    document = copy.deepcopy(base)
    place(document, size - len(json.dumps(base)))
    return document


def _long_name(document: dict[str, Any], n: int) -> None:
    document["name"] = "Exit tickets " + 'a\tb"c\\' * (n // 6)


def _long_iri(document: dict[str, Any], n: int) -> None:
    document["id"] = "https://example.org/" + "a" * n


def _long_proof_value(document: dict[str, Any], n: int) -> None:
    document["proof"]["proofValue"] = "z" + "2" * n


def _many_properties(document: dict[str, Any], n: int) -> None:
    document["credentialSubject"]["achievement"]["tag"] = [f"t{i}" for i in range(n // 8)]


def _many_nodes(document: dict[str, Any], n: int) -> None:
    alignment = {"type": ["Alignment"], "targetName": "T", "targetUrl": "https://a.example/"}
    count = n // len(json.dumps(alignment))
    document["credentialSubject"]["achievement"]["alignment"] = [
        {**alignment, "targetUrl": f"https://a.example/{i}"} for i in range(count)
    ]


CASES = {
    "long string with escapes": _long_name,
    "long IRI": _long_iri,
    "long proofValue": _long_proof_value,
    "many properties": _many_properties,
    "many distinct nodes": _many_nodes,
}


def _seconds(verify: Any, document: Any) -> float:
    def resolve(_method: str) -> bytes:
        return bytes(32)

    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        verify.verify_credential(document, resolve_key=resolve)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[Result]:
    verify = _setup()
    base = json.loads(VECTOR.read_text(encoding="utf-8"))
    results = []
    for name, place in CASES.items():
        per_kb = {}
        for size in (SMALL, LARGE):
            document = _grow(base, size, place)
            kilobytes = len(json.dumps(document)) / 1024
            per_kb[size] = _seconds(verify, document) * 1000 / kilobytes
        results.append(
            Result(
                f"verify, {name}: ms per KB at 1 MB vs at 10 KB",
                per_kb[LARGE],
                per_kb[SMALL],
                "ms/KB",
                target="<= 2 (linear)",
            )
        )
    return results
