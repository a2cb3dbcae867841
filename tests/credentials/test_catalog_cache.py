"""The catalog cache (credentials/cache.py): busy pages read facets and frozen version content
from the cache, and any catalog change shows at once."""

import pytest
from django.urls import reverse

from credentials import selectors
from credentials.models import FocusArea, MicroCredentialVersion
from credentials.services import (
    credential_retire,
    credential_start_new_version,
    version_publish,
    version_update,
)
from tests.support.catalog import SEARCH_QUERIES, publish_credentials

pytestmark = pytest.mark.django_db


def _catalog(client, **params) -> str:
    response = client.get(reverse("credentials:catalog"), params)
    assert response.status_code == 200
    return response.content.decode()


def _detail(client, slug: str) -> str:
    response = client.get(reverse("credentials:detail", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_second_visits_read_facets_and_content_from_the_cache(
    client, cast, django_assert_num_queries
):
    (credential,) = publish_credentials(cast.issuer, 1)
    _catalog(client)
    _detail(client, credential.slug)
    # Catalog: the rendered form, count and cards are kept per query (no count, no page of
    # versions, no facet lists); a different query renders once.
    with django_assert_num_queries(0):
        _catalog(client)
    # The count, the page, its grade bands and subjects and what a search adds. What they count
    # for (recognition's rules) is read only when some rule names one of them (none here:
    # recognition/rule_targets.py, docs/decisions/0041).
    with django_assert_num_queries(4 + SEARCH_QUERIES):
        client.get("/catalog/?q=feedback")
    with django_assert_num_queries(0):
        client.get("/catalog/?q=feedback")
    # Detail: the credential by slug (the version, rubric and requirements are cached); what it
    # counts for only when some rule names it (none here).
    with django_assert_num_queries(1):
        _detail(client, credential.slug)


def test_publishing_shows_at_once(client, cast):
    (first,) = publish_credentials(cast.issuer, 1)
    page = _catalog(client)
    assert "Feedback routine 0" in page and "Routines later" not in page
    _detail(client, first.slug)

    # A new micro-credential in a new focus area: listed, and offered as a filter.
    area = FocusArea.objects.create(slug="routines-later", name="Routines later")
    (second,) = publish_credentials(cast.issuer, 1, prefix="later")
    version = second.published_version
    new = credential_start_new_version(credential=second, by=None)
    version_update(version=new, by=None, title="Later routine, revised", focus_area=area)
    version_publish(version=new, by=None)
    page = _catalog(client)
    assert "Later routine, revised" in page
    assert 'value="routines-later"' in page
    assert "Later routine, revised" in _detail(client, second.slug)
    assert version is not None and version.title not in _detail(client, second.slug)

    # A new version of the first one replaces its content on the page that was cached.
    revised = credential_start_new_version(credential=first, by=None)
    version_update(version=revised, by=None, title="Feedback routine, second edition")
    version_publish(version=revised, by=None)
    assert "Feedback routine, second edition" in _detail(client, first.slug)
    assert "Feedback routine, second edition" in _catalog(client)


def test_retiring_and_renaming_show_at_once(client, cast):
    first, second = publish_credentials(cast.issuer, 2)
    assert 'value="feedback"' in _catalog(client)
    assert "Feedback" in _detail(client, second.slug)

    area = FocusArea.objects.get(slug="feedback")
    area.name = "Feedback that sticks"
    area.save()
    assert "Feedback that sticks" in _detail(client, second.slug)
    assert "Feedback that sticks" in _catalog(client)

    credential_retire(credential=first, by=None)
    credential_retire(credential=second, by=None)
    assert 'value="feedback"' not in _catalog(client)  # nothing published in it any more
    assert client.get(reverse("credentials:detail", args=[second.slug])).status_code == 404


def test_a_draft_version_is_never_cached(cast):
    (credential,) = publish_credentials(cast.issuer, 1)
    draft = credential_start_new_version(credential=credential, by=None)
    assert selectors.version_with_content(draft.pk).title == "Feedback routine 0"
    # Written behind the services' back (no signal): a cached draft would keep the old title.
    MicroCredentialVersion.objects.filter(pk=draft.pk).update(title="Draft, edited")
    assert selectors.version_with_content(draft.pk).title == "Draft, edited"


def test_pages_work_without_the_cache_server(client, cast, settings):
    (credential,) = publish_credentials(cast.issuer, 1)
    from tests.support.servers import free_port

    # A Redis cache nobody listens on: every read and write of the cache fails.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    assert "Feedback routine 0" in _catalog(client)
    assert "Feedback routine 0" in _detail(client, credential.slug)


def test_cached_catalog_html_keeps_each_visitors_own_layout(client, cast):
    # The search form and cards are shared; the navigation around them is the visitor's.
    publish_credentials(cast.issuer, 1)
    assert "Sign in" in _catalog(client, q="feedback")
    client.force_login(cast.educator)
    page = _catalog(client, q="feedback")
    assert "Feedback routine 0" in page and "Sign in" not in page
    assert cast.educator.get_full_name() in page


def test_cached_results_fragment_still_pushes_a_clean_url(client, cast):
    publish_credentials(cast.issuer, 1)
    headers = {"HX-Request": "true", "HX-Target": "catalog-results"}
    for _ in range(2):  # rendered, then from the cache
        response = client.get(reverse("credentials:catalog"), {"q": "feedback", "grade_band": ""},
                              headers=headers)  # fmt: skip
        assert response.status_code == 200
        assert response["HX-Push-Url"] == "/catalog/?q=feedback"
        assert 'id="catalog-count" hx-swap-oob' in response.content.decode()
        assert "<html" not in response.content.decode()
