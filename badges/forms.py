"""Forms of the badge pages: sharing choices, revocation, and the verification page."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from . import conf
from .services import EVIDENCE_SUMMARY_MAX_CHARS


class SharingForm(forms.Form):
    is_public = forms.BooleanField(
        label="Anyone with the link can see this badge's page",
        required=False,
        help_text="When off, the page answers “not found” to everyone but you. The badge "
        "itself stays verifiable: its Open Badges link keeps working for employers.",
    )
    evidence_summary = forms.CharField(
        label="Evidence summary",
        required=False,
        max_length=EVIDENCE_SUMMARY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        help_text="A few sentences on what you did, in your words. Your uploaded evidence "
        "itself is never published.",
    )
    evidence_published = forms.BooleanField(
        label="Publish this summary with the badge", required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("evidence_published") and not (data.get("evidence_summary") or "").strip():
            self.add_error("evidence_summary", "Write the summary before publishing it.")
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason for revoking",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text="Published with the revoked badge and emailed to the educator.",
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError("Give a reason.")
        return reason


class VerifyForm(forms.Form):
    url = forms.CharField(
        label="Badge link",
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"class": "form-control", "placeholder": "https://"}),
        help_text="The badge's page, its Open Badges link or its credential link.",
    )
    file = forms.FileField(
        label="Or upload a badge file",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "class": "form-control",
                "accept": ".png,.svg,.json,image/png,image/svg+xml,application/json",
            }
        ),
        help_text="A baked badge image (PNG or SVG) or an Open Badges 3.0 credential (JSON).",
    )
    email = forms.EmailField(
        label="Earner's email (optional)",
        required=False,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text="Checked against the badge's hashed recipient; we never show the address.",
    )

    ALLOWED_EXTENSIONS = (".png", ".svg", ".json")

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        limit = conf.verify_max_upload_bytes()
        if upload.size is None or upload.size > limit:
            raise forms.ValidationError(
                f"The file is larger than {limit // 1024} KB; a badge file is much smaller."
            )
        if not (upload.name or "").lower().endswith(self.ALLOWED_EXTENSIONS):
            raise forms.ValidationError("Upload a .png, .svg or .json file.")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_url = bool((data.get("url") or "").strip())
        has_file = data.get("file") is not None
        if not self.errors and has_url == has_file:
            raise forms.ValidationError("Paste a badge link or upload a badge file (one of them).")
        return data

    def upload_bytes(self) -> bytes:
        """The upload's bytes, read no further than the size cap."""
        upload: UploadedFile = self.cleaned_data["file"]
        upload.seek(0)
        return bytes(upload.read(conf.verify_max_upload_bytes() + 1))
