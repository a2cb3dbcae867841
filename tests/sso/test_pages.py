"""The single sign-on pages: who may configure a district's sign-in (its admins, platform
staff; anyone else 404), domain verification through DNS, hostile input, and "Sign in with
your district"."""

import pytest
from django.test import Client
from django.urls import reverse

from sso import services
from sso.models import SignInDomain, SignInProvider
from sso.services import ProviderSettings

pytestmark = pytest.mark.django_db

DOMAIN = "north.k12.example"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _provider(district, kind="oidc", domains=(DOMAIN,)) -> SignInProvider:
    return services.provider_create(
        district=district,
        values=ProviderSettings(
            kind=kind,
            issuer_url="https://idp.example" if kind == "oidc" else "",
            client_id="client-1",
            client_secret="secret-1",
            tenant="north.example" if kind == "microsoft" else "",
            domains=domains,
        ),
        by=None,
    )


def test_the_admin_page_is_for_the_districts_admins_and_staff(cast):
    url = reverse("sso:admin") + f"?org={cast.district.public_id}"
    for who in (cast.district_admin, cast.state_admin, cast.staff):
        assert _client(who).get(url).status_code == 200, who
    for who in (cast.other_admin, cast.educator, cast.reviewer, cast.author, cast.outsider):
        assert _client(who).get(url).status_code == 404, who
    assert _client().get(url).status_code == 302  # sign in first
    # Without ?org= an admin lands on their own district; a district is never a school.
    page = _client(cast.other_admin).get(reverse("sso:admin"))
    assert page.context["root"] == cast.other_district
    school = reverse("sso:admin") + f"?org={cast.school.public_id}"
    assert _client(cast.district_admin).get(school).status_code == 404


def test_another_districts_admin_cannot_configure_its_provider(cast):
    """A provider of district A cannot be seen, changed, turned off or removed by B's admin."""
    provider = _provider(cast.district)
    domain = services.domain_add(district=cast.district, domain=DOMAIN, by=None)
    other = _client(cast.other_admin)
    pid = provider.public_id
    assert other.get(reverse("sso:provider", args=[pid])).status_code == 404
    changed = {"client_id": "mine", "issuer_url": "https://evil.example", "domains": DOMAIN}
    assert other.post(reverse("sso:provider", args=[pid]), changed).status_code == 404
    assert other.post(reverse("sso:provider_toggle", args=[pid])).status_code == 404
    assert other.post(reverse("sso:provider_delete", args=[pid])).status_code == 404
    assert other.post(reverse("sso:domain_verify", args=[domain.public_id])).status_code == 404
    assert other.post(reverse("sso:domain_delete", args=[domain.public_id])).status_code == 404
    # Nor add one to district A by naming it.
    create = reverse("sso:provider_create") + f"?org={cast.district.public_id}"
    body = {"kind": "google", "client_id": "x", "client_secret": "y", "domains": DOMAIN}
    assert other.post(create, body).status_code == 404
    add = reverse("sso:domain_add") + f"?org={cast.district.public_id}"
    assert other.post(add, {"domain": "evil.example"}).status_code == 404
    provider.refresh_from_db()
    assert provider.client_id == "client-1" and provider.is_active
    assert SignInProvider.objects.count() == 1
    assert SignInDomain.objects.count() == 1
    # Its own admin can.
    mine = _client(cast.district_admin)
    assert mine.post(reverse("sso:provider_toggle", args=[pid])).status_code == 302
    provider.refresh_from_db()
    assert not provider.is_active


def test_presets_know_their_issuers(cast):
    assert _provider(cast.district, "google").issuer_url == "https://accounts.google.com"
    assert _provider(cast.district, "clever").issuer_url == "https://clever.com"
    assert _provider(cast.district, "classlink").issuer_url == "https://launchpad.classlink.com"
    microsoft = _provider(cast.district, "microsoft")
    assert microsoft.issuer_url == "https://login.microsoftonline.com/north.example/v2.0"
    assert microsoft.provider_id == "district-north-district-microsoft"


def test_one_provider_of_a_kind_per_district_and_the_form_says_why(cast):
    _provider(cast.district, "google")
    create = reverse("sso:provider_create") + f"?org={cast.district.public_id}"
    body = {"kind": "google", "client_id": "x", "client_secret": "y", "domains": DOMAIN}
    response = _client(cast.district_admin).post(create, body)
    assert response.status_code == 400
    assert b"already has a provider of this kind" in response.content


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "oidc", "client_id": "x", "client_secret": "y", "domains": DOMAIN}, b"issuer"),
        ({"kind": "google", "client_id": "x", "domains": DOMAIN}, b"client secret"),
        (
            {"kind": "microsoft", "client_id": "x", "client_secret": "y", "domains": DOMAIN},
            b"tenant",
        ),
        (
            {"kind": "google", "client_id": "x", "client_secret": "y", "domains": "<script>"},
            b"not a domain",
        ),
        (
            {"kind": "google", "client_id": "x\x00", "client_secret": "y", "domains": DOMAIN},
            b"control",
        ),
        ({"kind": "saml", "idp_metadata_xml": "<not-xml", "domains": DOMAIN}, b"not SAML"),
        ({"kind": "saml", "domains": DOMAIN}, b"metadata"),
        ({"kind": "nonsense", "domains": DOMAIN}, b"Select a valid choice"),
        ({"kind": "google", "client_id": "x" * 300, "domains": DOMAIN}, b"at most 255"),
    ],
)
def test_bad_provider_settings_answer_400_naming_the_field(cast, body, message):
    create = reverse("sso:provider_create") + f"?org={cast.district.public_id}"
    response = _client(cast.district_admin).post(create, body)
    assert response.status_code == 400
    assert message in response.content
    assert not SignInProvider.objects.exists()


def test_issuers_must_be_https_and_public_outside_the_tests(cast, settings):
    settings.SSO_ALLOW_INSECURE_URLS = False
    settings.SSO_ALLOW_PRIVATE_ADDRESSES = False
    for issuer, why in [
        ("http://idp.example", "https://"),
        ("https://127.0.0.1:8443", "private network"),
        ("https://localhost", "private network"),
    ]:
        with pytest.raises(services.SignInConfigError, match=why):
            services.provider_create(
                district=cast.district,
                values=ProviderSettings(
                    kind="oidc",
                    issuer_url=issuer,
                    client_id="x",
                    client_secret="y",
                    domains=(DOMAIN,),
                ),
                by=None,
            )


def test_a_domain_is_verified_only_by_its_published_token(cast, dns):
    admin = _client(cast.district_admin)
    add = reverse("sso:domain_add") + f"?org={cast.district.public_id}"
    assert admin.post(add, {"domain": " North.K12.Example. "}).status_code == 302
    domain = SignInDomain.objects.get()
    assert domain.domain == DOMAIN
    page = admin.get(reverse("sso:admin") + f"?org={cast.district.public_id}")
    assert services.domain_record_value(domain).encode() in page.content
    verify = reverse("sso:domain_verify", args=[domain.public_id])

    admin.post(verify)  # nothing published yet
    domain.refresh_from_db()
    assert not domain.is_verified and "not found" in domain.last_check_result

    dns.publish(services.domain_record_name(domain), "microcred-verification=someone-elses")
    admin.post(verify)
    domain.refresh_from_db()
    assert not domain.is_verified

    dns.publish(services.domain_record_name(domain), "v=spf1", services.domain_record_value(domain))
    admin.post(verify)
    domain.refresh_from_db()
    assert domain.is_verified


def test_a_domain_verified_by_one_district_cannot_be_verified_by_another(cast, dns):
    first = services.domain_add(district=cast.district, domain=DOMAIN, by=None)
    second = services.domain_add(district=cast.other_district, domain=DOMAIN, by=None)
    dns.publish(
        services.domain_record_name(first),
        services.domain_record_value(first),
        services.domain_record_value(second),
    )
    assert services.domain_verify(domain=first).is_verified
    second = services.domain_verify(domain=second)
    assert not second.is_verified
    assert "Another district" in second.last_check_result


def test_dns_that_does_not_answer_is_said_plainly(cast, settings):
    settings.SSO_DNS_NAMESERVER = "127.0.0.1:9"  # nothing listens there
    settings.SSO_DNS_TIMEOUT_SECONDS = 0.5
    domain = services.domain_add(district=cast.district, domain=DOMAIN, by=None)
    response = _client(cast.district_admin).post(
        reverse("sso:domain_verify", args=[domain.public_id]), follow=True
    )
    assert b"DNS did not answer" in response.content
    domain.refresh_from_db()
    assert not domain.is_verified


@pytest.mark.parametrize("domain", ["<b>x</b>", "a" * 300, "no spaces.example", "\x00.example", ""])
def test_hostile_domains_answer_400(cast, domain):
    add = reverse("sso:domain_add") + f"?org={cast.district.public_id}"
    response = _client(cast.district_admin).post(add, {"domain": domain})
    assert response.status_code == 400
    assert not SignInDomain.objects.exists()


def test_sign_in_with_your_district_finds_the_provider_of_a_verified_domain(cast, dns):
    provider = _provider(cast.district)
    domain = services.domain_add(district=cast.district, domain=DOMAIN, by=None)
    anonymous = _client()

    page = anonymous.get(reverse("sso:start"), {"email": f"tess@{DOMAIN}"})
    assert b"No district sign-in found" in page.content  # not verified yet

    dns.publish(services.domain_record_name(domain), services.domain_record_value(domain))
    services.domain_verify(domain=domain)
    page = anonymous.get(reverse("sso:start"), {"email": f"tess@{DOMAIN}"})
    login_url = reverse("openid_connect_login", args=[provider.provider_id])
    assert f'action="{login_url}"'.encode() in page.content
    # The form posts to us and we redirect to the provider: the page allows that target.
    assert "form-action 'self' https://idp.example" in page["Content-Security-Policy"]

    page = anonymous.get(reverse("sso:start"), {"district": str(cast.district.public_id)})
    assert f'action="{login_url}"'.encode() in page.content
    assert anonymous.get(reverse("sso:start"), {"district": "nonsense"}).status_code == 200
    assert anonymous.get(reverse("sso:start"), {"email": "not an email"}).status_code == 200


def test_the_sign_in_page_offers_the_district_and_its_providers(cast):
    provider = _provider(cast.district, "google")
    page = _client().get(reverse("account_login"))
    assert b"Sign in with your district" in page.content
    assert provider.label.encode() in page.content
    # allauth's confirmation page for the provider may send the form on to its issuer.
    confirm = _client().get(reverse("openid_connect_login", args=[provider.provider_id]))
    assert confirm.status_code == 200
    assert "form-action 'self' https://accounts.google.com" in confirm["Content-Security-Policy"]
    # A provider that is off is no door.
    services.provider_set_active(provider=provider, is_active=False)
    assert provider.label.encode() not in _client().get(reverse("account_login")).content
    gone = _client().post(
        reverse("openid_connect_login", args=[provider.provider_id]), {"process": "login"}
    )
    assert gone.status_code == 404


def test_the_admin_page_reads_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for kind in ("google", "clever", "classlink", "oidc"):
        _provider(cast.district, kind)
    for number in range(8):
        services.domain_add(district=cast.district, domain=f"d{number}.example", by=None)
    client = _client(cast.district_admin)
    url = reverse("sso:admin") + f"?org={cast.district.public_id}"
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
