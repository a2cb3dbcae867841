"""Reads about districts' sign-in providers and domains."""

from django.db.models import QuerySet

from accounts.models import User
from organizations.models import Organization
from organizations.selectors import organizations_administered_by

from .models import SignInDomain, SignInJoin, SignInProvider

OIDC_KINDS = [kind for kind in SignInProvider.Kind.values if kind != SignInProvider.Kind.SAML]


def districts_administered_by(user: User) -> list[Organization]:
    """The districts whose sign-in this user may configure: a district admin's own (or those
    under the state they administer); every district for platform staff."""
    return list(
        organizations_administered_by(user).filter(kind=Organization.Kind.DISTRICT).order_by("name")
    )


def providers_of(district: Organization) -> QuerySet[SignInProvider]:
    return SignInProvider.objects.filter(district=district).select_related("district")


def domains_of(district: Organization) -> QuerySet[SignInDomain]:
    return SignInDomain.objects.filter(district=district)


def providers_for_allauth(
    *, allauth_provider: str | None = None, client_id: str | None = None, active_only: bool
) -> list[SignInProvider]:
    """The providers allauth asks for: by its provider class ("openid_connect", "saml") or by
    our provider_id, and by client id (a SAML app's client id is its provider_id, the slug in
    its URLs); turned-off ones too unless `active_only`."""
    providers = SignInProvider.objects.select_related("district")
    if active_only:
        providers = providers.filter(is_active=True)
    if allauth_provider == "openid_connect":
        providers = providers.filter(kind__in=OIDC_KINDS)
    elif allauth_provider == "saml":
        providers = providers.filter(kind=SignInProvider.Kind.SAML)
    elif allauth_provider:
        providers = providers.filter(provider_id=allauth_provider)
    if client_id:
        saml = providers.filter(kind=SignInProvider.Kind.SAML, provider_id=client_id)
        oidc = providers.filter(kind__in=OIDC_KINDS, client_id=client_id)
        providers = saml | oidc
    return list(providers.order_by("district__name", "kind"))


def provider_by_provider_id(provider_id: str) -> SignInProvider | None:
    return SignInProvider.objects.filter(provider_id=provider_id).select_related("district").first()


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def verified_domain_for(provider: SignInProvider, email: str) -> SignInDomain | None:
    """The district's verified domain of `email` when `provider` covers it; else None. Only
    then does the provider speak for the address (it is taken as verified, and joins)."""
    domain = email_domain(email)
    if not domain or domain not in provider.domains:
        return None
    return SignInDomain.objects.filter(
        district_id=provider.district_id, domain=domain, verified_at__isnull=False
    ).first()


def providers_for_email(email: str) -> list[SignInProvider]:
    """The active providers of the district that verified the domain of `email`."""
    domain = SignInDomain.objects.filter(
        domain=email_domain(email), verified_at__isnull=False
    ).first()
    if domain is None:
        return []
    return [
        provider
        for provider in providers_of(domain.district).filter(is_active=True)
        if domain.domain in provider.domains
    ]


def districts_with_sign_in() -> list[Organization]:
    """Districts with at least one active provider, for "pick your district"."""
    return list(
        Organization.objects.filter(
            kind=Organization.Kind.DISTRICT, sign_in_providers__is_active=True
        )
        .distinct()
        .order_by("name")
    )


def joins_of(user: User) -> QuerySet[SignInJoin]:
    return SignInJoin.objects.filter(user=user).select_related("district", "provider")
