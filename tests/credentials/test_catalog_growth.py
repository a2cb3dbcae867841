"""Catalog pages and API on catalogs of our own size, with no demo catalog beside them.

These tests stand apart from test_catalog_pages and test_catalog_api, whose modules keep the
demo catalog seeded for every test (tests/credentials/conftest.py).
"""

import pytest

from tests.credentials.test_catalog_api import LIST_QUERIES, _json
from tests.credentials.test_catalog_pages import (
    CATALOG_PAGE_QUERIES,
    CATALOG_PAGE_QUERIES_SIGNED_IN,
    HTMX,
    _card_titles,
    _get,
    publish_credentials,
)


def test_list_is_paginated(client, cast):
    publish_credentials(cast.issuer, 52)
    first = _json(client, "/api/v1/micro-credentials/")
    assert first["count"] == 52 and len(first["results"]) == 50
    assert first["previous"] is None and first["next"].endswith("/api/v1/micro-credentials/?page=2")
    second = _json(client, "/api/v1/micro-credentials/?page=2")
    assert len(second["results"]) == 2


@pytest.mark.parametrize("size", [5, 40])
@pytest.mark.parametrize("query", ["", "?search=feedback+routine&grade_band=3-5&pd_hours_min=5"])
def test_list_query_count_does_not_grow_with_the_catalog(
    client, cast, django_assert_max_num_queries, size, query
):
    publish_credentials(cast.issuer, size)
    with django_assert_max_num_queries(LIST_QUERIES):
        data = _json(client, "/api/v1/micro-credentials/" + query)
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
    with django_assert_max_num_queries(CATALOG_PAGE_QUERIES):
        body = _get(client, "/catalog/" + query)
    assert len(_card_titles(body)) == min(size, 24)
    client.force_login(cast.educator)
    with django_assert_max_num_queries(CATALOG_PAGE_QUERIES_SIGNED_IN):
        body = _get(client, "/catalog/" + query, **HTMX)
    assert len(_card_titles(body)) == min(size, 24)
