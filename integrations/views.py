"""The Integrations pages of a district or state admin: organization API keys and webhooks
with their delivery log. Anything a user may not see answers 404."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from common.http import request_user
from organizations.models import Organization
from organizations.views import get_root_for_user

from . import api_keys, webhooks
from .forms import ApiKeyForm, WebhookForm
from .models import OrganizationApiKey, WebhookDelivery, WebhookEndpoint

DELIVERIES_PAGE_SIZE = 50


def _integrations_page(
    request: HttpRequest,
    root: Organization,
    roots: list[Organization],
    *,
    key_form: ApiKeyForm | None = None,
    webhook_form: WebhookForm | None = None,
    shown_once: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "root": root,
        "roots": roots,
        "keys": api_keys.organization_keys_for(root)[:100],
        "endpoints": webhooks.webhook_endpoints_for(root)[:100],
        "key_form": key_form or ApiKeyForm(),
        "webhook_form": webhook_form or WebhookForm(),
        "shown_once": shown_once or {},
    }
    response = render(request, "integrations/index.html", context, status=status)
    if shown_once:
        response["Cache-Control"] = "no-store"  # a key or secret: never cached anywhere
    return response


@login_required
@require_GET
def integrations(request: HttpRequest) -> HttpResponse:
    root, roots = get_root_for_user(request)
    return _integrations_page(request, root, roots)


@login_required
@require_POST
def integration_key_create(request: HttpRequest) -> HttpResponse:
    """Create a key and show it this once (rendered, never stored in the session)."""
    root, roots = get_root_for_user(request)
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _integrations_page(request, root, roots, key_form=form, status=400)
    key, plain = api_keys.organization_key_create(
        organization=root,
        name=form.cleaned_data["name"],
        scopes=form.cleaned_data["scopes"],
        by=request_user(request),
    )
    shown = {"kind": "key", "name": key.name, "value": plain}
    return _integrations_page(request, root, roots, shown_once=shown, status=201)


@login_required
@require_POST
def integration_webhook_create(request: HttpRequest) -> HttpResponse:
    """Register an endpoint and show its signing secret this once."""
    root, roots = get_root_for_user(request)
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _integrations_page(request, root, roots, webhook_form=form, status=400)
    try:
        endpoint, secret = webhooks.webhook_endpoint_create(
            organization=root,
            url=form.cleaned_data["url"],
            event_types=form.cleaned_data["event_types"],
            by=request_user(request),
        )
    except webhooks.WebhookUrlError as error:  # DNS changed between the form and here
        form.add_error("url", str(error))
        return _integrations_page(request, root, roots, webhook_form=form, status=400)
    shown = {"kind": "secret", "name": endpoint.url, "value": secret}
    return _integrations_page(request, root, roots, shown_once=shown, status=201)


def _get_integration_for_user(
    request: HttpRequest, model: type[OrganizationApiKey] | type[WebhookEndpoint], public_id: UUID
) -> Any:
    """A key or endpoint of an organization the admin administers; else 404."""
    found = model.objects.filter(public_id=public_id).select_related("organization").first()
    user = request_user(request)
    if (
        found is None
        or not user.has_perm("organizations.view_staff_progress")
        or not user.has_perm("organizations.administer_organization", found.organization)
    ):
        raise Http404("No such integration")
    return found


def _back_to_integrations(organization: Organization) -> HttpResponse:
    return redirect(f"{reverse('organizations:integrations')}?org={organization.public_id}")


@login_required
@require_POST
def integration_key_revoke(request: HttpRequest, public_id: UUID) -> HttpResponse:
    key = _get_integration_for_user(request, OrganizationApiKey, public_id)
    api_keys.organization_key_revoke(key=key)
    messages.info(request, f"The key “{key.name}” was revoked; it no longer works.")
    return _back_to_integrations(key.organization)


@login_required
@require_GET
def integration_webhook(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """An endpoint and its delivery log (newest first, 50 a page)."""
    endpoint = _get_integration_for_user(request, WebhookEndpoint, public_id)
    deliveries = webhooks.webhook_deliveries_for(endpoint)
    page = Paginator(deliveries, DELIVERIES_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"endpoint": endpoint, "page": page, "event_labels": dict(webhooks.EventType.choices)}
    return render(request, "integrations/webhook.html", context)


def _back_to_webhook(endpoint: WebhookEndpoint) -> HttpResponse:
    return redirect("organizations:integration_webhook", public_id=endpoint.public_id)


@login_required
@require_POST
def integration_webhook_test(request: HttpRequest, public_id: UUID) -> HttpResponse:
    endpoint = _get_integration_for_user(request, WebhookEndpoint, public_id)
    webhooks.webhook_test_send(endpoint=endpoint)
    messages.info(request, "A test event was sent; its delivery appears below.")
    return _back_to_webhook(endpoint)


@login_required
@require_POST
def integration_webhook_toggle(request: HttpRequest, public_id: UUID) -> HttpResponse:
    endpoint = _get_integration_for_user(request, WebhookEndpoint, public_id)
    webhooks.webhook_endpoint_update(endpoint=endpoint, is_active=not endpoint.is_active)
    messages.info(request, "Activated." if endpoint.is_active else "Paused: no events are sent.")
    return _back_to_webhook(endpoint)


@login_required
@require_POST
def integration_webhook_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    endpoint = _get_integration_for_user(request, WebhookEndpoint, public_id)
    webhooks.webhook_endpoint_delete(endpoint=endpoint)
    messages.info(request, "The webhook and its delivery log were deleted.")
    return _back_to_integrations(endpoint.organization)


@login_required
@require_POST
def integration_redeliver(request: HttpRequest, public_id: UUID) -> HttpResponse:
    delivery = (
        WebhookDelivery.objects.filter(public_id=public_id)
        .select_related("endpoint__organization")
        .first()
    )
    if delivery is None:
        raise Http404("No such delivery")
    endpoint = _get_integration_for_user(request, WebhookEndpoint, delivery.endpoint.public_id)
    webhooks.webhook_redeliver(delivery=delivery)
    messages.info(request, "The event was sent again as a new delivery.")
    return _back_to_webhook(endpoint)
