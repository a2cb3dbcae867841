"""A teacher signs in through the district's OpenID Connect provider, end to end against a
real provider process (oidc-provider-mock): our pages configure it, allauth sends the person
there, the provider sends them back with a code, we fetch its discovery document, token and
user info over HTTP."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User
from organizations.models import Membership, Role
from sso.models import SignInJoin
from tests.sso.helpers import add_oidc_provider, add_verified_domain, admin_client, oidc_sign_in

pytestmark = pytest.mark.django_db

DOMAIN = "north.k12.example"


def test_a_teacher_signs_in_for_the_first_time_and_joins_the_district(cast, oidc, dns):
    admin = admin_client(cast.district_admin)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider, _ = add_oidc_provider(admin, cast.district, oidc, DOMAIN)
    oidc.set_user("t-100", email=f"tess@{DOMAIN}", email_verified=True, name="Tess Teacher")

    teacher = Client()
    page = oidc_sign_in(teacher, provider, oidc, "t-100")

    user = User.objects.get(email=f"tess@{DOMAIN}")
    assert user.display_name == "Tess Teacher"
    assert not user.has_usable_password()
    assert page.wsgi_request.user == user  # signed in
    assert Membership.objects.filter(
        user=user, organization=cast.district, role=Role.EDUCATOR, is_active=True
    ).exists()
    assert EmailAddress.objects.get(user=user).verified
    assert b"You joined North District as an educator" in page.content
    join = SignInJoin.objects.get(user=user)
    assert join.district == cast.district and join.provider == provider
    profile = teacher.get(reverse("profile"))
    assert b"Districts you joined by signing in" in profile.content
    assert f"tess@{DOMAIN}".encode() in profile.content

    # The next sign-in finds the same account and joins nothing twice.
    again = Client()
    page = oidc_sign_in(again, provider, oidc, "t-100")
    assert page.wsgi_request.user == user
    assert b"You joined" not in page.content
    assert User.objects.filter(email=f"tess@{DOMAIN}").count() == 1


def test_an_unverified_domain_gives_an_account_that_joins_nothing(cast, oidc, dns):
    admin = admin_client(cast.district_admin)
    admin.post(
        reverse("sso:domain_add") + f"?org={cast.district.public_id}", {"domain": DOMAIN}
    )  # added, never verified
    provider, _ = add_oidc_provider(admin, cast.district, oidc, DOMAIN)
    oidc.set_user("t-200", email=f"una@{DOMAIN}", email_verified=True, name="Una Verified")

    page = oidc_sign_in(Client(), provider, oidc, "t-200")

    user = User.objects.get(email=f"una@{DOMAIN}")
    assert not Membership.objects.filter(user=user).exists()
    assert not SignInJoin.objects.filter(user=user).exists()
    # The provider does not speak for a domain the district has not proven it owns.
    assert not EmailAddress.objects.get(user=user).verified
    assert b"You joined" not in page.content


def test_a_domain_the_provider_does_not_cover_joins_nothing(cast, oidc, dns):
    admin = admin_client(cast.district_admin)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider, _ = add_oidc_provider(admin, cast.district, oidc, "staff.north.example")
    oidc.set_user("t-300", email=f"cov@{DOMAIN}", email_verified=True)

    oidc_sign_in(Client(), provider, oidc, "t-300")

    user = User.objects.get(email=f"cov@{DOMAIN}")
    assert not Membership.objects.filter(user=user).exists()


def test_an_existing_account_is_never_taken_over_by_email(cast, oidc, dns):
    """The educator has an account with this address; signing in through the provider does not
    sign them in to it: allauth asks them to sign in to their account first and connect."""
    cast.educator.email = f"maria@{DOMAIN}"
    cast.educator.save()
    EmailAddress.objects.create(user=cast.educator, email=cast.educator.email, verified=True)
    admin = admin_client(cast.district_admin)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider, _ = add_oidc_provider(admin, cast.district, oidc, DOMAIN)
    oidc.set_user("t-400", email=f"maria@{DOMAIN}", email_verified=True)

    client = Client()
    page = oidc_sign_in(client, provider, oidc, "t-400")

    assert not page.wsgi_request.user.is_authenticated
    assert page.wsgi_request.path == reverse("socialaccount_signup")
    # Completing allauth's sign-up with that address does not reach the account either.
    page = client.post(
        reverse("socialaccount_signup"),
        {"email": f"maria@{DOMAIN}", "display_name": "Not Maria"},
        follow=True,
    )
    assert page.status_code == 200
    assert not page.wsgi_request.user.is_authenticated
    assert b"Please sign in to that account first, then connect" in page.content
    assert not cast.educator.socialaccount_set.exists()
    assert User.objects.filter(email__iexact=f"maria@{DOMAIN}").count() == 1
    assert not cast.educator.socialaccount_set.exists()


def test_the_secret_is_stored_encrypted_and_never_shown_again(cast, oidc, dns):
    admin = admin_client(cast.district_admin)
    provider, secret = add_oidc_provider(admin, cast.district, oidc, DOMAIN)

    assert secret not in provider.client_secret_encrypted
    assert provider.client_secret == secret
    for url in [
        reverse("sso:admin") + f"?org={cast.district.public_id}",
        reverse("sso:provider", args=[provider.public_id]),
    ]:
        response = admin.get(url)
        assert response.status_code == 200
        assert secret.encode() not in response.content
    editing = admin.get(reverse("sso:provider", args=[provider.public_id])).content
    assert b"Client secret" in editing and b"SAML metadata URL" not in editing
    # Saving again with the secret left blank keeps it.
    response = admin.post(
        reverse("sso:provider", args=[provider.public_id]),
        {"issuer_url": oidc.issuer, "client_id": provider.client_id, "domains": DOMAIN},
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.client_secret == secret


def test_a_wrong_secret_signs_nobody_in(cast, oidc, dns):
    admin = admin_client(cast.district_admin)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider, _ = add_oidc_provider(admin, cast.district, oidc, DOMAIN)
    provider.set_client_secret("not-the-secret")
    provider.save()
    oidc.set_user("t-500", email=f"wrong@{DOMAIN}", email_verified=True)

    page = oidc_sign_in(Client(), provider, oidc, "t-500")

    assert not page.wsgi_request.user.is_authenticated
    assert not User.objects.filter(email=f"wrong@{DOMAIN}").exists()


def test_the_owner_connects_the_provider_after_signing_in_and_then_joins(cast, oidc, dns):
    """The account's owner signs in to it first (here: already signed in), connects the
    district's provider from their account, and their next sign-in through it joins."""
    owner = cast.outsider
    owner.email = f"olga@{DOMAIN}"
    owner.save()
    EmailAddress.objects.filter(user=owner).update(email=owner.email, verified=True)
    admin = admin_client(cast.district_admin)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider, _ = add_oidc_provider(admin, cast.district, oidc, DOMAIN)
    oidc.set_user("t-600", email=f"olga@{DOMAIN}", email_verified=True)

    signed_in = Client()
    signed_in.force_login(owner)
    start = signed_in.post(
        reverse("openid_connect_login", args=[provider.provider_id]), {"process": "connect"}
    )
    back = oidc.authorize(start["Location"], "t-600")
    signed_in.get(back.removeprefix("http://testserver"), follow=True)
    assert owner.socialaccount_set.filter(provider=provider.provider_id, uid="t-600").exists()

    page = oidc_sign_in(Client(), provider, oidc, "t-600")
    assert page.wsgi_request.user == owner
    assert Membership.objects.filter(user=owner, organization=cast.district).exists()
    assert b"You joined North District" in page.content


def test_a_provider_turned_off_or_removed_signs_nobody_in_and_breaks_no_page(cast, oidc, dns):
    admin = admin_client(cast.district_admin)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider, _ = add_oidc_provider(admin, cast.district, oidc, DOMAIN)
    oidc.set_user("t-700", email=f"off@{DOMAIN}", email_verified=True)
    teacher = Client()
    oidc_sign_in(teacher, provider, oidc, "t-700")
    user = User.objects.get(email=f"off@{DOMAIN}")

    admin.post(reverse("sso:provider_toggle", args=[provider.public_id]))
    login = reverse("openid_connect_login", args=[provider.provider_id])
    assert Client().post(login, {"process": "login"}).status_code == 404
    # The person's account connections still show (the provider is named, off).
    assert teacher.get(reverse("socialaccount_connections")).status_code == 200

    admin.post(reverse("sso:provider_delete", args=[provider.public_id]))
    assert not user.socialaccount_set.exists()
    assert teacher.get(reverse("socialaccount_connections")).status_code == 200
    assert Membership.objects.filter(user=user, organization=cast.district).exists()


def test_the_servers_calls_to_a_provider_go_only_to_public_https_addresses(
    cast, oidc, dns, settings
):
    """An issuer that was public when saved and now points into our network (or an admin's
    URL on plain http) is not called at sign-in: the district's people see an error page."""
    admin = admin_client(cast.district_admin)
    add_verified_domain(admin, cast.district, DOMAIN, dns)
    provider, _ = add_oidc_provider(admin, cast.district, oidc, DOMAIN)
    settings.SSO_ALLOW_INSECURE_URLS = False
    settings.SSO_ALLOW_PRIVATE_ADDRESSES = False

    response = Client().post(
        reverse("openid_connect_login", args=[provider.provider_id]), {"process": "login"}
    )

    assert response.status_code == 502
    assert b"sign-in is not reachable" in response.content


def test_a_provider_that_is_down_is_said_plainly(cast, oidc, dns):
    admin = admin_client(cast.district_admin)
    provider, _ = add_oidc_provider(admin, cast.district, oidc, DOMAIN)
    provider.issuer_url = "http://127.0.0.1:9"  # nothing listens there
    provider.save()

    response = Client().post(
        reverse("openid_connect_login", args=[provider.provider_id]), {"process": "login"}
    )

    assert response.status_code == 502


def test_a_provider_does_not_speak_for_another_districts_domain(cast, oidc, dns):
    """South District verified the domain; North's provider lists it too. Someone signing in
    through North's provider with such an address gets no verified address and joins nobody."""
    south = admin_client(cast.other_admin)
    add_verified_domain(south, cast.other_district, DOMAIN, dns)
    north = admin_client(cast.district_admin)
    provider, _ = add_oidc_provider(north, cast.district, oidc, DOMAIN)
    oidc.set_user("t-800", email=f"imposter@{DOMAIN}", email_verified=True)

    oidc_sign_in(Client(), provider, oidc, "t-800")

    user = User.objects.get(email=f"imposter@{DOMAIN}")
    assert not EmailAddress.objects.get(user=user).verified
    assert not Membership.objects.filter(user=user).exists()
