"""Every write to a district's sign-in: providers, domains and their verification, and joining
a district by signing in through its provider (ADR 0027)."""

import ipaddress
import re
import secrets
import socket
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import requests
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from accounts.models import User
from organizations.models import Membership, Organization, Role
from organizations.services import membership_grant

from . import dns_txt
from .models import SignInDomain, SignInJoin, SignInProvider
from .selectors import verified_domain_for

Kind = SignInProvider.Kind

# The issuers of the preset providers; Microsoft's names the district's tenant.
PRESET_ISSUERS = {
    Kind.GOOGLE: "https://accounts.google.com",
    Kind.MICROSOFT: "https://login.microsoftonline.com/{tenant}/v2.0",
    Kind.CLEVER: "https://clever.com",
    Kind.CLASSLINK: "https://launchpad.classlink.com",
}
# Where the domain's owner publishes the token (a TXT record) and what the record says.
VERIFICATION_PREFIX = "_microcred-verification"
VERIFICATION_VALUE = "microcred-verification={token}"

_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_TENANT = re.compile(r"^[A-Za-z0-9.-]{1,100}$")


class SignInConfigError(Exception):
    """A provider or domain that cannot be saved as given; the message says why (per field)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ProviderSettings:
    """What an admin enters for a provider (the secret is write-only)."""

    kind: str
    client_id: str = ""
    client_secret: str = ""
    issuer_url: str = ""
    tenant: str = ""
    idp_metadata_url: str = ""
    idp_metadata_xml: str = ""
    idp_entity_id: str = ""
    idp_sso_url: str = ""
    idp_x509cert: str = ""
    domains: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Outgoing addresses: an admin's URL must not make the server call into its own network
# --------------------------------------------------------------------------------------------


def check_outgoing_url(url: str, *, field: str) -> str:
    """`url` when the server may fetch it: https (unless SSO_ALLOW_INSECURE_URLS) to a host
    whose every address is public (unless SSO_ALLOW_PRIVATE_ADDRESSES)."""
    parts = urlsplit(url)
    allowed_schemes = {"https", "http"} if settings.SSO_ALLOW_INSECURE_URLS else {"https"}
    if parts.scheme not in allowed_schemes or not parts.hostname:
        raise SignInConfigError("Enter an https:// address.", field)
    if settings.SSO_ALLOW_PRIVATE_ADDRESSES:
        return url
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise SignInConfigError("This address does not resolve.", field) from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise SignInConfigError("This address points into a private network.", field)
    return url


# --------------------------------------------------------------------------------------------
# Providers
# --------------------------------------------------------------------------------------------


def _oidc_issuer(values: ProviderSettings) -> str:
    if values.issuer_url:
        return check_outgoing_url(values.issuer_url.rstrip("/"), field="issuer_url")
    if values.kind == Kind.OIDC:
        raise SignInConfigError("Enter the provider's issuer URL.", "issuer_url")
    if values.kind == Kind.MICROSOFT:
        if not _TENANT.match(values.tenant):
            raise SignInConfigError("Enter your Microsoft Entra tenant id or domain.", "tenant")
        return PRESET_ISSUERS[Kind.MICROSOFT].format(tenant=values.tenant)
    return PRESET_ISSUERS[Kind(values.kind)]


def _saml_identity_provider(values: ProviderSettings) -> dict[str, str]:
    """The IdP's entity id, sign-in URL and certificate, from its metadata or as entered."""
    idp: dict[str, str] = {}
    if values.idp_metadata_url:
        url = check_outgoing_url(values.idp_metadata_url, field="idp_metadata_url")
        idp = _parse_metadata(_fetch_metadata(url), field="idp_metadata_url")
        idp["metadata_url"] = url
    elif values.idp_metadata_xml:
        idp = _parse_metadata(values.idp_metadata_xml, field="idp_metadata_xml")
    entity_id = values.idp_entity_id or idp.get("entity_id", "")
    sso_url = values.idp_sso_url or idp.get("sso_url", "")
    cert = values.idp_x509cert or idp.get("x509cert", "")
    if not (entity_id and sso_url and cert):
        raise SignInConfigError(
            "Give the identity provider's metadata (URL or XML), or its entity id, sign-in URL "
            "and certificate.",
            "idp_metadata_url",
        )
    if not values.idp_metadata_url:
        check_outgoing_url(sso_url, field="idp_sso_url")
    return {**idp, "entity_id": entity_id, "sso_url": sso_url, "x509cert": cert}


# IdP metadata is a few kilobytes; a federation's aggregate is not what an admin should enter.
METADATA_MAX_BYTES = 1024 * 1024


def _fetch_metadata(url: str) -> bytes:
    """The metadata at `url`, read without following redirects (each hop would need the
    address check above) and bounded in size."""
    try:
        with requests.get(
            url, timeout=settings.SOCIALACCOUNT_REQUESTS_TIMEOUT, allow_redirects=False, stream=True
        ) as response:
            body = response.raw.read(METADATA_MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as error:
        raise SignInConfigError("The metadata could not be read.", "idp_metadata_url") from error
    if response.status_code != 200 or len(body) > METADATA_MAX_BYTES:
        message = f"The metadata could not be read (HTTP {response.status_code})."
        raise SignInConfigError(message, "idp_metadata_url")
    return bytes(body)


def _parse_metadata(xml: str | bytes, *, field: str) -> dict[str, str]:
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml)
    except Exception as error:  # malformed XML, or no IdP in it
        raise SignInConfigError("This is not SAML identity provider metadata.", field) from error
    idp = parsed.get("idp", {})
    return {
        "entity_id": idp.get("entityId", ""),
        "sso_url": idp.get("singleSignOnService", {}).get("url", ""),
        "x509cert": idp.get("x509cert", ""),
    }


def _clean_domains(domains: tuple[str, ...]) -> list[str]:
    cleaned = sorted({domain_clean(domain) for domain in domains if domain.strip()})
    if not cleaned:
        raise SignInConfigError("Name at least one email domain this provider covers.", "domains")
    return cleaned


def _apply(provider: SignInProvider, values: ProviderSettings) -> None:
    provider.domains = _clean_domains(values.domains)
    if provider.is_saml:
        idp = _saml_identity_provider(values)
        provider.idp_entity_id = idp["entity_id"]
        provider.idp_sso_url = idp["sso_url"]
        provider.idp_x509cert = idp["x509cert"]
        provider.idp_metadata_url = idp.get("metadata_url", "")
        return
    if not values.client_id.strip():
        raise SignInConfigError("Enter the client id.", "client_id")
    provider.issuer_url = _oidc_issuer(values)
    provider.client_id = values.client_id.strip()
    if values.client_secret:
        provider.set_client_secret(values.client_secret)
    elif not provider.client_secret_encrypted:
        raise SignInConfigError("Enter the client secret.", "client_secret")


def provider_create(
    *, district: Organization, values: ProviderSettings, by: User | None
) -> SignInProvider:
    """Add a sign-in provider to a district (one of each kind). The client secret is stored
    encrypted and never shown again."""
    if district.kind != Organization.Kind.DISTRICT:
        raise SignInConfigError("Single sign-on is configured per district.")
    if values.kind not in Kind.values:
        raise SignInConfigError("Choose a kind of provider.", "kind")
    provider = SignInProvider(
        district=district,
        kind=values.kind,
        provider_id=f"district-{district.slug}-{values.kind}",
        created_by=by,
    )
    _apply(provider, values)
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError as error:
        raise SignInConfigError(
            "This district already has a provider of this kind: edit it instead.", "kind"
        ) from error
    return provider


def provider_update(*, provider: SignInProvider, values: ProviderSettings) -> SignInProvider:
    """Change a provider's settings; a blank secret (or SAML certificate, sign-in URL, entity
    id) keeps the stored one."""
    values = replace(
        values,
        kind=provider.kind,
        idp_entity_id=values.idp_entity_id or provider.idp_entity_id,
        idp_sso_url=values.idp_sso_url or provider.idp_sso_url,
        idp_x509cert=values.idp_x509cert or provider.idp_x509cert,
    )
    _apply(provider, values)
    provider.save()
    return provider


def provider_set_active(*, provider: SignInProvider, is_active: bool) -> SignInProvider:
    SignInProvider.objects.filter(pk=provider.pk).update(is_active=is_active)
    provider.is_active = is_active
    return provider


def provider_delete(*, provider: SignInProvider) -> None:
    """Remove a provider. People who signed in through it keep their accounts (and their
    memberships) but lose the connection to it: they sign in with a password (reset by email)
    or another provider; a provider added again is connected again by its owner."""
    with transaction.atomic():
        SocialAccount.objects.filter(provider=provider.provider_id).delete()
        provider.delete()


# --------------------------------------------------------------------------------------------
# Domains
# --------------------------------------------------------------------------------------------


def domain_clean(domain: str) -> str:
    """A domain name as stored: lowercase ASCII (IDNA), no trailing dot; else an error."""
    name = domain.strip().lower().rstrip(".")
    if name.startswith("@"):
        name = name[1:]
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise SignInConfigError(f"“{domain[:100]}” is not a domain name.", "domains") from error
    if not _DOMAIN.match(name):
        raise SignInConfigError(f"“{domain[:100]}” is not a domain name.", "domains")
    return name


def domain_add(*, district: Organization, domain: str, by: User | None) -> SignInDomain:
    """Claim a domain for a district: unverified, with the token its owner must publish."""
    name = domain_clean(domain)
    existing = SignInDomain.objects.filter(district=district, domain=name).first()
    if existing is not None:
        return existing
    return SignInDomain.objects.create(
        district=district, domain=name, token=secrets.token_urlsafe(24), created_by=by
    )


def domain_record_name(domain: SignInDomain) -> str:
    return f"{VERIFICATION_PREFIX}.{domain.domain}"


def domain_record_value(domain: SignInDomain) -> str:
    return VERIFICATION_VALUE.format(token=domain.token)


def domain_verify(*, domain: SignInDomain) -> SignInDomain:
    """Look the token up in DNS; the domain is verified when the TXT record holds it and no
    other district holds the domain verified. The outcome is kept for the page."""
    result = ""
    try:
        published = domain_record_value(domain) in dns_txt.txt_records(domain_record_name(domain))
    except dns_txt.DnsLookupError:
        published, result = False, "DNS did not answer; try again in a few minutes."
    now = timezone.now()
    if published:
        try:
            with transaction.atomic():
                SignInDomain.objects.filter(pk=domain.pk).update(
                    verified_at=domain.verified_at or now, last_checked_at=now, last_check_result=""
                )
        except IntegrityError:
            result = "Another district has verified this domain."
        else:
            domain.refresh_from_db()
            return domain
    else:
        result = result or "The TXT record was not found (DNS changes can take a while)."
    SignInDomain.objects.filter(pk=domain.pk).update(last_checked_at=now, last_check_result=result)
    domain.refresh_from_db()
    return domain


def domain_remove(*, domain: SignInDomain) -> None:
    """Stop trusting a domain: nobody joins through it any more (memberships stay)."""
    domain.delete()


# --------------------------------------------------------------------------------------------
# Joining a district by signing in through its provider
# --------------------------------------------------------------------------------------------


def sign_in_join(*, user: User, provider: SignInProvider, email: str) -> SignInJoin | None:
    """`user` signed in through `provider` with `email`: when the district verified the
    address's domain (and the provider covers it) they join the district as an educator,
    unless they already belong to it. Returns the new join, to tell the person; else None."""
    if not provider.is_active or verified_domain_for(provider, email) is None:
        return None
    district = provider.district
    already = Membership.objects.filter(
        user=user, is_active=True, organization__path__startswith=district.path
    ).exists()
    if already:
        return None
    with transaction.atomic():
        membership_grant(user=user, organization=district, role=Role.EDUCATOR)
        # A person who left and signs in again rejoins: the record says when, last.
        join, _ = SignInJoin.objects.update_or_create(
            user=user,
            district=district,
            defaults={"provider": provider, "email": email.lower(), "created_at": timezone.now()},
        )
    return join
