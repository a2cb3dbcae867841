"""What rules name, from the cache (recognition/rule_targets.py): a page about a
micro-credential no rule names reads no rules, and every change to a rule or a body shows on
the next page."""

import html

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from recognition import services
from tests.support.credentials import make_credential
from tests.support.recognition import make_body, make_rule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_fragments():
    caches["fragments"].clear()


def _page(client, credential) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("credentials:detail", args=[credential.slug]))
    text = " ".join(html.unescape(strip_tags(response.content.decode())).split())
    return text, [query["sql"] for query in queries.captured_queries]


def test_a_page_no_rule_names_reads_no_rules(client, cast, board, credential):
    make_rule(board, credential=make_credential(cast.issuer, "another-one"))
    client.force_login(cast.educator)
    _page(client, credential)  # the cache filled
    text, queries = _page(client, credential)
    assert "What it counts for" not in text
    assert not [sql for sql in queries if 'FROM "recognition_recognition"' in sql]


def test_a_new_rule_a_withdrawal_and_a_closed_body_show_on_the_next_page(
    client, cast, board, credential
):
    client.force_login(cast.educator)
    assert "Test State Licensure Board" not in _page(client, credential)[0]
    rule = make_rule(board, credential=credential)
    assert "Test State Licensure Board" in _page(client, credential)[0]
    services.recognition_withdraw(recognition=rule)
    assert "Test State Licensure Board" not in _page(client, credential)[0]
    make_rule(board, credential=credential)
    assert "Test State Licensure Board" in _page(client, credential)[0]
    board.is_active = False
    board.save()
    assert "Test State Licensure Board" not in _page(client, credential)[0]
    board.is_active = True
    board.save()
    assert "Test State Licensure Board" in _page(client, credential)[0]


def test_a_focus_area_rule_reaches_every_micro_credential_of_the_area(client, cast, credential):
    client.force_login(cast.educator)
    assert "Area Board" not in _page(client, credential)[0]
    version = credential.published_version
    make_rule(make_body("Area Board"), focus_area=version.focus_area)
    assert "Area Board" in _page(client, credential)[0]
