"""The wallets app's URLs, included at the site root: the learner record and the "Add to a
wallet" page under /record/, and the OpenID4VCI endpoints wallets call (ADR 0025)."""

from django.urls import URLPattern, path

from . import endpoints, views

app_name = "wallets"
urlpatterns: list[URLPattern] = [
    path("record/clr.json", views.clr_download, name="clr_download"),
    path("record/badges/<uuid:public_id>/wallet/", views.wallet_offer, name="wallet_offer"),
    path(
        ".well-known/openid-credential-issuer",
        endpoints.issuer_metadata,
        name="issuer_metadata",
    ),
    path(
        ".well-known/oauth-authorization-server",
        endpoints.authorization_server_metadata,
        name="authorization_server_metadata",
    ),
    path("oid4vci/offers/<str:offer_token>", endpoints.credential_offer, name="credential_offer"),
    path("oid4vci/token", endpoints.token, name="token"),
    path("oid4vci/nonce", endpoints.nonce, name="nonce"),
    path("oid4vci/credential", endpoints.credential, name="credential"),
    # Everything else there answers JSON too (a 404), as wallets read it.
    path(".well-known/<path:path>", endpoints.not_found, name="well_known_not_found"),
    path("oid4vci/<path:path>", endpoints.not_found, name="oid4vci_not_found"),
]
