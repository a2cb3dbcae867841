"""Every credential the suite signs (in this process) is verified again, at the end of the
session, by Digital Bazaar's verifier: a fixture of `tests/conftest.py`.

The dedicated tests (`tests/interop/test_*.py`) read credentials back from the platform's URLs
with their status lists; this sweep adds breadth: whatever documents the other tests happen to
issue (odd titles, hours, renewals, stacks, revocations). It checks proofs, not status (the
status lists of rolled-back tests are gone), against the issuer profile the platform builds
(`badges.documents.ob3_issuer_profile`) for the key named in the proof. Credentials signed in
other processes (the Celery workers and gunicorn of the browser and fault tests) are not seen.
"""

from collections.abc import Iterator
from typing import Any
from uuid import UUID

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import resolve

from badges import documents, resigning, services
from badges.models import IssuerKey
from organizations.models import Organization
from tests.interop import node
from wallets import services as wallet_services

_Signed = tuple[dict[str, Any], str]  # the credential, and SITE_URL when it was signed


def _recording(sign: Any, signed: list[_Signed]) -> Any:
    def sign_and_record(*args: Any, **kwargs: Any) -> dict[str, Any]:
        credential: dict[str, Any] = sign(*args, **kwargs)
        signed.append((credential, settings.SITE_URL))
        return credential

    return sign_and_record


def _profiles(credentials: list[dict[str, Any]], site_url: str) -> dict[str, Any]:
    """The issuer profile of every key the credentials name (an issuer may have several)."""
    keys: dict[str, set[str]] = {}
    for credential in credentials:
        profile_url, _, multibase = credential["proof"]["verificationMethod"].partition("#")
        keys.setdefault(profile_url, set()).add(multibase)
    profiles = {}
    for profile_url, multibases in keys.items():
        public_id: UUID = resolve(profile_url.removeprefix(site_url)).kwargs["public_id"]
        issuer = Organization(public_id=public_id, name="Issuer", kind=Organization.Kind.ISSUER)
        issuer_keys = [IssuerKey(issuer=issuer, public_key_multibase=m) for m in sorted(multibases)]
        profiles[profile_url] = documents.ob3_issuer_profile(issuer, issuer_keys)
    return profiles


def _verify_all(signed: list[_Signed]) -> list[tuple[str, list[str]]]:
    failures = []
    for site_url in {site for _, site in signed}:
        credentials = [credential for credential, site in signed if site == site_url]
        with override_settings(SITE_URL=site_url):
            profiles = _profiles(credentials, site_url)
        results = node.verify(credentials, profiles, check_status=False)
        failures += [
            (str(credential.get("id")), result["errors"])
            for credential, result in zip(credentials, results, strict=True)
            if not result["verified"]
        ]
    return failures


@pytest.fixture(scope="session", autouse=True)
def verify_everything_signed() -> Iterator[None]:
    signed: list[_Signed] = []
    with pytest.MonkeyPatch.context() as patch:
        # Badges as issued and re-signed, and their copies bound to a wallet's did:key.
        for module in (services, resigning, wallet_services):
            patch.setattr(module, "sign_credential", _recording(module.sign_credential, signed))
        yield
    if signed:
        failures = _verify_all(signed)
        assert not failures, (
            f"{len(failures)} of the {len(signed)} credentials this test session signed fail "
            f"independent verification: {failures[:5]}"
        )
