"""An admin assigns to one educator by any address the educator verified (ADR 0026)."""

import pytest
from allauth.account.models import EmailAddress

from reporting.forms import AssignmentForm
from tests.support.credentials import make_credential

pytestmark = pytest.mark.django_db


@pytest.fixture
def credential(cast):
    return make_credential(cast.issuer, "assigned")


def _form(cast, credential, email):
    return AssignmentForm(
        {"kind": "recommended", "credential": str(credential.public_id), "educator_email": email},
        root=cast.district,
        schools=[cast.school, cast.school2],
    )


def test_an_educator_is_found_by_a_verified_extra_address(cast, credential):
    EmailAddress.objects.create(user=cast.educator, email="rivera@home.example", verified=True)
    EmailAddress.objects.create(user=cast.colleague, email="unproven@home.example")
    form = _form(cast, credential, "Rivera@Home.example")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["educator"] == cast.educator
    unproven = _form(cast, credential, "unproven@home.example")
    assert not unproven.is_valid()
    assert "No educator with this email" in str(unproven.errors)
    assert not _form(cast, credential, "other@test.org").is_valid()  # another district's educator
