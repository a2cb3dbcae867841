"""Catalog services guard what the views might miss."""

import pytest

from credentials.models import MicroCredentialVersion
from credentials.services import (
    CatalogError,
    credential_retire,
    credential_start_new_version,
    version_publish,
)
from tests.support.credentials import published_credential


@pytest.mark.django_db
def test_a_retired_credential_cannot_be_revived_by_publishing_a_draft(cast):
    credential = published_credential(cast.issuer)
    draft = credential_start_new_version(credential=credential, by=cast.author)
    credential_retire(credential=credential, by=cast.author)
    with pytest.raises(CatalogError, match="retired"):
        version_publish(version=draft, by=cast.author)
    with pytest.raises(CatalogError, match="retired"):
        credential_start_new_version(credential=credential, by=cast.author)
    assert MicroCredentialVersion.objects.get(pk=draft.pk).status == "draft"


@pytest.mark.django_db
def test_form_fields_link_help_and_errors(client, cast):
    client.force_login(cast.educator)
    body = client.post("/account/profile/", {"display_name": ""}).content.decode()
    assert 'class="form-control is-invalid"' in body
    assert 'aria-describedby="id_display_name_helptext id_display_name_error"' in body
    assert 'id="id_display_name_helptext"' in body and 'id="id_display_name_error"' in body
