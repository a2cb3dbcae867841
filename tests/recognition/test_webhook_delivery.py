"""credit.approved, end to end: the body's home organization registers a webhook on its
Integrations page (where the event is offered and explained), an approver approves, and a real
HTTP receiver on 127.0.0.1 gets the signed event with the certificate's URL."""

import pytest
from django.urls import reverse

from integrations.models import WebhookDelivery, WebhookEndpoint
from recognition import certificates, services
from tests.integrations import test_webhooks as hooks
from tests.integrations.test_webhooks import signature_ok, staff_page

pytestmark = pytest.mark.django_db

# The webhook tests' fixtures: a real HTTP receiver, and retries without waiting.
receiver = hooks.receiver
_fast_retries = hooks._fast_retries


def _register(client, org, url, events):
    response = client.post(
        reverse("organizations:integration_webhook_create"),
        {"org": str(org.public_id), "url": url, "event_types": events},
    )
    assert response.status_code == 201, response.content.decode()[:2000]
    return WebhookEndpoint.objects.get(url=url, organization=org)


def test_the_integrations_page_offers_credit_approved_and_says_who_it_is_for(cast):
    client = staff_page(cast)
    page = client.get(reverse("organizations:integrations") + f"?org={cast.district.public_id}")

    text = page.content.decode()
    assert 'value="credit.approved"' in text
    assert "matters only to an organization that runs a recognition body" in text


def test_approved_credit_reaches_the_bodys_systems_signed(
    cast, board, rule, badge, approver, receiver, django_capture_on_commit_callbacks
):
    # The board's home is the state: its admin registers the state's endpoint.
    client = staff_page(cast)
    client.force_login(cast.state_admin)
    endpoint = _register(client, cast.state, receiver.url, ["credit.approved"])
    other = _register(client, cast.state, receiver.url + "/badges", ["badge.awarded"])
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_request_approve(request=request, by=approver)

    [item] = receiver.received
    assert item.headers["X-Webhook-Event"] == "credit.approved"
    assert signature_ok(endpoint.secret, item)
    body = item.json
    assert body["type"] == "credit.approved"
    data = body["data"]
    assert data["credit_request"]["id"] == str(request.public_id)
    assert data["credit_request"]["amount"] == "10.00"
    assert data["credit_request"]["unit"] == "hours"
    assert data["credit_request"]["certificate_url"] == certificates.verification_url(request)
    assert data["body"] == {"id": str(board.public_id), "name": board.name}
    assert data["educator"]["email"] == cast.educator.email
    assert [b["badge"] for b in data["badges"]] == [str(badge.public_id)]
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert not WebhookDelivery.objects.filter(endpoint=other).exists()


def test_a_districts_endpoints_do_not_hear_credit_of_a_body_it_does_not_run(
    cast, board, rule, badge, approver, receiver, django_capture_on_commit_callbacks
):
    # The district's educator earns the credit, but the board's home is the state.
    _register(staff_page(cast), cast.district, receiver.url, ["credit.approved"])
    request = services.credit_request_create(
        educator=cast.educator, recognition=rule, badges=[badge]
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.credit_request_approve(request=request, by=approver)

    assert receiver.received == []
