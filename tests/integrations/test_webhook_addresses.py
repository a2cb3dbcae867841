"""Where webhooks may go: never to private or loopback addresses, never over plain http, in
production (registration and every delivery check it)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from integrations import webhooks
from integrations.models import WebhookEndpoint
from tests.integrations import test_webhooks as hooks
from tests.integrations.test_webhooks import ALL_EVENTS, api_as, endpoint_for, staff_page

# The webhook tests' fixtures: a real HTTP receiver, and retries without waiting.
receiver = hooks.receiver
_fast_retries = hooks._fast_retries


# --------------------------------------------------------------------------------------------
# Private and loopback addresses (production)
# --------------------------------------------------------------------------------------------


REFUSED_URLS = [
    "http://127.0.0.1:8000/hook",
    "http://localhost/hook",
    "https://10.1.2.3/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://100.64.0.1/hook",
    "http://224.0.0.1/hook",
    "http://0.0.0.0/hook",
]


@pytest.mark.django_db
def test_private_addresses_are_refused_at_registration(cast, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    api = APIClient()
    api.force_authenticate(cast.district_admin)
    for url in REFUSED_URLS:
        with pytest.raises(webhooks.WebhookUrlError):
            endpoint_for(cast.district, url)
        response = api.post(
            reverse("api-organization-webhooks", args=[cast.district.public_id]),
            {"url": url, "event_types": ["badge.awarded"]},
            format="json",
        )
        assert response.status_code == 400, url
        assert "private or reserved" in response.json()["url"][0], url
    assert WebhookEndpoint.objects.count() == 0


HTTPS_ONLY = "Use an https:// URL"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value", "url", "message"),
    [
        ("WEBHOOKS_ALLOW_PRIVATE", False, "http://127.0.0.1/hook", "private or reserved address"),
        ("WEBHOOKS_REQUIRE_HTTPS", True, "http://hooks.example.org/in", HTTPS_ONLY),
    ],
)
def test_page_explains_a_refused_url(cast, settings, setting, value, url, message):
    setattr(settings, setting, value)
    response = staff_page(cast).post(
        reverse("organizations:integration_webhook_create"),
        {"org": str(cast.district.public_id), "url": url, "event_types": ["badge.awarded"]},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert WebhookEndpoint.objects.count() == 0


@pytest.mark.django_db
def test_private_addresses_are_refused_at_delivery(
    cast, receiver, settings, django_capture_on_commit_callbacks
):
    endpoint, _ = endpoint_for(cast.district, receiver.url)  # registered while allowed
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert "private or reserved" in delivery.last_error
    assert receiver.received == []


# --------------------------------------------------------------------------------------------
# https only (production): signed staff progress never travels in clear text
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_http_is_refused_when_https_is_required(cast, settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    with pytest.raises(webhooks.WebhookUrlError, match=HTTPS_ONLY):
        endpoint_for(cast.district, "http://hooks.example.org/in")
    with pytest.raises(webhooks.WebhookUrlError, match="Use an https:// URL with a host name"):
        endpoint_for(cast.district, "ftp://hooks.example.org/in")
    endpoint, _ = endpoint_for(cast.district, "https://hooks.example.org/in")
    assert WebhookEndpoint.objects.get().url == endpoint.url


def test_https_is_required_unless_the_environment_says_otherwise():
    # Production reads WEBHOOKS_REQUIRE_HTTPS from the environment, on unless turned off.
    from tests.config.test_settings import GOOD_ENV, run_manage

    code = "from django.conf import settings; print(settings.WEBHOOKS_REQUIRE_HTTPS)"
    result = run_manage(GOOD_ENV, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "True"


@pytest.mark.django_db
def test_api_refuses_http_on_create_and_on_change(cast, settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    client = api_as(cast.district_admin)
    url = reverse("api-organization-webhooks", args=[cast.district.public_id])
    refused = client.post(
        url, {"url": "http://hooks.example.org/in", "event_types": ALL_EVENTS}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["url"][0].startswith(HTTPS_ONLY)
    assert WebhookEndpoint.objects.count() == 0
    created = client.post(
        url, {"url": "https://hooks.example.org/in", "event_types": ALL_EVENTS}, format="json"
    )
    assert created.status_code == 201
    detail = reverse(
        "api-organization-webhook", args=[cast.district.public_id, created.json()["id"]]
    )
    changed = client.patch(detail, {"url": "http://hooks.example.org/in"}, format="json")
    assert changed.status_code == 400 and changed.json()["url"][0].startswith(HTTPS_ONLY)
    assert WebhookEndpoint.objects.get().url == "https://hooks.example.org/in"


@pytest.mark.django_db
def test_http_is_accepted_when_https_is_not_required(
    cast, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    created = api_as(cast.district_admin).post(
        reverse("api-organization-webhooks", args=[cast.district.public_id]),
        {"url": receiver.url, "event_types": ALL_EVENTS},
        format="json",
    )
    assert created.status_code == 201
    page = staff_page(cast).post(
        reverse("organizations:integration_webhook_create"),
        {"org": str(cast.district.public_id), "url": receiver.url, "event_types": ALL_EVENTS},
    )
    assert page.status_code == 201
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=WebhookEndpoint.objects.first())
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.received) == 1


@pytest.mark.django_db
def test_an_http_endpoint_is_not_sent_to_once_https_is_required(
    cast, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_REQUIRE_HTTPS = False
    endpoint, _ = endpoint_for(cast.district, receiver.url)  # registered while allowed
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    settings.WEBHOOKS_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.webhook_test_send(endpoint=endpoint)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.last_error.startswith(HTTPS_ONLY)
    assert receiver.received == []
