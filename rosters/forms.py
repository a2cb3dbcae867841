"""The roster upload form."""

from typing import Any

from django import forms

from organizations.forms import StyledForm

from .planning import MAX_BYTES


class RosterUploadForm(StyledForm):
    users_file = forms.FileField(
        label="Staff file (CSV)",
        help_text=(
            "A OneRoster 1.1 <code>users.csv</code>, or a simple CSV with the columns "
            "<code>email, name, school, role</code> (role: educator or admin; optional "
            "<code>status</code>: inactive for someone who left). UTF-8, up to 10 MB."
        ),
    )
    orgs_file = forms.FileField(
        label="Schools file (OneRoster orgs.csv, optional)",
        required=False,
        help_text="Adds new schools and renames existing ones, matched by their sourcedId.",
    )
    deactivate_missing = forms.BooleanField(
        required=False,
        label="This is the full staff list: deactivate educators who are not in it",
    )

    def clean_users_file(self) -> Any:
        return _checked_upload(self.cleaned_data["users_file"])

    def clean_orgs_file(self) -> Any:
        upload = self.cleaned_data.get("orgs_file")
        return _checked_upload(upload) if upload else None


def _checked_upload(upload: Any) -> Any:
    if upload.size > MAX_BYTES:
        raise forms.ValidationError("The file is larger than 10 MB.")
    return upload
