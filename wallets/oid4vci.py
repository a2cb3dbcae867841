"""The OpenID for Verifiable Credential Issuance 1.0 documents the platform publishes: the
credential issuer's metadata, the authorization server's metadata (RFC 8414) and credential
offers (ADR 0025). Pure functions of settings and their arguments.

The credential issuer identifier is SITE_URL: wallets fetch
`<SITE_URL>/.well-known/openid-credential-issuer`, and holders' proofs name it as `aud`.
"""

from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from badges.conf import absolute, site_url
from badges.documents import OB3_CONTEXT, VC2_CONTEXT

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
CONFIGURATION_ID = "OpenBadgeCredential_ldp_vc"
CREDENTIAL_FORMAT = "ldp_vc"
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
CRYPTOSUITE = "eddsa-rdfc-2022"
TX_CODE_LENGTH = 6
TX_CODE_DESCRIPTION = "Enter the 6-digit code shown next to the QR code on the badge's page."


def credential_issuer() -> str:
    """Our credential issuer identifier (and the authorization server's issuer)."""
    return site_url()


def endpoint(name: str, *args: object) -> str:
    return absolute(reverse(name, args=args))


def _display() -> list[dict[str, Any]]:
    return [
        {
            "name": str(settings.SITE_NAME),
            "locale": "en-US",
            "logo": {"uri": absolute(static("img/favicon.svg")), "alt_text": "Platform logo"},
        }
    ]


def _credential_display() -> list[dict[str, Any]]:
    return [
        {
            "name": "Open Badge (micro-credential)",
            "locale": "en-US",
            "description": "An Open Badges 3.0 micro-credential earned on "
            f"{settings.SITE_NAME}, verifiable anywhere.",
            "logo": {"uri": absolute(static("img/favicon.svg")), "alt_text": "Badge"},
        }
    ]


def issuer_metadata() -> dict[str, Any]:
    """`/.well-known/openid-credential-issuer`."""
    configuration = {
        "format": CREDENTIAL_FORMAT,
        "scope": "OpenBadgeCredential",
        "credential_definition": {
            "@context": [VC2_CONTEXT, OB3_CONTEXT],
            "type": CREDENTIAL_TYPES,
        },
        "cryptographic_binding_methods_supported": ["did:key"],
        "credential_signing_alg_values_supported": [CRYPTOSUITE],
        "proof_types_supported": {
            "jwt": {"proof_signing_alg_values_supported": ["EdDSA", "ES256"]}
        },
        # 1.0 reads the display here; drafts up to 15 read it on the configuration itself.
        "credential_metadata": {"display": _credential_display()},
        "display": _credential_display(),
    }
    return {
        "credential_issuer": credential_issuer(),
        "credential_endpoint": endpoint("wallets:credential"),
        "nonce_endpoint": endpoint("wallets:nonce"),
        "display": _display(),
        "credential_configurations_supported": {CONFIGURATION_ID: configuration},
    }


def authorization_server_metadata() -> dict[str, Any]:
    """`/.well-known/oauth-authorization-server`: a token endpoint for pre-authorized codes
    only (there is no authorization endpoint: offers start on the badge's page)."""
    return {
        "issuer": credential_issuer(),
        "token_endpoint": endpoint("wallets:token"),
        "grant_types_supported": [PRE_AUTHORIZED_GRANT],
        "pre-authorized_grant_anonymous_access_supported": True,
        "token_endpoint_auth_methods_supported": ["none"],
    }


def credential_offer(pre_authorized_code: str) -> dict[str, Any]:
    """A credential offer of one Open Badge; the transaction code is never in it."""
    return {
        "credential_issuer": credential_issuer(),
        "credential_configuration_ids": [CONFIGURATION_ID],
        "grants": {
            PRE_AUTHORIZED_GRANT: {
                "pre-authorized_code": pre_authorized_code,
                "tx_code": {
                    "input_mode": "numeric",
                    "length": TX_CODE_LENGTH,
                    "description": TX_CODE_DESCRIPTION,
                },
            }
        },
    }
