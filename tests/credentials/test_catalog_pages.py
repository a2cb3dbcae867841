"""The public catalog pages: browse, filter, page through, open one, see stacks and progress."""

import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from credentials import selectors
from credentials.models import (
    Competency,
    FocusArea,
    MicroCredential,
    MicroCredentialVersion,
    Stack,
)
from credentials.services import (
    credential_create,
    credential_retire,
    credential_start_new_version,
    stack_save,
    version_update,
)
from tests.support.catalog import HTMX, card_titles, page_html, publish_credentials

EXIT_TICKETS = "exit-tickets-that-drive-instruction"
DEMO_SIZE = 27

# --- Catalog page -----------------------------------------------------------------------------


def test_catalog_shows_published_micro_credentials_as_cards(client, demo):
    body = page_html(client, "/catalog/")
    assert "27 micro-credentials" in body
    assert len(card_titles(body)) == 24  # first page
    assert "Exit Tickets That Drive Instruction" in card_titles(body)
    (card,) = [
        article for article in body.split("<article")[1:] if "Exit Tickets That Drive" in article
    ]
    assert "Checking for Understanding" in card
    assert "Exit tickets for instructional decisions" in card  # the competency
    assert "Test Issuer" in card
    assert "<dt>PD hours</dt><dd>10</dd>" in card
    assert "K-2, 3-5, 6-8, 9-12" in card
    assert f'href="/catalog/{EXIT_TICKETS}/"' in card


def test_catalog_leaves_out_drafts_and_retired_micro_credentials(client, demo):
    draft, retired = publish_credentials(demo.issuer, 2, prefix="soon")
    credential_retire(credential=retired, by=None)
    MicroCredential.objects.filter(pk=draft.pk).update(status=MicroCredential.Status.DRAFT)
    body = page_html(client, "/catalog/?q=feedback+routine")
    assert not [title for title in card_titles(body) if title.startswith("Feedback routine")]
    body = page_html(client, "/catalog/")
    assert "27 micro-credentials" in body
    # Their focus area has nothing published, so the filter does not offer it.
    assert '<option value="feedback"' not in body
    assert '<option value="data-literacy">' in body


@pytest.mark.parametrize(
    ("query", "expected_count"),
    [
        ("focus_area=data-literacy", 3),
        ("grade_band=K-2", 15),
        ("focus_area=checking-for-understanding&grade_band=K-2", None),
        ("pd_hours_min=20", None),
        ("pd_hours_max=12", None),
        ("subject=mathematics", None),
    ],
)
def test_filters_narrow_the_catalog(client, demo, query, expected_count):
    body = page_html(client, f"/catalog/?{query}")
    params = dict(pair.split("=") for pair in query.split("&"))
    matching = selectors.catalog_search(
        selectors.CatalogFilters(
            focus_area=params.get("focus_area", ""),
            grade_band=params.get("grade_band", ""),
            subject=params.get("subject", ""),
            pd_hours_min=Decimal(params["pd_hours_min"]) if "pd_hours_min" in params else None,
            pd_hours_max=Decimal(params["pd_hours_max"]) if "pd_hours_max" in params else None,
        )
    )
    titles = {version.title for version in matching}
    assert 0 < len(titles) < DEMO_SIZE
    if expected_count is not None:
        assert len(titles) == expected_count
    assert set(card_titles(body)) == titles
    for version in matching:
        if "focus_area" in params:
            assert version.focus_area.slug == params["focus_area"]
        if "pd_hours_min" in params:
            assert version.pd_hours >= Decimal(params["pd_hours_min"])
        if "pd_hours_max" in params:
            assert version.pd_hours <= Decimal(params["pd_hours_max"])
    # The chosen filter is shown as selected, so the visitor sees what is applied.
    if "focus_area" in params:
        assert f'<option value="{params["focus_area"]}" selected>' in body


def test_issuer_filter_keeps_one_issuers_micro_credentials(client, demo):
    from tests.support.factories import make_org

    other = make_org("issuer", "Other Issuer")
    publish_credentials(other, 2)
    body = page_html(client, "/catalog/?issuer=other-issuer")
    assert sorted(card_titles(body)) == ["Feedback routine 0", "Feedback routine 1"]
    assert len(card_titles(page_html(client, "/catalog/?issuer=test-issuer"))) == 24


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("pd_hours_min=abc", "Minimum PD hours “abc” was ignored. Enter a number."),
        ("pd_hours_max=-3", "Maximum PD hours “-3” was ignored."),
        ("focus_area=no-such-area", "Focus area “no-such-area” was ignored."),
        ("grade_band=13", "Grade band “13” was ignored."),
        ("pd_hours_min=20&pd_hours_max=5", "It is below the minimum (20)."),
    ],
)
def test_invalid_filter_values_are_ignored_with_a_note(client, demo, query, note):
    response = client.get(f"/catalog/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Some filters were not applied" in body
    assert escape(note) in body
    assert len(card_titles(body)) > 0


def test_a_bad_page_number_shows_a_real_page(client, demo):
    assert len(card_titles(page_html(client, "/catalog/?page=abc"))) == 24
    assert len(card_titles(page_html(client, "/catalog/?page=999"))) == DEMO_SIZE - 24


def test_pages_of_24_keep_the_filters_in_their_links(client, demo):
    first = page_html(client, "/catalog/?grade_band=6-8")
    assert "27 micro-credentials" in first
    assert len(card_titles(first)) == 24
    assert 'href="?grade_band=6-8&amp;page=2"' in first
    second = page_html(client, "/catalog/?grade_band=6-8&page=2")
    assert len(card_titles(second)) == 3
    assert not set(card_titles(first)) & set(card_titles(second))
    assert 'href="?grade_band=6-8&amp;page=1"' in second
    assert 'aria-current="page">2<' in second


def test_search_form_works_without_javascript_and_with_htmx(client, demo):
    body = page_html(client, "/catalog/?q=feedback")
    form = body[body.index('<form class="catalog-filters') : body.index("</form>")]
    assert 'method="get" action="/catalog/"' in form
    assert 'hx-get="/catalog/"' in form
    assert 'hx-target="#catalog-results"' in form
    assert 'hx-push-url="true"' in form
    assert "delay:" in form  # typing is debounced
    assert 'for="id_q">Search micro-credentials</label>' in form
    assert 'type="search"' in form and 'value="feedback"' in form
    for name in ("focus_area", "grade_band", "subject", "issuer", "pd_hours_min", "pd_hours_max"):
        assert f'for="id_{name}"' in form and f'id="id_{name}"' in form
    assert '<div id="catalog-results">' in body


def test_htmx_request_gets_only_the_results_fragment(client, demo):
    response = client.get("/catalog/?q=exit+tickets", headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and '<nav class="navbar' not in body and "<form" not in body
    assert card_titles(body)[0] == "Exit Tickets That Drive Instruction"
    # The count in the page's live region is refreshed out of band.
    assert 'id="catalog-count" hx-swap-oob="innerHTML"' in body
    assert "HX-Request" in response["Vary"]


def test_htmx_pushes_a_clean_shareable_url(client, demo):
    url = "/catalog/?q=exit+tickets&focus_area=&grade_band=6-8&pd_hours_min="
    response = client.get(url, headers=HTMX)
    assert response["HX-Push-Url"] == "/catalog/?q=exit+tickets&grade_band=6-8"
    response = client.get("/catalog/?q=&focus_area=", headers=HTMX)
    assert response["HX-Push-Url"] == "/catalog/"


@pytest.mark.parametrize(
    "headers",
    [
        {**HTMX, "HX-History-Restore-Request": "true"},  # Back button, htmx cache miss
        {"HX-Request": "true", "HX-Boosted": "true", "HX-Target": "main"},  # another htmx link
    ],
)
def test_other_htmx_requests_get_the_full_page(client, demo, headers):
    body = page_html(client, "/catalog/?q=exit+tickets", **headers)
    assert "<html" in body and "<form" in body


def test_nonsense_search_shows_the_empty_state_with_a_way_out(client, demo):
    body = page_html(client, "/catalog/?q=zxqvbn+flurble&focus_area=data-literacy")
    assert card_titles(body) == []
    assert "No micro-credentials match your search" in body
    assert '<a class="btn btn-primary" href="/catalog/">Clear filters</a>' in body


# --- Detail page ------------------------------------------------------------------------------


def _exit_tickets_version() -> MicroCredentialVersion:
    credential = MicroCredential.objects.get(slug=EXIT_TICKETS)
    return selectors.version_with_content(credential.published_version_id)


def test_detail_shows_what_the_micro_credential_is_about(client, demo):
    body = page_html(client, f"/catalog/{EXIT_TICKETS}/")
    version = _exit_tickets_version()
    assert '<h1 class="h2 mb-2">Exit Tickets That Drive Instruction</h1>' in body
    assert escape(version.competency.statement) in body
    assert escape(version.key_method) in body
    for component in version.method_components:
        assert f"<li>{escape(component)}</li>" in body
    assert "Inside the Black Box" in body  # supporting research
    assert '<a href="https://ies.ed.gov/ncee/wwc/" rel="noopener noreferrer">' in body
    assert "10 PD hours · 1 CEU" in body
    assert "K-2, 3-5, 6-8, 9-12" in body
    assert "All subjects" in body
    assert "Test Issuer" in body
    assert "Does not expire" in body


def test_detail_groups_evidence_requirements_by_part(client, demo):
    body = page_html(client, f"/catalog/{EXIT_TICKETS}/")
    evidence = body[body.index('id="evidence-heading"') : body.index('id="rubric-heading"')]
    order = [
        "Part 1: Overview questions",
        "Classroom context and learning goal",
        "Part 2: Artifacts",
        "Exit ticket and answer key",
        "Sorted student responses",
        "Adjusted next-lesson plan and follow-up check",
        "Part 3: Reflection",
        "Reflection</h4>",
    ]
    positions = [evidence.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Written response, up to 300 words" in evidence
    assert "Document (PDF, Word, slides), Image · up to 25.0\xa0MB per file" in evidence
    assert evidence.count(">Required</span>") == 5
    assert "File upload" in evidence and "Written response</span>" in evidence


def test_detail_shows_the_full_rubric_lowest_level_first(client, demo):
    body = page_html(client, f"/catalog/{EXIT_TICKETS}/")
    rubric = body[body.index('id="rubric-heading"') :]
    assert "To earn it, every criterion must be at a passing level." in rubric
    version = _exit_tickets_version()
    criteria = list(version.criteria.all())
    assert len(criteria) == 4
    for criterion in criteria:
        section = rubric[rubric.index(escape(criterion.title)) :]
        section = section[: section.index("</article>")]
        positions = [section.index(escape(level.description)) for level in criterion.levels.all()]
        assert positions == sorted(positions)  # lowest first
        for level in criterion.levels.all():
            assert f'<span class="fw-semibold">{escape(level.name)}</span>' in section
        passing = sum(1 for level in criterion.levels.all() if level.passing)
        assert section.count(">Passing</span>") == passing
        for requirement in criterion.requirements.all():
            assert escape(requirement.title) in section


def test_detail_shows_badge_validity_and_missing_ceus(client, demo):
    version = MicroCredentialVersion.objects.filter(
        status="published", validity_years__isnull=False
    ).first()
    assert version is not None
    MicroCredentialVersion.objects.filter(pk=version.pk).update(ceus=None)
    body = page_html(client, f"/catalog/{version.credential.slug}/")
    assert f"Valid for {version.validity_years} year" in body
    assert "no CEUs" in body


def test_visitor_is_invited_to_sign_in_to_start(client, demo):
    body = page_html(client, f"/catalog/{EXIT_TICKETS}/")
    assert f'href="/accounts/login/?next=/catalog/{EXIT_TICKETS}/">Sign in to start</a>' in body
    assert "Start this micro-credential" not in body


def test_signed_in_educator_can_start(client, demo):
    client.force_login(demo.educator)
    body = page_html(client, f"/catalog/{EXIT_TICKETS}/")
    start_url = reverse("submissions:start", args=[EXIT_TICKETS])
    form = body[body.index(f'<form method="post" action="{start_url}">') :]
    form = form[: form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'type="submit" class="btn btn-primary btn-lg">Start this micro-credential' in form
    assert "Sign in to start" not in body


def test_detail_is_404_for_unknown_draft_and_retired_slugs(client, demo):
    draft_version = credential_create(
        issuer=demo.issuer,
        slug="unpublished-idea",
        title="Unpublished idea",
        focus_area=FocusArea.objects.first(),
        competency=Competency.objects.first(),
        key_method="Later.",
        pd_hours=Decimal(5),
        by=None,
    )
    credential_retire(credential=MicroCredential.objects.get(slug=EXIT_TICKETS), by=None)
    for slug in ("no-such-thing", draft_version.credential.slug, EXIT_TICKETS):
        response = client.get(f"/catalog/{slug}/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_detail_shows_the_published_version_not_a_newer_draft(client, demo):
    credential = MicroCredential.objects.get(slug=EXIT_TICKETS)
    draft = credential_start_new_version(credential=credential, by=None)
    version_update(version=draft, by=None, title="Exit Tickets, Rewritten")
    body = page_html(client, f"/catalog/{EXIT_TICKETS}/")
    assert "Exit Tickets That Drive Instruction" in body
    assert "Rewritten" not in body


def test_body_partial_needs_only_version_and_requirement_groups(demo):
    # The authoring preview includes the same partial with exactly this context.
    version = _exit_tickets_version()
    html = render_to_string(
        "credentials/catalog/_credential_body.html",
        {"version": version, "requirement_groups": selectors.requirements_by_part(version)},
    )
    assert "Part 2: Artifacts" in html
    assert "To earn it, every criterion must be at a passing level." in html
    assert len(re.findall(r'class="rubric-level( is-passing)?"', html)) == sum(
        criterion.levels.count() for criterion in version.criteria.all()
    )


def test_detail_renders_a_javascript_resource_url_as_text(client, demo):
    version = MicroCredential.objects.get(slug=EXIT_TICKETS).published_version
    MicroCredentialVersion.objects.filter(pk=version.pk).update(
        resources=[{"title": "Sneaky", "url": "javascript:alert(1)"}]
    )
    body = page_html(client, f"/catalog/{EXIT_TICKETS}/")
    assert "Sneaky" in body
    assert 'href="javascript:' not in body


def test_detail_page_query_count_is_bounded(client, demo, django_assert_max_num_queries):
    # Slug lookup, the version and its six prefetches: nothing per requirement or criterion;
    # and what it counts for (recognition's rules, one query).
    with django_assert_max_num_queries(9):
        page_html(client, f"/catalog/{EXIT_TICKETS}/")


# --- Stacks -----------------------------------------------------------------------------------


def test_stacks_page_lists_published_stacks_with_their_micro_credentials(client, demo):
    stack_save(
        issuer=demo.issuer,
        slug="hidden-draft-stack",
        title="Hidden draft stack",
        description="",
        credentials=list(MicroCredential.objects.all()[:2]),
    )
    body = page_html(client, "/catalog/stacks/")
    assert "Formative Assessment Leader" in body
    assert "Data-Informed Instruction" in body
    assert "Hidden draft stack" not in body
    leader = reverse("credentials:stack_detail", args=["formative-assessment-leader"])
    assert f'href="{leader}"' in body
    assert "5 micro-credentials" in body


def test_stack_detail_lists_micro_credentials_in_order_for_a_visitor(client, demo):
    body = page_html(client, "/catalog/stacks/formative-assessment-leader/")
    stack = Stack.objects.get(slug="formative-assessment-leader")
    slugs = [item.credential.slug for item in stack.items.order_by("position")]
    positions = [body.index(f'href="/catalog/{slug}/"') for slug in slugs]
    assert positions == sorted(positions)
    assert "Sign in</a> to see your progress" in body
    assert "earned" not in body.split("Micro-credentials in this stack")[1]


def test_stack_detail_marks_retired_and_hides_never_published_items(client, demo):
    extra = publish_credentials(demo.issuer, 1, prefix="stack-extra")[0]
    never = credential_create(
        issuer=demo.issuer,
        slug="never-published",
        title="Never published",
        focus_area=FocusArea.objects.first(),
        competency=Competency.objects.first(),
        key_method="Later.",
        pd_hours=Decimal(5),
        by=None,
    ).credential
    exit_tickets = MicroCredential.objects.get(slug=EXIT_TICKETS)
    stack_save(
        issuer=demo.issuer,
        slug="mixed",
        title="Mixed stack",
        description="",
        credentials=[exit_tickets, extra, never],
        publish=True,
    )
    credential_retire(credential=extra, by=None)
    body = page_html(client, "/catalog/stacks/mixed/")
    assert f'href="/catalog/{EXIT_TICKETS}/"' in body
    assert "Feedback routine 0" in body and 'href="/catalog/stack-extra-0/"' not in body
    assert "No longer offered" in body
    assert "Never published" not in body


def test_stack_detail_is_404_for_unknown_and_draft_stacks(client, demo):
    stack_save(
        issuer=demo.issuer,
        slug="draft-stack",
        title="Draft stack",
        description="",
        credentials=list(MicroCredential.objects.all()[:2]),
    )
    for slug in ("no-such-stack", "draft-stack"):
        assert client.get(f"/catalog/stacks/{slug}/").status_code == 404


def test_signed_in_educator_sees_progress_through_a_stack(client, demo, monkeypatch):
    stack = Stack.objects.get(slug="formative-assessment-leader")
    items = list(stack.items.order_by("position").select_related("credential"))
    statuses = ["passed", "passed", "not_yet", "in_review", "not_started"]
    fake = {item.credential_id: status for item, status in zip(items, statuses, strict=True)}
    seen = {}

    def credential_statuses_for_user(user, credential_ids):
        seen["user"], seen["ids"] = user, list(credential_ids)
        return fake

    monkeypatch.setattr(
        "submissions.selectors.credential_statuses_for_user", credential_statuses_for_user
    )
    client.force_login(demo.educator)
    body = page_html(client, "/catalog/stacks/formative-assessment-leader/")
    assert seen == {"user": demo.educator, "ids": [item.credential_id for item in items]}
    assert "<strong>2 of 5 earned</strong>" in body
    badges = re.findall(r'class="badge status-badge [^"]+">([^<]+)</span>', body)
    assert badges == ["Earned", "Earned", "Not yet", "In review", "Not started"]


def test_stack_progress_uses_the_educators_real_submissions(client, demo):
    from submissions.services import submission_start

    stack = Stack.objects.get(slug="formative-assessment-leader")
    first = stack.items.order_by("position").first().credential
    submission_start(educator=demo.educator, credential=first)
    client.force_login(demo.educator)
    body = page_html(client, "/catalog/stacks/formative-assessment-leader/")
    assert "<strong>0 of 5 earned</strong>" in body
    badges = re.findall(r'class="badge status-badge [^"]+">([^<]+)</span>', body)
    assert badges == ["In progress", "Not started", "Not started", "Not started", "Not started"]
    # Someone else's progress is not shown to this educator.
    client.force_login(demo.colleague)
    body = page_html(client, "/catalog/stacks/formative-assessment-leader/")
    assert "In progress" not in body
