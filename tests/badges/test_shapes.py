"""A credential's canonical N-Quads from its compiled shape (badges/ob3/shapes.py, ADR 0035) are
the bytes of the general path (pyld's expansion to RDF, then our RDFC-1.0): for credentials of
every shape we sign, with hostile strings, and when a value would change how pyld reads it.

Pure library tests: no database, no network.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from badges.ob3 import keys, rdfc, shapes, signing, verify

SITE = "https://badges.example.org"
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]

# Strings that have broken, or could break, a canonical form: escapes, control characters, a
# double's raw form, braces (the template is a format string), the template's blank node mark,
# keyword and blank node look-alikes, and text of every script.
HOSTILE = [
    "",
    " ",
    'He said "yes"',
    "back\\slash \\u0041",
    "line\nbreak\r\ttab\b\f",
    "\x00\x01\x1f\x7f",
    "\x000\x00",
    "{0} {} {{ }} {name}",
    "1.000000000000000E-01",
    "5.000000000000000E-01",
    "@id",
    "_:b0",
    "_:c14n0",
    "é 😀 \u2028 \u200d التقييم 中文",
    "<https://example.org/> .",
    "x" * 5000,
]
# Values where an IRI goes; the plain ones stay on the compiled path, the others leave it
# (relative, compact, blank node, whitespace pyld drops, keywords) and must agree all the same.
PLAIN_IRIS = [
    f"{SITE}/badges/1/ob3",
    f"{SITE}/a?b=c&d=é#frag",
    "http://example.org/{x}|^`",
    'https://example.org/"quoted"',
    "https://例え.jp/パス",
]
ODD_IRIS = [
    "relative/path",
    "urn:uuid:7f3c8a52-0d5e-4a4e-9a54-5c8e2b1f2e10",
    "xsd:string",
    "_:b1",
    "@type",
    "https://exa mple.org/",
    "https://example.org/\u3000",
    "https://example.org/\n",
    "",
]

texts = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=60))
plain_iris = st.one_of(
    st.sampled_from(PLAIN_IRIS),
    st.text(st.characters(blacklist_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), max_size=30).map(
        lambda tail: f"https://example.org/{tail}"
    ),
)
iris = st.one_of(plain_iris, st.sampled_from(ODD_IRIS))
numbers = st.one_of(st.sampled_from([15, 1.5, 10.0, 0.5, 0, 2**53 + 1]), st.integers(0, 200))


def _shape_flags() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "valid_until": st.booleans(),
            "issuer_extra": st.lists(st.sampled_from(["url", "email", "description"]), unique=True),
            "image": st.booleans(),
            "alignments": st.lists(
                st.lists(
                    st.sampled_from(["targetDescription", "targetFramework", "targetCode"]),
                    unique=True,
                ),
                max_size=3,
            ),
            "tags": st.integers(0, 3),
            "credits": st.one_of(st.none(), numbers),
            "version": st.booleans(),
            "evidence": st.integers(0, 2),
            "results": st.integers(0, 2),
            "identifier_hashed": st.booleans(),
        }
    )


def _credential(flags: dict[str, Any], text: Any, iri: Any) -> dict[str, Any]:
    """A credential shaped as `badges.documents.ob3_credential` writes them, with the optional
    parts `flags` chooses; `text()` and `iri()` give each string."""
    issuer: dict[str, Any] = {"id": iri(), "type": ["Profile"], "name": text()}
    for extra in flags["issuer_extra"]:
        issuer[extra] = iri() if extra == "url" else text()
    achievement: dict[str, Any] = {
        "id": iri(),
        "type": ["Achievement"],
        "achievementType": "MicroCredential",
        "name": text(),
        "description": text(),
        "criteria": {"id": iri(), "narrative": text()},
    }
    if flags["image"]:
        achievement["image"] = {"id": iri(), "type": "Image", "caption": text()}
    if flags["alignments"]:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": text(),
                "targetUrl": iri(),
                **{name: text() for name in optional},
            }
            for optional in flags["alignments"]
        ]
    if flags["tags"]:
        achievement["tag"] = [text() for _ in range(flags["tags"])]
    if flags["credits"] is not None:
        achievement["creditsAvailable"] = flags["credits"]
    if flags["version"]:
        achievement["version"] = text()
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": text(),
                "identityType": "emailAddress",
                "hashed": flags["identifier_hashed"],
                "salt": text(),
            }
        ],
        "achievement": achievement,
    }
    if flags["results"]:
        subject["result"] = [{"type": ["Result"], "value": text()} for _ in range(flags["results"])]
    document: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": iri(),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": text(),
        "description": text(),
        "issuer": issuer,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": subject,
        "credentialStatus": {
            "id": iri(),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": text(),
            "statusListCredential": iri(),
        },
    }
    if flags["evidence"]:
        document["evidence"] = [
            {"id": iri(), "type": ["Evidence"], "narrative": text(), "name": text()}
            for _ in range(flags["evidence"])
        ]
    if flags["valid_until"]:
        document["validUntil"] = text()
    return document


def _general(document: dict[str, Any]) -> str:
    try:
        return rdfc.canonicalize(copy.deepcopy(document))
    except (rdfc.CanonicalizationError, LookupError) as error:
        return f"error: {type(error).__name__}"


def _signing_path(document: dict[str, Any]) -> str:
    try:
        return shapes.canonicalize(document)
    except (rdfc.CanonicalizationError, LookupError) as error:
        return f"error: {type(error).__name__}"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(flags=_shape_flags(), data=st.data())
def test_compiled_shapes_give_the_general_paths_bytes(flags, data):
    # The first credential of a shape compiles it; the second is filled into that template.
    first = _credential(flags, lambda: data.draw(texts), lambda: data.draw(plain_iris))
    second = _credential(flags, lambda: data.draw(texts), lambda: data.draw(iris))
    for document in (first, second):
        before = copy.deepcopy(document)
        compiled = shapes.compiled_nquads(document)
        event("compiled" if compiled is not None else "general path")
        assert document == before  # the input is not changed
        if compiled is not None:
            assert compiled == _general(document)
        assert _signing_path(document) == _general(document)


def _plain(flags: dict[str, Any], seed: int) -> dict[str, Any]:
    counter = iter(range(10_000))
    return _credential(
        flags,
        lambda: f"{HOSTILE[next(counter) % len(HOSTILE)]} {seed}",
        lambda: f"{SITE}/{seed}/{next(counter)}",
    )


FULL = {
    "valid_until": True,
    "issuer_extra": ["url", "email", "description"],
    "image": True,
    "alignments": [["targetDescription", "targetFramework"], []],
    "tags": 2,
    "credits": 1.5,
    "version": True,
    "evidence": 2,
    "results": 1,
    "identifier_hashed": True,
}


def test_a_credential_of_a_known_shape_is_filled_in_not_expanded_again(monkeypatch):
    shapes.compiled_nquads(_plain(FULL, 0))

    def no_pyld(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("pyld was asked again for a shape it already gave")

    monkeypatch.setattr(rdfc, "to_quads", no_pyld)
    for seed in range(1, 30):
        document = _plain(FULL, seed)
        compiled = shapes.compiled_nquads(document)
        assert compiled is not None
        monkeypatch.undo()
        assert compiled == _general(document)
        monkeypatch.setattr(rdfc, "to_quads", no_pyld)


@pytest.mark.parametrize(
    "change",
    [
        # pyld merges equal values: two tags, two alignments, two nodes with one id.
        lambda d: d["credentialSubject"]["achievement"].update(tag=["A", "A"]),
        lambda d: d["credentialSubject"]["achievement"].update(
            alignment=[{"type": ["Alignment"], "targetName": "T", "targetUrl": f"{SITE}/t"}] * 2
        ),
        lambda d: d["credentialSubject"]["achievement"]["criteria"].update(id=d["id"]),
        lambda d: d["issuer"].update(id=d["credentialSubject"]["achievement"]["id"]),
        # Values pyld reads differently where an IRI goes.
        lambda d: d.update(id="relative"),
        lambda d: d.update(id="xsd:string"),
        lambda d: d["issuer"].update(id="_:b0"),
        lambda d: d["credentialStatus"].update(id="https://exa mple.org/"),
        lambda d: d["credentialStatus"].update(statusListCredential="https://x.org/\u00a0"),
        # Values of keys that choose the expansion are the shape, not data.
        lambda d: d["credentialSubject"]["identifier"][0].update(type="Other"),
        lambda d: d["credentialSubject"]["achievement"].update(name={"@value": "x"}),
        lambda d: d["credentialSubject"]["achievement"].update(
            name={"@value": "hello", "@language": "en-GB"}
        ),
        lambda d: d.update(name=None),
        lambda d: d.update(unknownTerm="dropped by pyld"),
        lambda d: d.update({"@context": [*CONTEXT, {"name": "https://example.org/name"}]}),
    ],
)
def test_values_that_change_how_pyld_reads_them_agree_as_well(change):
    shapes.compiled_nquads(_plain(FULL, 100))  # the ordinary shape is compiled
    document = _plain(FULL, 101)
    change(document)
    assert _signing_path(document) == _general(document)


def test_an_unpinned_context_is_still_refused():
    document = _plain(FULL, 5)
    document["@context"] = [*CONTEXT, "https://evil.example/context.json"]
    with pytest.raises(LookupError):
        shapes.canonicalize(document)


def test_no_pinned_context_defines_a_term_named_like_an_iri():
    # pyld reads such a value as the term where a vocabulary IRI goes: the fast path assumes
    # none (and compiles nothing if a newly pinned context brings one).
    assert shapes._pinned_terms_like_iris() == frozenset()


def test_signed_on_the_compiled_path_verifies_on_the_general_path():
    private_key = keys.generate_private_key()
    multikey = keys.public_key_to_multibase(private_key.public_key())
    method = f"{SITE}/issuers/1#{multikey}"
    for seed in range(3):
        document = _plain(FULL, 200 + seed)
        assert shapes.compiled_nquads(document) is not None
        signed = signing.sign_credential(
            document,
            private_key=private_key,
            verification_method=method,
            created=datetime(2026, 1, 1, tzinfo=UTC),
        )
        result = verify.verify_credential(
            signed, resolve_key=lambda url: verify.public_key_from_multikey(multikey)
        )
        assert result.verified, result.errors
        tampered = copy.deepcopy(signed)
        tampered["credentialSubject"]["achievement"]["name"] += "!"
        assert not verify.verify_credential(
            tampered, resolve_key=lambda url: verify.public_key_from_multikey(multikey)
        ).verified


def test_verification_keeps_the_general_path():
    # The verifier meets documents of any shape, written by anyone.
    assert verify.canonicalize is rdfc.canonicalize


def test_invalid_json_ld_is_a_canonicalization_error():
    document = _plain(FULL, 7)
    document["@context"] = [*CONTEXT, {"name": "https://example.org/name"}]  # protected term
    with pytest.raises(rdfc.CanonicalizationError, match="not valid JSON-LD"):
        signing.canonical_document(document)
