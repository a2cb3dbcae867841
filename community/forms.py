"""Forms of the cohort pages. They validate; services write."""

import datetime
from typing import Any

from django import forms

from credentials.models import MicroCredential, Stack
from organizations.models import Organization

from .models import CohortMembership

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A milestone may fall a little outside the cohort's dates (a kick-off call the week before, a
# celebration after), never far: further out is a typing slip.
MILESTONE_SLACK = datetime.timedelta(days=60)


class CredentialChoiceField(forms.ModelMultipleChoiceField[MicroCredential]):
    def label_from_instance(self, obj: MicroCredential) -> str:
        version = obj.published_version
        return version.title if version is not None else obj.slug


class CohortForm(forms.Form):
    """A cohort's name, dates, description, and what it learns (a stack, chosen
    micro-credentials, or both)."""

    organization = forms.ModelChoiceField(
        Organization.objects.none(),
        label="Run by",
        empty_label=None,
        error_messages={"invalid_choice": "Choose an organization you administer."},
    )
    name = forms.CharField(label="Name", max_length=200)
    starts_on = forms.DateField(label="Starts on", widget=DATE_INPUT)
    ends_on = forms.DateField(label="Ends on", widget=DATE_INPUT)
    stack = forms.ModelChoiceField(
        Stack.objects.filter(status=Stack.Status.PUBLISHED).order_by("title"),
        label="Stack",
        required=False,
        empty_label="No stack",
        error_messages={"invalid_choice": "Choose a published stack."},
    )
    micro_credentials = CredentialChoiceField(
        MicroCredential.objects.filter(status=MicroCredential.Status.PUBLISHED)
        .select_related("published_version")
        .order_by("slug"),
        label="Micro-credentials",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hold Ctrl (or Cmd) to choose several.",
        error_messages={"invalid_choice": "Choose published micro-credentials only."},
    )
    description = forms.CharField(
        label="Description", required=False, max_length=5000, widget=forms.Textarea({"rows": 4})
    )

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organization"]
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the cohort a name.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The cohort must end on or after the day it starts.")
        nothing_chosen = not data.get("stack") and not data.get("micro_credentials")
        if nothing_chosen and not {"micro_credentials", "stack"} & set(self.errors):
            self.add_error("micro_credentials", "Choose a stack or at least one micro-credential.")
        return data


class InviteForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_invite_%s")
        super().__init__(*args, **kwargs)

    email = forms.EmailField(label="Email of their account", max_length=254)
    role = forms.ChoiceField(
        label="Invite as", choices=CohortMembership.Role.choices, initial="member"
    )


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label="Join code",
        max_length=16,
        help_text="The eight letters and digits your district or facilitator shared.",
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    due_on = forms.DateField(label="Due on", widget=DATE_INPUT)
    description = forms.CharField(
        label="Details", required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(
        self, *args: Any, starts_on: datetime.date, ends_on: datetime.date, **kw: Any
    ) -> None:
        kw.setdefault("auto_id", "id_milestone_%s")  # unique beside the announcement form
        super().__init__(*args, **kw)
        self.starts_on, self.ends_on = starts_on, ends_on

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the milestone a title.")
        return title

    def clean_due_on(self) -> datetime.date:
        due: datetime.date = self.cleaned_data["due_on"]
        if not self.starts_on - MILESTONE_SLACK <= due <= self.ends_on + MILESTONE_SLACK:
            raise forms.ValidationError(
                f"Choose a date near the cohort's ({self.starts_on:%b %-d, %Y} to "
                f"{self.ends_on:%b %-d, %Y})."
            )
        return due


class AnnouncementForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(
        label="Message (members get it by email)",
        max_length=10000,
        widget=forms.Textarea({"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_announcement_%s")  # unique beside the milestone form
        super().__init__(*args, **kwargs)
