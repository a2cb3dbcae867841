"""Forms of the Integrations page: a new organization API key, a new webhook endpoint."""

from django import forms

from .api_keys import Scope
from .webhooks import EventType, WebhookUrlError, webhook_url_validate


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100, label="Name", help_text="Say what uses it, e.g. “HR system nightly sync”."
    )
    scopes = forms.MultipleChoiceField(
        choices=Scope.choices, widget=forms.CheckboxSelectMultiple, label="What it may do"
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        max_length=500,
        label="URL",
        assume_scheme="https",
        help_text="An https:// address that receives a signed POST for each event; it must be "
        "reachable from the internet.",
    )
    event_types = forms.MultipleChoiceField(
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Events",
        help_text="credit.approved matters only to an organization that runs a recognition body "
        "(a licensure board, a district's salary schedule, a union local, a university): it "
        "reports credit that body approved, with its certificate's verification URL. Other "
        "organizations never receive it.",
    )

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        try:
            webhook_url_validate(url)
        except WebhookUrlError as error:
            raise forms.ValidationError(str(error)) from error
        return url
