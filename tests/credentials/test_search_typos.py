"""Search that forgives typos (pg_trgm word similarity on titles, beside full-text search):
a misspelt title is still found, nonsense is not, full-text matches rank first, and the API
and the catalog page behave the same."""

import pytest
from django.db import connection

from credentials import selectors
from credentials.models import MicroCredential, MicroCredentialVersion
from credentials.selectors import CatalogFilters, catalog_search
from credentials.services import credential_start_new_version, version_publish, version_update

EXIT_TICKETS = "exit-tickets-that-drive-instruction"
HINGE = "hinge-questions-and-all-student-response"


def _slugs(query: str, **filters: str) -> list[str]:
    return [v.credential.slug for v in catalog_search(CatalogFilters(query=query, **filters))]


def _retitle(slug: str, title: str) -> MicroCredentialVersion:
    """Publish a new version of a demo micro-credential under another title."""
    draft = credential_start_new_version(credential=MicroCredential.objects.get(slug=slug), by=None)
    version_update(version=draft, by=None, title=title)
    version_publish(version=draft, by=None)
    return draft


@pytest.mark.parametrize(
    "query",
    ["exit tikets", "Exit Tickts", "exti tickets", "hinge questins"],
)
def test_a_misspelt_title_still_finds_its_micro_credential_first(demo, query):
    found = _slugs(query)
    expected = HINGE if "hinge" in query else EXIT_TICKETS
    assert found and found[0] == expected


@pytest.mark.parametrize("query", ["zxqvbn flurble", "qqqq", "xylophone", "kxw"])
def test_nonsense_finds_nothing(demo, query):
    assert _slugs(query) == []


def test_a_word_too_short_to_compare_does_not_match_every_title_alike(demo):
    # "ex" is similar to the start of many words: without a full-text match, nothing.
    assert _slugs("ex") == []


def test_full_text_matches_rank_before_titles_that_only_look_alike(demo):
    # A title with a typo in it: only trigram similarity finds it for "tickets".
    lookalike = _retitle("working-memory-supports", "Tickkets to Working Memory")
    assert "ticket" not in lookalike.search_text
    found = list(catalog_search(CatalogFilters(query="tickets")))
    slugs = [v.credential.slug for v in found]
    assert slugs[0] == EXIT_TICKETS
    assert slugs[-1] == "working-memory-supports"
    # Every result before it is a full-text match (its text has the word).
    assert len(found) >= 2
    assert all("ticket" in v.search_text for v in found[:-1])
    assert [v.full_text for v in found] == [1] * (len(found) - 1) + [0]


def test_among_lookalike_titles_the_closer_one_ranks_first(demo):
    _retitle("working-memory-supports", "Exit Tiskets for Memory")  # 0.67 of "exit tikets"
    _retitle("self-monitoring-routines", "Exit Tikets and Self-Monitoring")  # exactly it
    found = list(catalog_search(CatalogFilters(query="exit tikets")))
    slugs = [v.credential.slug for v in found]
    assert slugs[0] == "self-monitoring-routines"
    assert {EXIT_TICKETS, "working-memory-supports"} <= set(slugs[1:])
    similarities = [v.similarity for v in found]
    assert similarities == sorted(similarities, reverse=True)


def test_an_excluded_word_excludes_lookalike_titles_too(demo):
    assert HINGE in _slugs("hinge questins")
    assert HINGE not in _slugs("questins -hinge")


def test_filters_still_apply_to_typo_matches(demo):
    assert _slugs("exit tikets", focus_area="learner-motivation") == []


def test_the_title_trigram_index_exists(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'credentials_title_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition


def test_catalog_page_forgives_a_typo(client, demo):
    page = client.get("/catalog/", {"q": "exit tikets"})
    assert page.status_code == 200
    assert "Exit Tickets That Drive Instruction" in page.content.decode()
    nonsense = client.get("/catalog/", {"q": "zxqvbn flurble"}).content.decode()
    assert "No micro-credentials match your search" in nonsense


@pytest.mark.parametrize("param", ["search", "q"])
def test_api_search_forgives_a_typo(client, demo, param, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        answer = client.get("/api/v1/micro-credentials/", {param: "exit tikets"})
    assert answer.status_code == 200
    assert answer.json()["results"][0]["slug"] == EXIT_TICKETS
    nonsense = client.get("/api/v1/micro-credentials/", {param: "zxqvbn flurble"})
    assert nonsense.json()["count"] == 0


def test_api_search_wins_over_q(client, demo):
    answer = client.get("/api/v1/micro-credentials/", {"search": "hinge", "q": "exit tickets"})
    assert answer.json()["results"][0]["slug"] == HINGE


def test_lookalikes_are_not_looked_for_when_full_text_fills_a_page(demo, monkeypatch):
    _retitle("working-memory-supports", "Tickkets to Working Memory")
    assert "working-memory-supports" in _slugs("tickets")
    # With a page of one, the full-text match fills it: the lookalike is not looked for.
    monkeypatch.setattr(selectors, "TYPO_WHEN_FEWER_THAN", 1)
    assert _slugs("tickets") == [EXIT_TICKETS]
    assert _slugs("exit tikets")[0] == EXIT_TICKETS  # no full-text match: typos still found
