"""Forms of the single sign-on pages: a district's provider and a domain; finding your district."""

import re
from typing import Any

from django import forms

from .models import SignInProvider
from .services import ProviderSettings


class ProviderForm(forms.Form):
    kind = forms.ChoiceField(choices=SignInProvider.Kind.choices, label="Provider")
    domains = forms.CharField(
        max_length=2000,
        label="Email domains it covers",
        help_text="e.g. riverside.k12.example; several separated by commas. People join the "
        "district only with an address of a domain you have verified below.",
    )
    client_id = forms.CharField(max_length=255, required=False, label="Client id")
    client_secret = forms.CharField(
        max_length=2000,
        required=False,
        label="Client secret",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Stored encrypted and never shown again. Leave blank to keep the saved one.",
    )
    tenant = forms.CharField(
        max_length=100, required=False, label="Microsoft tenant (id or domain)"
    )
    issuer_url = forms.URLField(
        max_length=500,
        required=False,
        assume_scheme="https",
        label="Issuer URL",
        help_text="OpenID Connect (any provider): the issuer, whose "
        "/.well-known/openid-configuration we read. Google, Microsoft, Clever and ClassLink "
        "need none.",
    )
    idp_metadata_url = forms.URLField(
        max_length=500, required=False, assume_scheme="https", label="SAML metadata URL"
    )
    idp_metadata_xml = forms.CharField(
        max_length=200_000,
        required=False,
        label="SAML metadata XML",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Or paste the identity provider's metadata.",
    )
    idp_entity_id = forms.CharField(max_length=500, required=False, label="SAML entity id")
    idp_sso_url = forms.URLField(
        max_length=500, required=False, assume_scheme="https", label="SAML sign-in URL"
    )
    idp_x509cert = forms.CharField(
        max_length=20_000,
        required=False,
        label="SAML signing certificate (PEM)",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, editing: SignInProvider | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing is not None:
            # Editing: the kind stays, and only its own settings are shown.
            saml = {name for name in self.fields if name.startswith("idp_")}
            oidc = {"client_id", "client_secret", "tenant", "issuer_url"}
            for name in {"kind", *(oidc if editing.is_saml else saml)}:
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "Remove the control characters.")
        return cleaned

    def settings(self, kind: str) -> ProviderSettings:
        data = {name: "" for name in ProviderForm.base_fields} | self.cleaned_data
        domains = tuple(part for part in re.split(r"[\s,;]+", data["domains"]) if part)
        pem = data["idp_x509cert"]
        cert = "".join(line for line in pem.splitlines() if "CERTIFICATE" not in line)
        return ProviderSettings(
            kind=kind,
            client_id=data["client_id"],
            client_secret=data["client_secret"],
            issuer_url=data["issuer_url"],
            tenant=data["tenant"].strip(),
            idp_metadata_url=data["idp_metadata_url"],
            idp_metadata_xml=data["idp_metadata_xml"],
            idp_entity_id=data["idp_entity_id"].strip(),
            idp_sso_url=data["idp_sso_url"],
            idp_x509cert=cert.strip(),
            domains=domains,
        )


class DomainForm(forms.Form):
    domain = forms.CharField(
        max_length=253, label="Email domain", help_text="e.g. riverside.k12.example"
    )


class FindDistrictForm(forms.Form):
    email = forms.EmailField(required=False, label="Your work email")
