"""Our RDFC-1.0 canonicalization (badges/ob3/rdfc.py) gives the bytes jsonld.js gives.

What a signature covers is the canonical form, so any difference with the JavaScript
libraries wallets and verifiers use is a credential that verifies here and nowhere else.
"""

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from badges.ob3 import rdfc
from tests.interop import node

VOCAB = {"@vocab": "http://example.org/"}
OB3 = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
VECTOR = Path(__file__).resolve().parents[1] / "badges/data/tv-signed-credential.json"


def _writable_by_javascript(number: float) -> bool:
    # jsonld.js reads a number JavaScript prints in exponent form below 1e-6 ("1e-7") as an
    # integer ("0"), against JSON-LD's rule for numbers with a fraction; we follow the rule.
    # No document we sign holds such a number (hours and credits have one decimal place).
    return number == 0 or abs(number) >= 1e-6


def _ours(document: Any) -> str:
    try:
        return rdfc.canonicalize(document)
    except rdfc.CanonicalizationError as error:
        return f"error: {error}"


def _assert_same(documents: list[Any]) -> None:
    theirs = node.canonize(documents)
    differences = [
        (json.dumps(document)[:300], result, _ours(document))
        for document, result in zip(documents, theirs, strict=True)
        if result.get("nquads") != _ours(document)
    ]
    assert not differences, differences[:3]


def _random_graph(rng: random.Random) -> dict[str, Any]:
    """Blank nodes wired at random, many alike: the hard case of the algorithm."""
    size = rng.randint(2, 7)
    nodes = []
    for i in range(size):
        targets = rng.sample(range(size), rng.randint(0, min(3, size)))
        nodes.append(
            {
                "@id": f"_:n{i}",
                "p": [{"@id": f"_:n{j}"} for j in targets],
                "v": rng.choice([1, 2, "a"]),
            }
        )
    return {"@context": VOCAB, "@graph": nodes}


def test_graphs_of_alike_blank_nodes():
    rng = random.Random(19)
    cycles = [
        {"@context": VOCAB, "@graph": [{"@id": f"_:n{i}", "p": {"@id": f"_:n{(i + 1) % n}"}}]}
        for n in (2, 3, 6)
        for i in range(n)
    ]
    ring = {
        "@context": VOCAB,
        "@graph": [{"@id": f"_:n{i}", "p": {"@id": f"_:n{(i + 1) % 6}"}} for i in range(6)],
    }
    named_graphs = {
        "@context": VOCAB,
        "@graph": [{"@id": "_:g1", "@graph": {"p": "x"}}, {"@id": "_:g2", "@graph": {"p": "x"}}],
    }
    _assert_same([*cycles, ring, named_graphs, *(_random_graph(rng) for _ in range(80))])


def test_numbers_strings_and_languages():
    document = {
        "@context": VOCAB,
        "@id": "http://example.org/s",
        "whole_float": 10.0,
        "fractions": [7.5, 0.5, 0.001, -0.25, 123456.789, 1.5e-6],
        "large": [1e21, 1e22, 2**53 + 1, 2**60, -(10**25)],
        "integers": [0, -3, 2**53],
        "booleans": [True, False],
        "controls": "".join(chr(c) for c in range(32)) + "\x7f",
        "escapes": 'quote " backslash \\ end',
        # A string that looks like pyld's raw double stays the string it is.
        "double_lookalike": ["5.000000000000000E-01", "-1.250000000000000E-10"],
        "unicode": "é 😀 \u2028 \u200d التقييم",
        "language": {"@value": "hi", "@language": "en-US"},
        "list": {"@list": [1, 2.5, {"q": 3}]},
        "typed": {
            "@value": "2026-01-01T00:00:00Z",
            "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
        },
    }
    _assert_same([document])


def test_open_badges_documents_with_the_pinned_contexts():
    # Our pinned copies of the VC 2.0 and OB 3.0 contexts against the npm packages' copies.
    vector = json.loads(VECTOR.read_text(encoding="utf-8"))
    unsigned = {key: value for key, value in vector.items() if key != "proof"}
    credential = {
        "@context": OB3,
        "id": "urn:uuid:7f3c8a52-0d5e-4a4e-9a54-5c8e2b1f2e10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Exit Tickets\tThat Drive Instruction",
        "issuer": {"id": "https://issuer.example/profile", "type": ["Profile"], "name": "I"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://issuer.example/a/1",
                "type": ["Achievement"],
                "name": "A",
                "description": "D",
                "criteria": {"narrative": "N"},
                "creditsAvailable": 10.0,
                "alignment": [
                    {"type": ["Alignment"], "targetName": "T", "targetUrl": "https://a.example"},
                    {"type": ["Alignment"], "targetName": "T", "targetUrl": "https://a.example"},
                ],
            },
        },
    }
    _assert_same([unsigned, credential])


@settings(max_examples=5, deadline=None)
@given(
    texts=st.lists(st.text(max_size=40), min_size=30, max_size=30),
    numbers=st.lists(
        st.floats(allow_nan=False, allow_infinity=False).filter(_writable_by_javascript)
        | st.integers(-(2**70), 2**70),
        min_size=30,
        max_size=30,
    ),
)
def test_any_text_and_number(texts, numbers):
    _assert_same(
        [
            {"@context": VOCAB, "t": text, "n": number}
            for text, number in zip(texts, numbers, strict=True)
        ]
    )


def test_a_document_too_costly_to_canonicalize_is_refused(monkeypatch):
    # Twelve blank nodes no hash tells apart: the search for their labels is bounded.
    monkeypatch.setattr(rdfc, "MAX_NDEGREE_HASHES", 50)
    clique = {
        "@context": VOCAB,
        "@graph": [
            {"@id": f"_:n{i}", "p": [{"@id": f"_:n{j}"} for j in range(12) if j != i]}
            for i in range(12)
        ],
    }
    with pytest.raises(rdfc.CanonicalizationError, match="too alike"):
        rdfc.canonicalize(clique)
