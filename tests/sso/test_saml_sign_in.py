"""A teacher signs in through the district's SAML 2.0 identity provider, end to end against a
real IdP process (pysaml2): the admin gives its metadata URL, the IdP reads our metadata,
allauth (python3-saml) sends the person there and checks the signed assertion it posts back."""

import base64

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from organizations.models import Membership, Role
from sso.models import SignInJoin
from tests.sso.helpers import (
    SAML_HOST,
    add_saml_provider,
    add_verified_domain,
    admin_client,
    saml_client,
    saml_sign_in,
)

pytestmark = pytest.mark.django_db

DOMAIN = "north.k12.example"


def test_a_teacher_signs_in_through_saml_and_joins_the_district(cast, saml_idp, dns):
    admin = admin_client(cast.district_admin, host=SAML_HOST)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider = add_saml_provider(admin, cast.district, saml_idp, DOMAIN)
    assert provider.idp_entity_id == saml_idp.metadata_url
    saml_idp.set_users({"sam": {"mail": f"sam@{DOMAIN}", "givenName": "Sam", "sn": "Saml"}})

    page = saml_sign_in(saml_client(), provider, saml_idp, "sam")

    user = User.objects.get(email=f"sam@{DOMAIN}")
    assert page.wsgi_request.user == user
    assert user.display_name == "Sam Saml"
    assert Membership.objects.filter(
        user=user, organization=cast.district, role=Role.EDUCATOR, is_active=True
    ).exists()
    assert SignInJoin.objects.filter(user=user, provider=provider).exists()
    assert EmailAddress.objects.get(user=user).verified
    assert b"You joined North District as an educator" in page.content


def test_saml_with_an_unverified_domain_joins_nothing(cast, saml_idp, dns):
    admin = admin_client(cast.district_admin, host=SAML_HOST)
    admin.post(reverse("sso:domain_add") + f"?org={cast.district.public_id}", {"domain": DOMAIN})
    provider = add_saml_provider(admin, cast.district, saml_idp, DOMAIN)
    saml_idp.set_users({"una": {"mail": f"una@{DOMAIN}", "givenName": "Una", "sn": "Known"}})

    saml_sign_in(saml_client(), provider, saml_idp, "una")

    user = User.objects.get(email=f"una@{DOMAIN}")
    assert not Membership.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified


def test_a_forged_response_signs_nobody_in(cast, saml_idp, dns):
    """A response whose signed assertion was altered on the way (another address) is refused."""
    admin = admin_client(cast.district_admin, host=SAML_HOST)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider = add_saml_provider(admin, cast.district, saml_idp, DOMAIN)
    saml_idp.set_users({"eve": {"mail": f"eve@{DOMAIN}", "givenName": "Eve", "sn": "Forger"}})
    client = saml_client()
    response = client.post(reverse("saml_login", args=[provider.provider_id]), {"process": "login"})
    form = saml_idp.sign_in(response["Location"], "eve")
    xml = base64.b64decode(form["SAMLResponse"]).replace(b"eve@", b"boss@")
    form["SAMLResponse"] = base64.b64encode(xml).decode()

    page = client.post(form.pop("action").removeprefix(f"http://{SAML_HOST}"), form, follow=True)

    assert not page.wsgi_request.user.is_authenticated
    assert not User.objects.filter(email__in=[f"eve@{DOMAIN}", f"boss@{DOMAIN}"]).exists()


def test_saving_a_saml_provider_again_keeps_its_identity_provider(cast, saml_idp, dns):
    admin = admin_client(cast.district_admin, host=SAML_HOST)
    provider = add_saml_provider(admin, cast.district, saml_idp, DOMAIN)
    certificate = provider.idp_x509cert
    response = admin.post(
        reverse("sso:provider", args=[provider.public_id]),
        {"domains": f"{DOMAIN}, staff.{DOMAIN}"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    provider.refresh_from_db()
    assert provider.idp_x509cert == certificate and certificate
    assert provider.domains == [DOMAIN, f"staff.{DOMAIN}"]


def test_metadata_that_cannot_be_read_is_said_plainly(cast, saml_idp):
    admin = admin_client(cast.district_admin, host=SAML_HOST)
    response = admin.post(
        reverse("sso:provider_create") + f"?org={cast.district.public_id}",
        {"kind": "saml", "idp_metadata_url": saml_idp.base + "/no-such-page", "domains": DOMAIN},
    )
    assert response.status_code == 400
    assert b"The metadata could not be read (HTTP 404)" in response.content
