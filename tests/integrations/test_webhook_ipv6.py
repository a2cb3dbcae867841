"""IPv6 addresses that carry an IPv4 address (NAT64, 6to4, IPv4-compatible, IPv4-mapped,
Teredo) are judged by the IPv4 they reach, and every address a host name resolves to must be
public, at registration and again at delivery (DNS rebinding). Names are resolved through
the `resolve` seam, never the network."""

import pytest

from integrations import webhooks
from integrations.models import WebhookDelivery
from tests.integrations.test_webhooks import endpoint_for

# (form, carrying 10.0.0.1 or 127.0.0.1, carrying 8.8.8.8)
CARRIERS = [
    ("NAT64 64:ff9b::/96", "64:ff9b::a00:1", "64:ff9b::808:808"),
    ("NAT64 local 64:ff9b:1::/48, /96 format", "64:ff9b:1::a00:1", "64:ff9b:1::808:808"),
    ("NAT64 local 64:ff9b:1::/48, /48 format", "64:ff9b:1:a00:0:100::", "64:ff9b:1:808:8:800::"),
    ("6to4 2002::/16", "2002:a00:1::1", "2002:808:808::1"),
    ("IPv4-compatible ::a.b.c.d", "::10.0.0.1", "::8.8.8.8"),
    ("IPv4-compatible loopback", "::127.0.0.1", "::8.8.4.4"),
    ("IPv4-mapped ::ffff:a.b.c.d", "::ffff:10.0.0.1", "::ffff:8.8.8.8"),
    # Teredo: server 8.8.8.8 in bits 32-64, client in the last 32 bits XOR 0xffffffff.
    ("Teredo client", "2001:0:808:808::f5ff:fffe", "2001:0:808:808::f7f7:f7f7"),
    ("Teredo server", "2001:0:a00:1::f7f7:f7f7", "2001:0:808:404::f7f7:fbfb"),
]


def resolving_to(*addresses: str) -> webhooks.Resolver:
    def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


@pytest.fixture
def production(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    settings.WEBHOOKS_REQUIRE_HTTPS = True


@pytest.mark.parametrize(("form", "private", "public"), CARRIERS, ids=[c[0] for c in CARRIERS])
def test_an_ipv6_address_is_judged_by_the_ipv4_it_carries(production, form, private, public):
    with pytest.raises(webhooks.WebhookUrlError, match="private or reserved"):
        webhooks.webhook_url_validate(f"https://[{private}]/hook")
    with pytest.raises(webhooks.WebhookUrlError, match="private or reserved"):
        webhooks.webhook_url_validate("https://hooks.example.org/in", resolve=resolving_to(private))
    webhooks.webhook_url_validate(f"https://[{public}]/hook")
    webhooks.webhook_url_validate("https://hooks.example.org/in", resolve=resolving_to(public))


def test_plain_ipv6_addresses_keep_their_own_rules(production):
    for refused in ("::1", "::", "fe80::1", "fc00::1", "ff02::1"):
        with pytest.raises(webhooks.WebhookUrlError):
            webhooks.webhook_url_validate("https://h.example.org/", resolve=resolving_to(refused))
    webhooks.webhook_url_validate("https://h.example.org/", resolve=resolving_to("2606:4700::1"))


def test_one_private_answer_among_public_ones_refuses_the_host(production):
    answers = resolving_to("93.184.216.34", "2606:4700::1", "2002:7f00:1::1")
    with pytest.raises(webhooks.WebhookUrlError, match=r"2002:7f00:1::1"):
        webhooks.webhook_url_validate("https://hooks.example.org/in", resolve=answers)


def test_a_name_that_resolves_to_nothing_is_refused(production):
    with pytest.raises(webhooks.WebhookUrlError, match="does not resolve"):
        webhooks.webhook_url_validate("https://hooks.example.org/in", resolve=resolving_to())


@pytest.mark.django_db
def test_a_name_rebound_to_a_carried_private_address_is_not_delivered_to(
    cast, production, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(webhooks, "resolve_host", resolving_to("93.184.216.34"))
    endpoint, _ = endpoint_for(cast.district, "https://hooks.example.org/in")
    # The name now answers with a NAT64 address that reaches the metadata service.
    monkeypatch.setattr(
        webhooks, "resolve_host", resolving_to("93.184.216.34", "64:ff9b::a9fe:a9fe")
    )
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "private or reserved address (64:ff9b::a9fe:a9fe)" in delivery.last_error
