"""What the single sign-on tests do through the pages, as a district admin would."""

from django.test import Client
from django.urls import reverse

from organizations.models import Organization
from sso.models import SignInDomain, SignInProvider
from sso.services import domain_record_name, domain_record_value

# python3-saml refuses a single-label host ("testserver") in our own URLs: SAML tests use this.
SAML_HOST = "127.0.0.1"


def saml_client() -> Client:
    return Client(HTTP_HOST=SAML_HOST)


def admin_client(admin, *, host: str = "testserver") -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(admin)
    return client


def add_verified_domain(client: Client, district: Organization, domain: str, dns) -> SignInDomain:
    """The admin adds the domain, publishes the TXT record it shows and presses Verify."""
    response = client.post(
        reverse("sso:domain_add") + f"?org={district.public_id}", {"domain": domain}
    )
    assert response.status_code == 302, response.content[:2000]
    found = SignInDomain.objects.get(district=district, domain=domain)
    dns.publish(domain_record_name(found), domain_record_value(found))
    response = client.post(reverse("sso:domain_verify", args=[found.public_id]))
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.is_verified, found.last_check_result
    return found


def add_oidc_provider(
    client: Client, district: Organization, oidc, domains: str
) -> tuple[SignInProvider, str]:
    """The admin registers our callback with the provider and enters its client id and secret."""
    callback = f"http://testserver/accounts/oidc/district-{district.slug}-oidc/login/callback/"
    client_id, secret = oidc.register_client(callback)
    response = client.post(
        reverse("sso:provider_create") + f"?org={district.public_id}",
        {
            "kind": "oidc",
            "issuer_url": oidc.issuer,
            "client_id": client_id,
            "client_secret": secret,
            "domains": domains,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return SignInProvider.objects.get(district=district, kind="oidc"), secret


def oidc_sign_in(client: Client, provider: SignInProvider, oidc, sub: str):
    """The person presses "Continue with ..." and signs in at the provider; the response of
    our callback, redirects followed."""
    response = client.post(
        reverse("openid_connect_login", args=[provider.provider_id]), {"process": "login"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(oidc.issuer + "/oauth2/authorize")
    back = oidc.authorize(response["Location"], sub)
    assert back.startswith("http://testserver/accounts/oidc/"), back
    return client.get(back.removeprefix("http://testserver"), follow=True)


def add_saml_provider(client: Client, district: Organization, idp, domains: str) -> SignInProvider:
    """The admin gives the identity provider's metadata URL; the IdP is given our metadata."""
    response = client.post(
        reverse("sso:provider_create") + f"?org={district.public_id}",
        {"kind": "saml", "idp_metadata_url": idp.metadata_url, "domains": domains},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    provider = SignInProvider.objects.get(district=district, kind="saml")
    metadata = client.get(reverse("saml_metadata", args=[provider.provider_id]))
    assert metadata.status_code == 200, metadata.content[:2000]
    idp.trust_service_provider(metadata.content)
    return provider


def saml_sign_in(client: Client, provider: SignInProvider, idp, user: str):
    """The person presses "Continue with ...", signs in at the IdP, and their browser posts the
    signed response to our assertion consumer service; redirects followed."""
    response = client.post(reverse("saml_login", args=[provider.provider_id]), {"process": "login"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(idp.base + "/sso/redirect"), response["Location"]
    form = idp.sign_in(response["Location"], user)
    action = form.pop("action")
    assert action.startswith(f"http://{SAML_HOST}/accounts/saml/"), action
    return client.post(action.removeprefix(f"http://{SAML_HOST}"), form, follow=True)
