"""Autosave never moves text backwards (services.response_save with a SaveOrder): one page's
saves may arrive out of order, and a stale tab cannot overwrite newer text without the
educator choosing to."""

import pytest
from django.urls import reverse

from submissions import services
from submissions.models import Response
from submissions.services import EditConflict, SaveOrder
from tests.support.credentials import published_credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast):
    credential = published_credential(cast.issuer, with_artifact=False)
    return services.submission_start(educator=cast.educator, credential=credential)


def _save(draft, cast, text, order=None):
    requirement = draft.version.requirements.get(title="Context")
    return services.response_save(
        submission=draft, requirement=requirement, text=text, by=cast.educator, order=order
    )


def test_a_pages_older_save_arriving_last_is_ignored(draft, cast):
    _save(draft, cast, "Newest words, sent as the tab closed.", SaveOrder(0, "page-aaaa", 2))
    kept = _save(draft, cast, "Older words (debounced).", SaveOrder(0, "page-aaaa", 1))
    assert kept.text == "Newest words, sent as the tab closed." and kept.revision == 1
    nxt = _save(draft, cast, "Newer still.", SaveOrder(0, "page-aaaa", 3))  # base is old: own page
    assert (nxt.text, nxt.revision) == ("Newer still.", 2)


def test_a_stale_tab_gets_a_conflict_and_the_newer_text_stays(draft, cast):
    _save(draft, cast, "Morning draft.", SaveOrder(0, "page-tab1", 1))
    _save(draft, cast, "Hours of work in the second tab.", SaveOrder(1, "page-tab2", 1))
    with pytest.raises(EditConflict) as conflict:
        _save(draft, cast, "Morning draft plus one key.", SaveOrder(1, "page-tab1", 2))
    assert conflict.value.response.text == "Hours of work in the second tab."
    assert conflict.value.response.revision == 2
    # Choosing "Keep this version" sends it again based on the revision it now knows.
    kept = _save(draft, cast, "Morning draft plus one key.", SaveOrder(2, "page-tab1", 3))
    assert (kept.text, kept.revision) == ("Morning draft plus one key.", 3)
    # Without an order (the API, older pages) the last save wins, as before.
    assert _save(draft, cast, "From the API.").text == "From the API."


def test_the_endpoint_answers_a_conflict_with_the_newer_text(client, cast, draft):
    requirement = draft.version.requirements.get(title="Context")
    url = reverse("submissions:save_response", args=[draft.public_id, requirement.public_id])
    client.force_login(cast.educator)
    first = {"text": "One.", "base": "0", "page": "page-tab1", "save": "1"}
    assert client.post(url, first).json()["revision"] == 1
    other = {"text": "Two, elsewhere.", "base": "1", "page": "page-tab2", "save": "1"}
    assert client.post(url, other).status_code == 200
    stale = client.post(
        url, {"text": "One, edited.", "base": "1", "page": "page-tab1", "save": "2"}
    )
    assert stale.status_code == 409
    assert stale.json() == {
        "error": "This answer was changed in another tab or window since this page loaded it.",
        "conflict": True,
        "revision": 2,
        "text": "Two, elsewhere.",
    }
    assert Response.objects.get(submission=draft, requirement=requirement).text == "Two, elsewhere."
    bad = client.post(url, {"text": "x", "base": "1", "page": "<script>", "save": "3"})
    assert bad.status_code == 400 and "reload" in bad.json()["error"]


@pytest.mark.parametrize("field", ["base", "save"])
def test_a_save_order_past_the_integer_columns_is_refused(client, cast, draft, field):
    """A save number is stored in an integer column: past it, PostgreSQL refused (a 500)."""
    requirement = draft.version.requirements.get(title="Context")
    url = reverse("submissions:save_response", args=[draft.public_id, requirement.public_id])
    client.force_login(cast.educator)
    order = {"text": "One.", "base": "0", "page": "page-tab1", "save": "1", field: str(2**40)}
    response = client.post(url, order)
    assert response.status_code == 400 and "reload" in response.json()["error"]
    assert not Response.objects.filter(submission=draft, text="One.").exists()
