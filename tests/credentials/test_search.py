"""Catalog search on the demo catalog: relevance on PostgreSQL, filters, and the SQLite fallback."""

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from credentials import selectors
from credentials.models import MicroCredential
from credentials.selectors import CatalogFilters, catalog_search
from credentials.services import (
    credential_retire,
    credential_start_new_version,
    version_publish,
    version_update,
)

EXIT_TICKETS = "exit-tickets-that-drive-instruction"


def _slugs(filters: CatalogFilters) -> list[str]:
    return [version.credential.slug for version in catalog_search(filters)]


def test_exit_tickets_ranks_the_exit_ticket_credential_first(demo):
    slugs = _slugs(CatalogFilters(query="exit tickets"))
    assert slugs[0] == EXIT_TICKETS


def test_search_stems_words_so_singular_finds_plural(demo):
    assert _slugs(CatalogFilters(query="exit ticket"))[0] == EXIT_TICKETS


def test_title_matches_outrank_passing_mentions(demo):
    # "feedback" is in one title and mentioned in the method or research of many others.
    slugs = _slugs(CatalogFilters(query="feedback"))
    assert len(slugs) > 5
    assert slugs[0] == "wise-feedback-for-effort-and-trust"


def test_focus_area_filter_narrows_a_search(demo):
    everywhere = _slugs(CatalogFilters(query="feedback"))
    narrowed = catalog_search(CatalogFilters(query="feedback", focus_area="learner-motivation"))
    assert 0 < len(narrowed) < len(everywhere)
    assert {version.focus_area.slug for version in narrowed} == {"learner-motivation"}


def test_nonsense_query_finds_nothing(demo):
    assert _slugs(CatalogFilters(query="zxqvbn flurble")) == []


def test_websearch_syntax_quotes_and_exclusions(demo):
    with_hinge = _slugs(CatalogFilters(query="questions"))
    assert "hinge-questions-and-all-student-response" in with_hinge
    without_hinge = _slugs(CatalogFilters(query="questions -hinge"))
    assert "hinge-questions-and-all-student-response" not in without_hinge
    assert len(without_hinge) == len(with_hinge) - 1


@pytest.mark.parametrize(
    "query, found",
    [
        # Operators and stray punctuation around words: the words still find what they name.
        ("exit & | ! tickets", [EXIT_TICKETS]),
        ("(tickets", [EXIT_TICKETS]),
        ("exit: tickets!", [EXIT_TICKETS]),
        # Nothing but punctuation, or an unclosed quote around a word nobody wrote: nothing.
        ("'", []),
        ('"unclosed', []),
        ("-", []),
        ("::", []),
    ],
)
def test_punctuation_and_operators_in_a_query_do_not_break_search(demo, client, query, found):
    assert _slugs(CatalogFilters(query=query)) == found
    page = client.get("/catalog/", {"q": query})
    assert page.status_code == 200
    assert ("No micro-credentials match your search" in page.content.decode()) == (not found)


def test_filters_combine(demo):
    filters = CatalogFilters(
        grade_band="K-2",
        subject="all-subjects",
        pd_hours_min=Decimal(10),
        pd_hours_max=Decimal(12),
    )
    versions = list(catalog_search(filters))
    assert versions
    for version in versions:
        assert "K-2" in {band.code for band in version.grade_bands.all()}
        assert "all-subjects" in {subject.slug for subject in version.subjects.all()}
        assert Decimal(10) <= version.pd_hours <= Decimal(12)
    assert len(versions) < len(catalog_search(CatalogFilters(grade_band="K-2")))


def test_without_a_query_results_are_alphabetical(demo):
    titles = [version.title for version in catalog_search(CatalogFilters())]
    assert len(titles) == 27
    assert titles == sorted(titles)


def test_retired_micro_credentials_are_not_found(demo):
    credential_retire(credential=MicroCredential.objects.get(slug=EXIT_TICKETS), by=None)
    assert EXIT_TICKETS not in _slugs(CatalogFilters(query="exit tickets"))


def test_a_new_published_version_is_searchable_by_its_new_words(demo):
    credential = MicroCredential.objects.get(slug=EXIT_TICKETS)
    draft = credential_start_new_version(credential=credential, by=None)
    version_update(version=draft, by=None, title="Exit Tickets and Plickers Cards")
    assert _slugs(CatalogFilters(query="plickers")) == []  # a draft is not in the catalog
    version_publish(version=draft, by=None)
    assert _slugs(CatalogFilters(query="plickers")) == [EXIT_TICKETS]
    assert _slugs(CatalogFilters(query="exit tickets")).count(EXIT_TICKETS) == 1


def test_sqlite_fallback_requires_every_word(demo, monkeypatch):
    # Other databases match plain text: every word must appear somewhere in the indexed text.
    monkeypatch.setattr(selectors, "connection", SimpleNamespace(vendor="sqlite"))
    slugs = _slugs(CatalogFilters(query="Exit Tickets"))
    assert EXIT_TICKETS in slugs
    found = catalog_search(CatalogFilters(query="exit"))
    assert found and all("exit" in version.search_text for version in found)
    assert _slugs(CatalogFilters(query="exit zxqvbn")) == []
    # Title matches first, then by title.
    titles = [version.title for version in catalog_search(CatalogFilters(query="feedback"))]
    assert titles[0] == "Feedback That Builds Trust and Effort"
    assert titles[1:] == sorted(titles[1:]) and len(titles) > 3


def test_catalog_page_search_puts_the_best_match_first(client, demo):
    text = client.get("/catalog/?q=feedback").content.decode()
    titles = re.findall(r'class="stretched-link" href="[^"]+">([^<]+)</a>', text)
    assert len(titles) > 5
    assert titles[0] == "Feedback That Builds Trust and Effort"
    assert titles != sorted(titles)  # ranked, not alphabetical
    assert "best matches first" in text


@pytest.mark.parametrize("query", ["feedback", "students", "questions -discussion"])
def test_ranked_pages_read_in_two_steps_match_the_single_query(
    demo, query, django_assert_num_queries
):
    search = catalog_search(CatalogFilters(query=query))
    expected = list(search)
    assert len(expected) > 3
    paginator = selectors.CatalogPaginator(search, 3)
    pages = [list(paginator.page(n).object_list) for n in paginator.page_range]
    assert [v.pk for page in pages for v in page] == [v.pk for v in expected]
    first = pages[0][0]  # read with what the cards need: no query per card
    with django_assert_num_queries(0):
        assert first.credential.issuer.name and first.focus_area.name and first.competency.name
        assert [band.code for band in first.grade_bands.all()]
