"""Issue 21: verifying costs what the input's size allows, and no more.

Anyone may post a credential to /api/v1/verify/. What cannot be a badge (far too large, nested
far deeper, a proofValue far longer than a signature) is refused before any JSON-LD or
cryptographic work, with a message a person can act on.
"""

import copy
import json

import pytest
from rest_framework.test import APIClient

from badges import documents, verification
from badges.ob3 import rdfc
from badges.ob3 import verify as ob3_verify
from tests.support.badges import get_json, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(badge):
    return get_json(APIClient(), path_of(documents.credential_url(badge)))


@pytest.fixture
def no_canonicalization(monkeypatch):
    """Fails the test if the canonicalizer is reached."""

    def refuse(document):
        raise AssertionError("the canonicalizer ran on input that should have been refused")

    monkeypatch.setattr(rdfc, "canonicalize", refuse)
    monkeypatch.setattr(ob3_verify, "canonicalize", refuse)


def _post(credential) -> dict:
    response = APIClient().post("/api/v1/verify/", {"badge": credential}, format="json")
    return {**response.json(), "http": response.status_code}


def test_a_credential_over_1_mb_is_refused_first(credential, no_canonicalization):
    large = copy.deepcopy(credential)
    large["description"] = "x" * verification.MAX_CREDENTIAL_BYTES

    answer = _post(large)

    assert answer == {"http": 400, "detail": "The badge data is far larger than a badge."}


def test_a_credential_one_character_over_the_cap_is_refused_and_one_at_it_is_checked(credential):
    """The cap counts the JSON text (strings in characters) exactly: a credential with its
    image embedded as a data: URL, hundreds of KB, is checked like any other."""
    at_cap = copy.deepcopy(credential)
    at_cap["image"] = {"id": "data:image/png;base64,", "type": "Image"}
    room = verification.MAX_CREDENTIAL_BYTES - len(json.dumps(at_cap, ensure_ascii=False))
    at_cap["image"]["id"] += "A" * room
    over = copy.deepcopy(at_cap)
    over["image"]["id"] += "A"

    checked, refused = _post(at_cap), _post(over)

    assert checked["http"] == 200 and checked["valid"] is False  # the image is not what was signed
    assert any("signature" in problem for problem in checked["problems"]), checked["problems"]
    assert refused == {"http": 400, "detail": "The badge data is far larger than a badge."}


def test_a_credential_nested_far_deeper_than_a_badge_is_refused(credential, no_canonicalization):
    deep = copy.deepcopy(credential)
    nested: dict = {}
    deep["credentialSubject"]["extra"] = nested
    for _ in range(40):
        nested["next"] = {}
        nested = nested["next"]

    answer = _post(deep)

    assert answer == {
        "http": 400,
        "detail": "This credential is nested far deeper than a badge.",
    }


def test_a_proof_value_far_longer_than_a_signature_is_not_decoded(credential, monkeypatch):
    decoded: list[int] = []
    real = ob3_verify._base58_decode
    monkeypatch.setattr(
        ob3_verify, "_base58_decode", lambda text: decoded.append(len(text)) or real(text)
    )
    forged = copy.deepcopy(credential)
    forged["proof"]["proofValue"] = "z" + "2" * 50_000

    answer = _post(forged)

    assert answer["http"] == 200 and answer["valid"] is False
    assert any("far longer than a key or a signature" in p for p in answer["problems"])
    assert all(length < 100 for length in decoded)  # the long value never reached the decoder
    assert _post(credential)["valid"] is True


@pytest.mark.parametrize(
    "text",
    ['{"a": ' + "[" * 30_000 + "]" * 30_000 + "}", '{"a": NaN}', '{"a": 1e400}'],
    ids=["deep", "nan", "1e400"],
)
def test_an_uploaded_file_too_deep_or_not_finite_is_not_a_badge(text):
    """A file is read without recursion past 400 levels (no RecursionError to catch) and with
    finite numbers only, as the API reads its bodies."""
    with pytest.raises(verification.VerificationInputError, match="not valid JSON"):
        verification.read_upload(text.encode())


def test_a_property_with_far_more_values_than_a_badge_is_refused(credential, no_canonicalization):
    # pyld compares each value of a property with those before it: thousands of values cost
    # seconds of CPU at 1 MB, so the shape check caps them before any JSON-LD work.
    many = copy.deepcopy(credential)
    many["credentialSubject"]["achievement"]["tag"] = [f"t{i}" for i in range(150)]

    assert _post(many) == {"http": 400, "detail": "This credential is not shaped like a badge."}


def test_a_credential_with_far_more_values_than_a_badge_is_refused(credential, no_canonicalization):
    many = copy.deepcopy(credential)
    many["credentialSubject"]["extra"] = [[f"v{i}" for i in range(90)] for _ in range(25)]

    assert _post(many) == {"http": 400, "detail": "This credential is not shaped like a badge."}
