"""Catalog pages and API on catalogs of our own size, with no demo catalog beside them.

These tests stand apart from test_catalog_pages and test_catalog_api, whose modules keep the
demo catalog seeded for every test (tests/credentials/conftest.py).
"""

import pytest
from django.db import connection

from credentials import selectors
from tests.support.catalog import (
    CATALOG_PAGE_QUERIES,
    CATALOG_PAGE_QUERIES_SIGNED_IN,
    HTMX,
    LIST_QUERIES,
    SEARCH_QUERIES,
    api_json,
    card_titles,
    page_html,
    publish_credentials,
)


def test_list_is_paginated(client, cast):
    publish_credentials(cast.issuer, 52)
    first = api_json(client, "/api/v1/micro-credentials/")
    assert first["count"] == 52 and len(first["results"]) == 50
    assert first["previous"] is None and first["next"].endswith("/api/v1/micro-credentials/?page=2")
    second = api_json(client, "/api/v1/micro-credentials/?page=2")
    assert len(second["results"]) == 2


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize("query", ["", "?search=feedback+routine&grade_band=3-5&pd_hours_min=5"])
def test_list_query_count_does_not_grow_with_the_catalog(
    client, cast, django_assert_max_num_queries, size, query
):
    publish_credentials(cast.issuer, size)
    planning = SEARCH_QUERIES if "search=" in query else 0
    with django_assert_max_num_queries(LIST_QUERIES + planning):
        data = api_json(client, "/api/v1/micro-credentials/" + query)
    assert len(data["results"]) == size


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize(
    "query",
    ["", "?q=feedback+routine", "?q=feedback&grade_band=3-5&subject=mathematics&pd_hours_min=5"],
)
def test_catalog_page_query_count_does_not_grow_with_the_catalog(
    client, cast, django_assert_max_num_queries, size, query
):
    publish_credentials(cast.issuer, size)
    planning = SEARCH_QUERIES if "q=" in query else 0
    with django_assert_max_num_queries(CATALOG_PAGE_QUERIES + planning):
        body = page_html(client, "/catalog/" + query)
    assert len(card_titles(body)) == min(size, 24)
    client.force_login(cast.educator)
    with django_assert_max_num_queries(CATALOG_PAGE_QUERIES_SIGNED_IN + planning):
        body = page_html(client, "/catalog/" + query, **HTMX)
    assert len(card_titles(body)) == min(size, 24)


# --- Search planning (selectors.search_planning) ------------------------------------------


def _random_page_cost() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)  # autocommit, as a request runs
def test_search_planning_favours_the_index_for_its_own_transaction_only():
    assert not connection.in_atomic_block
    before = _random_page_cost()
    assert before != "1.1"
    with selectors.search_planning("feedback"):
        assert _random_page_cost() == "1.1"
    assert _random_page_cost() == before
    with selectors.search_planning("  "):  # no search: nothing to plan
        assert _random_page_cost() == before


def test_search_planning_inside_a_transaction_gives_its_setting_back(db):
    before = _random_page_cost()
    with selectors.search_planning("feedback"):
        assert _random_page_cost() == "1.1"
    assert _random_page_cost() == before != "1.1"
