"""The webhook endpoints and pages: the secret shown once, the delivery log, who may see what."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from integrations import webhooks
from integrations.models import WebhookDelivery, WebhookEndpoint
from tests.integrations import test_webhooks as hooks
from tests.integrations.test_webhooks import (
    ALL_EVENTS,
    api_as,
    endpoint_for,
    signature_ok,
    staff_page,
)

# The webhook tests' fixtures: a real HTTP receiver, and retries without waiting.
receiver = hooks.receiver
_fast_retries = hooks._fast_retries


# --------------------------------------------------------------------------------------------
# API and pages: secrets shown once, delivery log, who may see what
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_registers_a_webhook_with_its_secret_once(
    cast, receiver, django_capture_on_commit_callbacks
):
    client = api_as(cast.district_admin)
    url = reverse("api-organization-webhooks", args=[cast.district.public_id])
    created = client.post(url, {"url": receiver.url, "event_types": ALL_EVENTS}, format="json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    endpoint_id = created.json()["id"]
    listed = client.get(url)
    detail = client.get(
        reverse("api-organization-webhook", args=[cast.district.public_id, endpoint_id])
    )
    for response in (listed, detail):
        assert secret not in response.content.decode() and "secret" not in response.json()
    test_url = reverse("api-organization-webhook-test", args=[cast.district.public_id, endpoint_id])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(test_url).status_code == 202
    assert signature_ok(secret, receiver.received[0])
    assert receiver.received[0].json["type"] == "webhook.test"
    log = client.get(
        reverse("api-organization-webhook-deliveries", args=[cast.district.public_id, endpoint_id])
    ).json()
    assert log["count"] == 1 and log["results"][0]["status"] == "delivered"
    patch = client.patch(
        reverse("api-organization-webhook", args=[cast.district.public_id, endpoint_id]),
        {"is_active": False},
        format="json",
    )
    assert patch.json()["is_active"] is False


@pytest.mark.django_db
def test_page_registers_a_webhook_and_shows_the_secret_once(cast, receiver):
    client = staff_page(cast)
    response = client.post(
        reverse("organizations:integration_webhook_create"),
        {"org": str(cast.district.public_id), "url": receiver.url, "event_types": ALL_EVENTS},
    )
    assert response.status_code == 201
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    page = client.get(reverse("organizations:integrations") + f"?org={cast.district.public_id}")
    detail = client.get(reverse("organizations:integration_webhook", args=[endpoint.public_id]))
    for shown in (page, detail):
        assert receiver.url in shown.content.decode()
        assert endpoint.secret not in shown.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["educator", "other_admin", "outsider", "reviewer"])
def test_webhooks_are_404_to_everyone_else(cast, receiver, who):
    endpoint, _ = endpoint_for(cast.district, receiver.url)
    delivery = webhooks.webhook_test_send(endpoint=endpoint)
    user = getattr(cast, who)
    api = api_as(user)
    org = cast.district.public_id
    assert api.get(reverse("api-organization-webhooks", args=[org])).status_code == 404
    detail = reverse("api-organization-webhook", args=[org, endpoint.public_id])
    assert api.get(detail).status_code == 404
    assert api.delete(detail).status_code == 404
    deliveries = reverse("api-organization-webhook-deliveries", args=[org, endpoint.public_id])
    assert api.get(deliveries).status_code == 404
    page = Client()
    page.force_login(user)
    for name, method in (
        ("integration_webhook", "get"),
        ("integration_webhook_test", "post"),
        ("integration_webhook_toggle", "post"),
        ("integration_webhook_delete", "post"),
    ):
        url = reverse(f"organizations:{name}", args=[endpoint.public_id])
        assert getattr(page, method)(url).status_code == 404
    redeliver = reverse("organizations:integration_redeliver", args=[delivery.public_id])
    assert page.post(redeliver).status_code == 404
    assert WebhookDelivery.objects.count() == 1 and WebhookEndpoint.objects.get().is_active


@pytest.mark.django_db
def test_anonymous_gets_nothing(cast, receiver):
    endpoint, _ = endpoint_for(cast.district, receiver.url)
    org = cast.district.public_id
    assert APIClient().get(reverse("api-organization-webhooks", args=[org])).status_code in (
        401,
        403,
    )
    url = reverse("organizations:integration_webhook", args=[endpoint.public_id])
    assert Client().get(url).status_code == 302


@pytest.mark.django_db
def test_delivery_log_lists_take_a_fixed_number_of_queries(
    cast, receiver, django_assert_max_num_queries
):
    endpoint, _ = endpoint_for(cast.district, receiver.url)
    for _ in range(3):
        endpoint_for(cast.district, receiver.url + "?n=2")
    for _ in range(60):
        webhooks.webhook_test_send(endpoint=endpoint)  # not committed: stays pending
    api = api_as(cast.district_admin)
    org = cast.district.public_id
    with django_assert_max_num_queries(5):
        listed = api.get(reverse("api-organization-webhooks", args=[org]))
    assert listed.json()["count"] == 4
    with django_assert_max_num_queries(6):
        log = api.get(
            reverse("api-organization-webhook-deliveries", args=[org, endpoint.public_id])
        )
    assert log.json()["count"] == 60
    page = staff_page(cast)
    url = reverse("organizations:integration_webhook", args=[endpoint.public_id])
    page.get(url)
    with django_assert_max_num_queries(12):
        response = page.get(url + "?page=2")
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 10
