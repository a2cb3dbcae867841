"""What the single sign-on tests do through the pages, as a district admin would."""

from django.test import Client
from django.urls import reverse

from organizations.models import Organization
from sso.models import SignInDomain, SignInProvider
from sso.services import domain_record_name, domain_record_value


def admin_client(admin) -> Client:
    client = Client()
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
