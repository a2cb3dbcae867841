"""The educator's submission pages and autosave endpoint, and who must not get in."""

from datetime import timedelta

import pytest
from django.urls import reverse

from submissions import services
from submissions.models import Response, Submission
from tests.support.credentials import published_credential


@pytest.fixture
def credential(cast):
    return published_credential(cast.issuer, with_artifact=False)


@pytest.fixture
def draft(cast, credential):
    return services.submission_start(educator=cast.educator, credential=credential)


def _url(name, submission, *args):
    return reverse(f"submissions:{name}", args=[submission.public_id, *args])


@pytest.mark.django_db
def test_start_from_the_catalog_creates_one_draft_and_opens_it(client, cast, credential):
    client.force_login(cast.educator)
    url = reverse("submissions:start", args=[credential.slug])
    first = client.post(url)
    second = client.post(url)  # a double click
    submission = Submission.objects.get(educator=cast.educator)
    assert first["Location"] == second["Location"] == _url("detail", submission)


@pytest.mark.django_db
def test_start_requires_post_and_a_published_credential(client, cast):
    client.force_login(cast.educator)
    assert client.get(reverse("submissions:start", args=["nope"])).status_code == 405
    assert client.post(reverse("submissions:start", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_draft_page_shows_every_requirement_by_part_and_what_is_missing(client, cast, draft):
    client.force_login(cast.educator)
    body = client.get(_url("detail", draft)).content.decode()
    for text in (
        "Part 1: Overview questions",
        "Part 2: Artifacts",
        "Part 3: Reflection",
        "Context",
        "Plan",
        "Reflection",
        "Still missing before you can submit",
        "0 words of 50",
        "Optional",
    ):
        assert text in body


@pytest.mark.django_db
def test_autosave_stores_text_and_reports_words(client, cast, draft):
    client.force_login(cast.educator)
    requirement = draft.version.requirements.get(title="Context")
    response = client.post(
        _url("save_response", draft, requirement.public_id), {"text": "Students wrote exit tickets"}
    )
    assert response.status_code == 200
    assert response.json()["words"] == 4
    assert Response.objects.get(submission=draft, requirement=requirement).text.startswith(
        "Students"
    )
    # Reload: the text is on the page.
    assert "Students wrote exit tickets" in client.get(_url("detail", draft)).content.decode()


@pytest.mark.django_db
def test_autosave_folds_revisions_in_a_fixed_number_of_queries(
    client, cast, draft, django_assert_num_queries
):
    # The most frequent request of all: session (the user is cached since the first save), the
    # submission with its version, the version's requirements, the submission's row lock, the
    # response (locked), its UPDATE, the latest revision's UPDATE (and, inside the test's
    # transaction, the service's SAVEPOINT and RELEASE); then what the fresh checklist the
    # answer carries reads again: responses and live artifacts (2).
    client.force_login(cast.educator)
    requirement = draft.version.requirements.get(title="Context")
    url = _url("save_response", draft, requirement.public_id)
    assert client.post(url, {"text": "First words"}).status_code == 200
    with django_assert_num_queries(11):
        assert client.post(url, {"text": "First words, then more"}).status_code == 200
    response = Response.objects.get(submission=draft, requirement=requirement)
    assert [r.text for r in response.history.all()] == ["First words, then more"]
    # Over a minute later, a new revision starts.
    response.history.update(created_at=response.updated_at - timedelta(minutes=2))
    assert client.post(url, {"text": "Next session"}).status_code == 200
    assert [r.text for r in response.history.all()] == ["Next session", "First words, then more"]


@pytest.mark.django_db
def test_autosave_is_csrf_protected(cast, draft):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.educator)
    requirement = draft.version.requirements.get(title="Context")
    response = client.post(_url("save_response", draft, requirement.public_id), {"text": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_submit_with_gaps_answers_400_naming_each(client, cast, draft):
    client.force_login(cast.educator)
    response = client.post(_url("submit", draft))
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count("Write a response.") >= 3
    draft.refresh_from_db()
    assert draft.status == "draft"


@pytest.mark.django_db
def test_submit_then_withdraw(client, cast, draft):
    client.force_login(cast.educator)
    for requirement in draft.version.requirements.filter(required=True):
        client.post(_url("save_response", draft, requirement.public_id), {"text": "Done well"})
    # Submitting asks first, on a page that works without JavaScript; nothing changes yet.
    asked = client.post(_url("submit", draft))
    assert asked.status_code == 200
    body = asked.content.decode()
    assert "Submit attempt 1 for review?" in body and "Yes, submit for review" in body
    assert "Done well" not in body and "2 words" in body  # what is being sent, in short
    draft.refresh_from_db()
    assert draft.status == "draft"
    response = client.post(_url("submit", draft), {"confirm": "1"}, follow=True)
    assert "Submitted" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert "Withdraw submission" in response.content.decode()
    autosave = client.post(
        _url("save_response", draft, draft.version.requirements.first().public_id), {"text": "x"}
    )
    assert autosave.status_code == 409
    client.post(_url("withdraw", draft))
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["colleague", "other_educator", "district_admin", "reviewer", "author", "outsider"]
)
def test_nobody_else_sees_or_changes_a_submission(client, cast, draft, who):
    client.force_login(getattr(cast, who))
    requirement = draft.version.requirements.get(title="Context")
    assert client.get(_url("detail", draft)).status_code == 404
    assert (
        client.post(_url("save_response", draft, requirement.public_id), {"text": "x"}).status_code
        == 404
    )
    assert client.post(_url("submit", draft)).status_code == 404
    assert client.post(_url("submit", draft), {"confirm": "1"}).status_code == 404
    assert client.post(_url("withdraw", draft)).status_code == 404
    assert client.get(_url("response_history", draft, requirement.public_id)).status_code == 404


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(_url("detail", draft))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_may_view(client, cast, draft):
    client.force_login(cast.staff)
    assert client.get(_url("detail", draft)).status_code == 200


@pytest.mark.django_db
def test_my_work_lists_attempts_with_few_queries(
    client, cast, credential, django_assert_max_num_queries
):
    from tests.support.credentials import published_credential as make

    client.force_login(cast.educator)
    assert "You have not started" in client.get(reverse("submissions:mine")).content.decode()
    for index in range(8):
        services.submission_start(educator=cast.educator, credential=make(cast.issuer, f"c{index}"))
    with django_assert_max_num_queries(12):
        body = client.get(reverse("submissions:mine")).content.decode()
    assert body.count("Draft") >= 8
