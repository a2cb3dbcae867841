"""Webhooks: organizations register URLs and receive signed events about their educators.

The events are the domain events other apps emit (common/events.py); integrations/
subscriptions.py hands each to `webhook_event_emit`, in the emitter's transaction. Emitting
writes one `WebhookDelivery` row per subscribed endpoint in the caller's transaction
(an outbox: the event exists exactly when the change it reports does) and enqueues the
delivery tasks once it commits. Delivering resolves the host, refuses private addresses
unless settings allow them, connects to the address it checked, POSTs the JSON body signed
with HMAC-SHA256 and records the outcome; failures are retried with exponential backoff up to
a cap, and a sweeper re-enqueues anything a lost message left pending.

Receivers verify `X-Webhook-Signature: sha256=<hex>` as
`hmac_sha256(secret, f"{X-Webhook-Timestamp}.{raw body}")` and deduplicate on `X-Webhook-Id`
(the event id, the same for every attempt and redelivery).
"""

import hashlib
import hmac
import ipaddress
import json
import logging
import secrets
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from accounts.models import User
from common.backoff import backoff_seconds
from common.crypto import DecryptionError
from common.events import iso_datetime
from common.tasks import enqueue
from organizations.models import Membership, Organization, Role

from .models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
USER_AGENT = "Microcred-Webhooks/1.0"
ERROR_MAX_CHARS = 500


class EventType(models.TextChoices):
    SUBMISSION_SUBMITTED = "submission.submitted", "A submission was sent for review"
    REVIEW_COMPLETED = "review.completed", "A decision was released (passed or not yet)"
    BADGE_AWARDED = "badge.awarded", "A badge was awarded"
    BADGE_REVOKED = "badge.revoked", "A badge was revoked"
    CREDIT_APPROVED = "credit.approved", "Credit was approved (recognition bodies' own endpoints)"


# Addressed to one organization's own systems by the app that owns the event (a recognition
# body's credit.approved: webhook_event_emit_to_organization), not heard as a domain event.
ORGANIZATION_EVENTS = frozenset({EventType.CREDIT_APPROVED})

TEST_EVENT = "webhook.test"  # "send test event": always delivered, never subscribed to


class WebhookUrlError(ValueError):
    """The URL cannot receive webhooks (scheme, host, or a private address)."""


# --------------------------------------------------------------------------------------------
# Where deliveries may go
# --------------------------------------------------------------------------------------------


_NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (translation and tunnelling forms): a packet
    to it reaches them, so they are judged instead of the IPv6 address."""
    value = int(ip)
    if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d
        return [ip.ipv4_mapped]
    if ip in _NAT64_WELL_KNOWN or value >> 32 == 0:  # 64:ff9b::/96, IPv4-compatible ::a.b.c.d
        return [ipaddress.IPv4Address(value & 0xFFFFFFFF)]
    if ip in _NAT64_LOCAL:
        # The /48 format of RFC 6052 splits the IPv4 around the u octet (bits 48-63 and 72-87)
        # and leaves the suffix zero; an operator may also carve a /96 out of the /48 and
        # carry it in the last 32 bits. Each reading that carries something must be public.
        split = ((value >> 64) & 0xFFFF) << 16 | (value >> 40) & 0xFFFF
        readings = [reading for reading in (split, value & 0xFFFFFFFF) if reading] or [0]
        return [ipaddress.IPv4Address(reading) for reading in readings]
    if ip.sixtofour is not None:  # 2002::/16, the IPv4 in bits 16-48
        return [ip.sixtofour]
    if ip.teredo is not None:  # 2001::/32: the server in bits 32-64, the client XOR-ed at the end
        server, client = ip.teredo
        return [server, client]
    return []


def _refused(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded:
            return any(_refused_ip(carried) for carried in embedded)
    return _refused_ip(ip)


def _refused_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # Not global covers private, loopback, link-local, reserved, shared (CGNAT), unspecified.
    return not ip.is_global or ip.is_multicast


Resolver = Callable[[str, int], list[str]]


def resolve_host(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (getaddrinfo: A and AAAA records)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookUrlError(f"The host name {host} does not resolve.") from error
    return list(dict.fromkeys(str(info[4][0]) for info in found))


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    netloc: str


def _https_required() -> bool:
    # Payloads carry staff progress and their signatures: never in clear text unless the
    # settings say so (local and test settings, for receivers on 127.0.0.1).
    return bool(settings.WEBHOOKS_REQUIRE_HTTPS)


def webhook_target(url: str) -> Target:
    """The parts of a webhook URL; raises WebhookUrlError for anything but plain https (or
    http, where settings.WEBHOOKS_REQUIRE_HTTPS is off). Registration and every delivery
    check it, so an endpoint registered as http:// is not sent to once https is required."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        expected = "an https://" if _https_required() else "an http:// or https://"
        raise WebhookUrlError(f"Use {expected} URL with a host name.")
    if parts.scheme == "http" and _https_required():
        raise WebhookUrlError(
            "Use an https:// URL: webhook payloads describe your staff's progress and are "
            "signed, so they are never sent over unencrypted http://."
        )
    if parts.username or parts.password:
        raise WebhookUrlError("Do not put credentials in the URL; verify the signature instead.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise WebhookUrlError("The port is not valid.") from error
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    netloc = parts.netloc.rsplit("@", 1)[-1]
    return Target(parts.scheme, parts.hostname, port, path, netloc)


def webhook_addresses(target: Target, *, resolve: Resolver | None = None) -> list[str]:
    """The addresses to connect to; refuses any private, loopback, link-local, multicast or
    reserved one, or an IPv6 address carrying such an IPv4 address, unless
    settings.WEBHOOKS_ALLOW_PRIVATE (local and test settings). Every address the name
    resolves to must pass: one private answer among public ones refuses the host."""
    addresses = (resolve or resolve_host)(target.host, target.port)
    if not addresses:
        raise WebhookUrlError(f"The host name {target.host} does not resolve.")
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        refused = [address for address in addresses if _refused(address)]
        if refused:
            raise WebhookUrlError(
                f"{target.host} resolves to a private or reserved address ({refused[0]}); "
                "webhooks are only sent to public addresses."
            )
    return addresses


def webhook_url_validate(url: str, *, resolve: Resolver | None = None) -> None:
    """Registration-time check: a well-formed https:// URL whose host resolves to public
    addresses (in production). Delivery checks again: DNS may change after registration."""
    target = webhook_target(url)
    if not settings.WEBHOOKS_ALLOW_PRIVATE:
        webhook_addresses(target, resolve=resolve)


# --------------------------------------------------------------------------------------------
# Endpoints
# --------------------------------------------------------------------------------------------


def _clean_event_types(event_types: list[str]) -> list[str]:
    unknown = set(event_types) - set(EventType.values)
    if unknown or not event_types:
        raise ValueError(f"Unknown or missing event types: {sorted(unknown)}")
    return sorted(set(event_types))


def webhook_endpoint_create(
    *, organization: Organization, url: str, event_types: list[str], by: User | None
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its signing secret (shown this once)."""
    webhook_url_validate(url)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    endpoint = WebhookEndpoint(
        organization=organization,
        url=url,
        event_types=_clean_event_types(event_types),
        created_by=by,
    )
    endpoint.secret = secret  # stored encrypted (the model's `secret` setter)
    endpoint.save()
    return endpoint, secret


def webhook_endpoint_update(
    *,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    event_types: list[str] | None = None,
    is_active: bool | None = None,
) -> WebhookEndpoint:
    """Change the URL, the events or the active flag (the secret never changes here)."""
    if url is not None and url != endpoint.url:
        webhook_url_validate(url)
        endpoint.url = url
    if event_types is not None:
        endpoint.event_types = _clean_event_types(event_types)
    if is_active is not None:
        endpoint.is_active = is_active
    endpoint.save(update_fields=["url", "event_types", "is_active", "updated_at"])
    return endpoint


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Remove the endpoint and its delivery log; pending deliveries are dropped with it."""
    endpoint.delete()


def webhook_endpoints_for(organization: Organization) -> QuerySet[WebhookEndpoint]:
    """An organization's endpoints with their last delivery's status (one query)."""
    last = WebhookDelivery.objects.filter(endpoint=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        WebhookEndpoint.objects.filter(organization=organization)
        .annotate(
            last_status=models.Subquery(last.values("status")[:1]),
            last_delivery_at=models.Subquery(last.values("created_at")[:1]),
        )
        .order_by("-created_at")
    )


def webhook_deliveries_for(endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """An endpoint's delivery log, newest first."""
    return WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")


# --------------------------------------------------------------------------------------------
# Events
# --------------------------------------------------------------------------------------------


def _endpoints_for_educator(educator_id: int, event_type: str) -> list[WebhookEndpoint]:
    """Active endpoints of the educator's organizations and all their ancestors."""
    in_subtree = Membership.objects.filter(
        user_id=educator_id,
        is_active=True,
        role=Role.EDUCATOR,
        organization__path__startswith=OuterRef("organization__path"),
    )
    endpoints = WebhookEndpoint.objects.filter(Exists(in_subtree), is_active=True)
    # Filtered here, not in SQL: JSON containment differs between PostgreSQL and SQLite.
    return [endpoint for endpoint in endpoints if event_type in endpoint.event_types]


def webhook_event_emit(event_type: str, *, educator_id: int, data: dict[str, Any]) -> list[int]:
    """Record the event about this educator for every subscribed endpoint (in the caller's
    transaction) and deliver after the commit. `data` is the body's `data`, as the emitting app
    described the event. Returns the delivery ids (none when nobody subscribed)."""
    endpoints = _endpoints_for_educator(educator_id, event_type)
    if not endpoints:
        return []
    now = timezone.now()
    payload = event_payload(event_type, now, data)
    return _enqueue_deliveries(endpoints, event_type, payload, now)


def webhook_event_emit_to_organization(
    event_type: str, *, organization_id: int, data: dict[str, Any]
) -> list[int]:
    """Record an event addressed to one organization's own systems (a recognition body's
    credit.approved) for its subscribed endpoints, and deliver after the commit."""
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(
            organization_id=organization_id, is_active=True
        )
        if event_type in endpoint.event_types
    ]
    if not endpoints:
        return []
    now = timezone.now()
    payload = event_payload(event_type, now, data)
    return _enqueue_deliveries(endpoints, event_type, payload, now)


def _enqueue_deliveries(
    endpoints: list[WebhookEndpoint], event_type: str, payload: dict[str, Any], now: datetime
) -> list[int]:
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=endpoint,
            event_id=payload["id"],
            event_type=event_type,
            payload=payload,
            next_attempt_at=now,
        )
        for endpoint in endpoints
    )
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _send_tasks(ids))
    return ids


def _send_tasks(ids: list[int]) -> None:
    # A broker outage must not fail the change that emitted the event: the rows are saved
    # and the sweeper sends what could not be enqueued.
    from .tasks import webhook_deliver_task  # tasks.py imports this module

    for delivery_id in ids:
        enqueue(webhook_deliver_task, delivery_id)


def event_payload(event_type: str, occurred_at: datetime, data: dict[str, Any]) -> dict[str, Any]:
    """The event body: a new event id, the type, when, and the event's data (ids, URLs and
    outcomes a district admin sees on the dashboard, never evidence, scores or reviewer
    identities)."""
    return {
        "id": str(uuid.uuid4()),
        "type": event_type,
        "occurred_at": iso_datetime(occurred_at),
        "data": data,
    }


def webhook_test_send(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A `webhook.test` event to this endpoint only, whatever it subscribes to."""
    now = timezone.now()
    payload = {
        "id": str(uuid.uuid4()),
        "type": TEST_EVENT,
        "occurred_at": iso_datetime(now),
        "data": {"organization": {"id": str(endpoint.organization.public_id)}},
    }
    with transaction.atomic():
        [delivery_id] = _enqueue_deliveries([endpoint], TEST_EVENT, payload, now)
    return WebhookDelivery.objects.get(pk=delivery_id)


def webhook_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send an event again as a new delivery (same event id and body, fresh attempts)."""
    with transaction.atomic():
        [delivery_id] = _enqueue_deliveries(
            [delivery.endpoint], delivery.event_type, delivery.payload, timezone.now()
        )
    return WebhookDelivery.objects.get(pk=delivery_id)


# --------------------------------------------------------------------------------------------
# Delivery
# --------------------------------------------------------------------------------------------


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of "<timestamp>.<body>" under the endpoint secret."""
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff after the given number of failed attempts, capped."""
    base = settings.WEBHOOKS_RETRY_BASE_SECONDS
    seconds = backoff_seconds(attempts - 1, base=base, cap=settings.WEBHOOKS_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds)


@dataclass
class Outcome:
    delivered: bool
    status_code: int | None = None
    error: str = ""


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """Take the attempt that is due (moving `next_attempt_at` forward as a lease), or None
    when it is not pending or not due: a duplicate message or a redelivered task."""
    now = timezone.now()
    lease = timedelta(seconds=settings.WEBHOOKS_TIMEOUT_SECONDS * 4 + 30)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + lease, attempts=F("attempts") + 1, updated_at=now)
    if claimed != 1:
        return None
    return WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)


def webhook_delivery_attempt(*, delivery_id: int) -> timedelta | None:
    """Make the attempt that is due, if any, and record it. Returns the delay before the
    next attempt when one is scheduled, else None (delivered, failed for good, not due)."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    if not delivery.endpoint.is_active:
        outcome = Outcome(False, error="The endpoint is deactivated.")
        delivery.attempts = settings.WEBHOOKS_MAX_ATTEMPTS  # nothing to retry
    else:
        outcome = _post(delivery)
    return _record(delivery, outcome)


def _record(delivery: WebhookDelivery, outcome: Outcome) -> timedelta | None:
    now = timezone.now()
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error[:ERROR_MAX_CHARS]
    delay = None
    if outcome.delivered:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.WEBHOOKS_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delay = retry_delay(delivery.attempts)
        delivery.next_attempt_at = now + delay
    delivery.save(
        update_fields=[
            "status",
            "attempts",
            "delivered_at",
            "next_attempt_at",
            "last_status_code",
            "last_error",
            "updated_at",
        ]
    )
    return delay


def _post(delivery: WebhookDelivery) -> Outcome:
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(timezone.now().timestamp()))
    try:
        signature = webhook_signature(endpoint.secret, timestamp, body)
    except DecryptionError:
        # SECRET_KEY changed without the old one in SECRET_KEY_FALLBACKS: the attempt fails
        # and is retried, so restoring the fallback recovers the delivery.
        return Outcome(False, error="The signing secret cannot be decrypted with SECRET_KEY.")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Webhook-Id": str(delivery.event_id),
        "X-Webhook-Event": delivery.event_type,
        "X-Webhook-Timestamp": timestamp,
        "X-Webhook-Signature": signature,
    }
    try:
        target = webhook_target(endpoint.url)
        address = webhook_addresses(target)[0]
        return _send(target, address, body, headers)
    except WebhookUrlError as error:
        return Outcome(False, error=str(error))
    except (urllib3.exceptions.HTTPError, OSError) as error:
        return Outcome(False, error=f"{type(error).__name__}: {error}")


def _send(target: Target, address: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST to the address that was checked (no second lookup an attacker's DNS could
    answer differently); TLS still verifies the certificate for the host name."""
    timeout = urllib3.Timeout(
        connect=settings.WEBHOOKS_CONNECT_TIMEOUT_SECONDS, read=settings.WEBHOOKS_TIMEOUT_SECONDS
    )
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            target.port,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            timeout=timeout,
            retries=False,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, target.port, timeout=timeout, retries=False)
    with pool:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={**headers, "Host": target.netloc},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        snippet = response.read(300, decode_content=True).decode(errors="replace")
        response.release_conn()
    if 200 <= response.status < 300:
        return Outcome(True, response.status)
    if 300 <= response.status < 400:
        error = f"HTTP {response.status}: redirects are not followed."
        return Outcome(False, response.status, error)
    return Outcome(False, response.status, f"HTTP {response.status}: {snippet}".strip())


def webhooks_sweep(*, limit: int = 500) -> int:
    """Re-enqueue pending deliveries whose attempt is due (a lost message delays, never
    loses). Returns how many were enqueued."""
    from .tasks import webhook_deliver_task  # tasks.py imports this module

    due = list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in due:
        webhook_deliver_task.delay(delivery_id)  # the broker is up: beat just reached us
    return len(due)
