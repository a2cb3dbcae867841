"""Verification cost per KB: hostile credentials of 10 KB and of 1 MB, the largest taken.
takes), so growth shows as a ratio; and one byte over the cap, refused.

Anyone may post a credential to `POST /api/v1/verify/` without signing in. What a crafted one
costs must grow with its size, not faster: a decoder or canonicalizer whose work grows with the
square of a field's length shows here as a per-KB ratio far above 1. Each worst case runs what
the endpoint runs on it (the shape check of `badges.verification`, then
`badges.ob3.verify.verify_credential`: JSON-LD expansion, RDFC-1.0, the Ed25519 check) at 10 KB
and at 1 MB (`verification.MAX_CREDENTIAL_BYTES`, 1,000,000 bytes); the baseline of each ratio
is the 10 KB cost per KB in the same run (issue 26's verify_linear target: at most 2x, the worst
case printed). A document the shape check refuses costs next to nothing and is printed as
refused. A document one byte over the cap must be refused by the size check: the benchmark
fails otherwise, and prints what refusing it cost.

pyld, which expands JSON-LD to RDF, compares each value of a property with those already there,
so its cost grows with the square of the values one property holds ("many values" below): the
shape check caps values per array (100) and in all (2,000), which bounds that square.

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

from bench.run import Goal, Result
from bench.setup import scaled

SMALL = 10 * 1024
LARGE = scaled(1_000_000, 20 * 1024)  # the cap itself (tiny: a smoke size)
REPEATS = scaled(5, 1, "BENCH_VERIFY_REPEATS")
VECTOR = Path(__file__).resolve().parent.parent / "tests/badges/data/tv-signed-credential.json"


def _setup() -> tuple[Any, int]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from badges import verification
    from badges.ob3 import verify

    def endpoint_work(document: Any) -> bool:
        """What the endpoint does with a posted credential; False when the shape is refused."""
        try:
            verification._check_shape(document)
        except verification.VerificationInputError:
            return False
        verify.verify_credential(document, resolve_key=lambda _method: bytes(32))
        return True

    return endpoint_work, verification.MAX_CREDENTIAL_BYTES


def _grow(base: dict[str, Any], size: int, place: Callable[[dict[str, Any], int], None]) -> Any:
    """`base` grown by `place` to about `size` bytes, never more (the cap must not refuse it)."""
    margin = 0
    while True:
        document = copy.deepcopy(base)
        place(document, size - margin - len(json.dumps(base)))
        if _size(document) <= size:
            return document
        margin += max(64, (_size(document) - size) * 2)


def _size(document: Any) -> int:
    """Its size as the size cap counts it (badges.verification._check_shape)."""
    return len(json.dumps(document, ensure_ascii=False).encode("utf-8"))


def _long_name(document: dict[str, Any], n: int) -> None:
    # Each repetition is 6 characters, 9 once JSON escapes the tab, the quote and the backslash.
    document["name"] = "Exit tickets " + 'a\tb"c\\' * (n // 9)


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
    "many values of one property": _many_properties,
    "many distinct nodes": _many_nodes,
}


def _seconds(work: Any, document: Any) -> tuple[float, bool]:
    times, accepted = [], True
    for _ in range(REPEATS):
        start = time.perf_counter()
        accepted = work(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times), accepted


def run() -> list[Result]:
    work, cap = _setup()
    base = json.loads(VECTOR.read_text(encoding="utf-8"))
    results = []
    for name, place in CASES.items():
        per_kb, refused = {}, []
        for size in (SMALL, LARGE):
            document = _grow(base, size, place)
            kilobytes = _size(document) / 1024
            seconds, accepted = _seconds(work, document)
            per_kb[size] = seconds * 1000 / kilobytes
            refused += [] if accepted else [f"{size // 1024} KB refused by the shape check"]
        note = f" ({'; '.join(refused)})" if refused else ""
        results.append(
            Result(
                f"verify, {name}: ms per KB at {_label(LARGE)} vs at 10 KB{note}",
                per_kb[LARGE],
                per_kb[SMALL],
                "ms/KB",
                target="<= 2 (linear)",
                goal=Goal("verify_linear"),
            )
        )
    results.append(_over_the_cap(work, base, cap))
    return results


def _label(size: int) -> str:
    return "1 MB" if size >= 1_000_000 else f"{size // 1024} KB"


def _over_the_cap(work: Any, base: dict[str, Any], cap: int) -> Result:
    """One byte over the cap (plain ASCII: as many characters as bytes): refused by the size
    check, at about the cost of reading it."""
    document = _grow(base, cap, _long_iri)
    document["id"] += "a" * (cap + 1 - _size(document))
    assert _size(document) == cap + 1
    seconds, accepted = _seconds(work, document)
    if accepted:
        raise RuntimeError(f"a credential of {cap + 1:,} bytes was not refused by the size cap")
    small = _grow(base, SMALL, _long_name)
    small_seconds, _ = _seconds(work, small)
    return Result(
        f"verify, {cap + 1:,} bytes (one over the cap): refused, time vs verifying 10 KB",
        seconds * 1000,
        small_seconds * 1000,
        "ms",
        target="refused before any JSON-LD work",
    )
