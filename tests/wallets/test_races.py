"""Eight wallets race on one offer against PostgreSQL: one access token per code, one
credential per offer, one use per nonce, however many ask at the same moment."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tests.support.badges import SITE
from tests.support.credentials import make_credential
from tests.support.recognition import earn_badge
from tests.support.wallets import Holder
from wallets import oid4vci, services
from wallets.models import UsedNonce, WalletOffer, WalletOfferEvent

pytestmark = pytest.mark.django_db(transaction=True)


def _race(call: Callable[[], Any], workers: int = 8) -> tuple[list[Any], list[Exception]]:
    barrier = threading.Barrier(workers)
    results: list[Any] = []
    errors: list[Exception] = []

    def worker() -> None:
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@pytest.fixture
def created(cast) -> services.CreatedOffer:
    badge = earn_badge(cast.educator, make_credential(cast.issuer, "raced"), cast.reviewer)
    return services.wallet_offer_create(badge=badge, by=cast.educator)


def test_one_token_per_code(created):
    grants, errors = _race(
        lambda: services.wallet_token_issue(
            pre_authorized_code=created.pre_authorized_code, tx_code=created.tx_code
        )
    )
    assert len(grants) == 1
    assert len(errors) == 7 and {e.error for e in errors} == {"invalid_grant"}
    assert WalletOfferEvent.objects.filter(action="token_issued").count() == 1


def test_one_credential_per_offer_and_one_use_per_nonce(created):
    grant = services.wallet_token_issue(
        pre_authorized_code=created.pre_authorized_code, tx_code=created.tx_code
    )
    holder = Holder.ed25519()
    body = {
        "credential_configuration_id": oid4vci.CONFIGURATION_ID,
        "proofs": {"jwt": [holder.proof(aud=SITE, nonce=grant.c_nonce)]},
    }
    issued, errors = _race(
        lambda: services.wallet_credential_issue(access_token=grant.access_token, body=body)
    )
    assert len(issued) == 1
    assert {e.error for e in errors} <= {"invalid_token", "invalid_nonce"}
    assert len(errors) == 7
    assert WalletOffer.objects.get().status == WalletOffer.Status.CREDENTIAL_ISSUED
    assert UsedNonce.objects.count() == 1
