"""The proof-of-possession parser reads hostile input: whatever a caller sends, it answers a
ProofError or NonceError (an OAuth error), never another exception (a 500)."""

import base64
import contextlib
import json
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.wallets import Holder
from wallets.proofs import NonceError, ProofError, check_proof_jwt, resolve_did_key

AUD = "http://testserver"
NOW = datetime(2026, 12, 7, tzinfo=UTC)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _part(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _refused(jwt) -> bool:
    try:
        check_proof_jwt(jwt, audience=AUD, now=NOW)
    except (ProofError, NonceError):
        return True
    return False


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=300), json_values))
def test_any_value_is_refused_cleanly(value):
    assert _refused(value)


@settings(max_examples=150, deadline=None)
@given(
    header=st.dictionaries(
        st.sampled_from(["typ", "alg", "kid", "jwk", "crit"]), json_values, max_size=4
    ),
    payload=json_values,
    signature=st.binary(max_size=80),
)
def test_any_header_and_payload_are_refused_cleanly(header, payload, signature):
    header.setdefault("typ", "openid4vci-proof+jwt")
    signature_part = base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
    assert _refused(f"{_part(header)}.{_part(payload)}.{signature_part}")


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", max_size=80))
def test_any_did_key_text_resolves_or_is_refused(multibase):
    with contextlib.suppress(ProofError):
        resolve_did_key(f"did:key:z{multibase}")


def test_a_proof_signed_an_hour_ago_is_too_old():
    holder = Holder.ed25519()
    jwt = holder.proof(aud=AUD, nonce="n", iat=int(NOW.timestamp()) - 3600)
    assert _refused(jwt)
    fresh = holder.proof(aud=AUD, nonce="n", iat=int(NOW.timestamp()) - 60)
    assert check_proof_jwt(fresh, audience=AUD, now=NOW).holder_did == holder.did
