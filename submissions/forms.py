from django import forms


class ResponseForm(forms.Form):
    """One autosaved written response."""

    text = forms.CharField(required=False, max_length=100_000, strip=False)
