"""Malformed input (NUL bytes PostgreSQL refuses, ids that are not ids, numbers that are not
numbers, path tricks) on every page and form: a clear 4xx or the page, never a 500."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.test_csrf import CASES as FORMS
from tests.security.test_idor import _user
from tests.support.security import World, page_routes

pytestmark = pytest.mark.django_db

# Every field name our forms and filters read, each with a value that is wrong in kind.
GARBAGE = {
    "page": "-1\x00",
    "sort": "password;--",
    "org": "\x00",
    "q": "a\x00b",
    "focus_area": "\x00",
    "pd_min": "x\x00",
    "pd_max": "1e999",
    "url": "javascript:alert(1)\x00",
    "name": "\x00",
    "text": "a\x00b",
    "feedback": "\x00",
    "reason": "\x00",
    "body": "a\x00b",
    "title": "\x00",
    "notify": "\x00",
    "reply_to": "\x00",
    "micro_credential": "\x00",
    "evidence_summary": "\x00",
    "criterion": "not-a-uuid",
    "level": "\x00",
    "requirement": "\x00",
    "artifact": "zz",
    "display_name": "x\x00",
    "revoke": "not-a-uuid",
    "school": "zz",
    "educator": "\x00",
    "credential": "\x00",
    "due_on": "2026-99-99",
    "note": "\x00",
    "scopes": "\x00",
    "event_types": "\x00",
    "email": "\x00",
}
JSON_GARBAGE = (
    '{"requirement": "\\u0000", "filename": "\\u0000", "size": 1e309, "method": "PUT",'
    ' "key": "../../x", "uploadId": "../..", "partNumber": "x", "text": "\\u0000"}'
)
AS = ["district_admin", "educator", "reviewer", "author", "staff"]


def test_pages_survive_garbage_query_strings(world: World) -> None:
    client = Client(raise_request_exception=False)
    failures = []
    for who in AS:
        client.force_login(_user(world, who))
        for route in page_routes():
            if route.has_args or not route.name or not route.methods & {"GET", "ANY"}:
                continue
            response = client.get(reverse(route.name), GARBAGE)
            if response.status_code >= 500:
                failures.append((route.name, who, response.status_code))
    assert not failures, failures


def test_forms_survive_garbage_bodies(world: World) -> None:
    client = Client(raise_request_exception=False)
    failures: list[Any] = []
    for name, (who, args) in sorted(FORMS.items()):
        if who is None or name.startswith("account_"):  # allauth's forms are allauth's
            continue
        client.logout()
        client.force_login(_user(world, who))
        url = reverse(name, args=args(world))
        for body, kind in ((GARBAGE, None), ({}, None), (JSON_GARBAGE, "application/json")):
            extra = {"content_type": kind} if kind else {}
            response = client.post(url, body, **extra)
            if response.status_code >= 500:
                failures.append((name, kind or "form", response.status_code))
    assert not failures, failures
