"""The visitors' home page shows the catalog: a few published micro-credentials, from different
focus areas, read in two queries and then from the cache, and a link to the whole catalog. The
catalog's own filters fold on phones unless some are set."""

import re

import pytest
from django.urls import reverse

from credentials.models import MicroCredential
from credentials.services import credential_retire
from tests.support.catalog import card_titles, page_html

DEMO_SIZE = 27


def _featured(body: str) -> str:
    return body.split('data-testid="featured-credentials"', 1)[1].split("</ul>", 1)[0]


def test_a_visitor_sees_featured_micro_credentials_and_the_whole_catalog_one_click_away(
    client, demo
):
    body = page_html(client, "/")
    featured = _featured(body)
    titles = card_titles(featured)
    assert len(titles) == 3
    areas = re.findall(r'<p class="catalog-eyebrow mb-1">([^<]+)</p>', featured)
    assert len(set(areas)) == 3, areas  # one per focus area: the catalog's range
    assert f'href="{reverse("credentials:catalog")}">See all {DEMO_SIZE} micro-credentials' in body
    for step in ("A key method", "Your evidence", "Expert review", "A verifiable badge",
                 "It counts for credit"):  # fmt: skip
        assert step in body


def test_the_featured_cards_are_read_once_per_catalog_change(
    client, demo, django_assert_num_queries
):
    page_html(client, "/")
    with django_assert_num_queries(0):
        page_html(client, "/")
    first = card_titles(_featured(page_html(client, "/")))[0]
    credential = MicroCredential.objects.get(published_version__title=first)
    credential_retire(credential=credential, by=None)
    body = page_html(client, "/")
    assert first not in card_titles(_featured(body))
    assert f"See all {DEMO_SIZE - 1} micro-credentials" in body


def test_reading_the_featured_cards_takes_two_queries(demo, django_assert_num_queries):
    from credentials.selectors import featured_catalog

    with django_assert_num_queries(2):
        featured = featured_catalog(limit=3)
        [list(version.grade_bands.all()) for version in featured.versions]
    assert featured.total == DEMO_SIZE


@pytest.mark.parametrize(
    ("query", "folded"), [("", True), ("?q=feedback", True), ("?grade_band=K-2", False)]
)
def test_catalog_filters_fold_on_phones_unless_some_are_set(client, demo, query, folded):
    body = page_html(client, "/catalog/" + query)
    button = re.search(r'<button[^>]*data-bs-target="#catalog-filter-fields"[^>]*>', body, re.S)
    assert button is not None
    assert f'aria-expanded="{"false" if folded else "true"}"' in button.group(0)
    fieldset = re.search(r'<fieldset class="([^"]*)" id="catalog-filter-fields"', body)
    assert fieldset is not None
    assert ("show" in fieldset.group(1).split()) is not folded
