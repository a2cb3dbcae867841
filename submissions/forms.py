from django import forms

MAX_COUNTER = 2**31 - 1  # PostgreSQL's integer


class ResponseForm(forms.Form):
    """One autosaved written response."""

    text = forms.CharField(required=False, max_length=100_000, strip=False)
    # What the page knew (static/js/autosave.js): the revision its text is based on, the page
    # load's random id and its save number. All optional: without them the last save wins.
    # Bounded by the integer columns they are stored in or compared with (a larger number
    # would fail in PostgreSQL, not here).
    base = forms.IntegerField(required=False, min_value=0, max_value=MAX_COUNTER)
    page = forms.RegexField(required=False, regex=r"^[A-Za-z0-9-]{8,40}$")
    save = forms.IntegerField(required=False, min_value=1, max_value=MAX_COUNTER)
