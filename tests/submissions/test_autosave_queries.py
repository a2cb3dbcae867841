"""Autosave is the most frequent request of the load mix (bench/bench_load.py): it must not load
the page's content (version, rubric, responses, artifacts, events) to store one text."""

import pytest
from django.urls import reverse

from submissions import services
from submissions.models import Response
from tests.support.credentials import published_credential


@pytest.mark.django_db
def test_autosave_stays_a_small_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    credential = published_credential(cast.issuer, with_artifact=False)
    draft = services.submission_start(educator=cast.educator, credential=credential)
    requirement = draft.version.requirements.get(title="Context")
    url = reverse("submissions:save_response", args=[draft.public_id, requirement.public_id])
    client.force_login(cast.educator)
    client.post(url, {"text": "First words"})
    # Session, user, submission, requirement, then the locked write (was 21 with the page's
    # content loaded for the permission check), then the fresh checklist the answer carries
    # (the submission with its version, responses, live artifacts, requirements: 4).
    with django_assert_max_num_queries(16):
        response = client.post(url, {"text": "First words, then more"})
    assert response.status_code == 200
    assert Response.objects.get(submission=draft, requirement=requirement).revision == 2
