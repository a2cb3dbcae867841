"""Forms of the reporting pages: the dashboard's filters (its exports use them too) and
assignments."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.selectors import users_with_email_q
from common.widgets import InlineSelect, ListModelChoiceField
from credentials.models import FocusArea, MicroCredential, Stack
from organizations.forms import StyledForm
from organizations.models import Organization
from organizations.selectors import educators_in

from .models import Assignment
from .selectors import SORTS, STATUS_FILTERS, ProgressFilters

RANGE_REFUSED = "The end date is before the start date."
PERIODS = [
    ("", "All time"),
    ("school_year", "This school year (from July 1)"),
    ("last_12_months", "Last 12 months"),
    ("calendar_year", "This calendar year"),
    ("custom", "Custom dates"),
]


class CredentialChoiceField(ListModelChoiceField[MicroCredential]):
    def label_from_instance(self, obj: MicroCredential) -> str:
        version = obj.published_version
        return version.title if version else obj.slug


def credential_choices() -> QuerySet[MicroCredential]:
    return (
        MicroCredential.objects.filter(status=MicroCredential.Status.PUBLISHED)
        .select_related("published_version")
        .order_by("published_version__title")
    )


class ProgressFilterForm(StyledForm):
    """The dashboard's filters (GET). Always valid enough to render: bad values are dropped."""

    # InlineSelect: the same markup without a template per option (common/widgets.py).
    school = forms.ChoiceField(required=False, label="School", widget=InlineSelect)
    focus_area = ListModelChoiceField[FocusArea](
        queryset=FocusArea.objects.all(),
        required=False,
        label="Focus area",
        to_field_name="slug",
        empty_label="All focus areas",
        widget=InlineSelect,
    )
    credential = CredentialChoiceField(
        queryset=credential_choices(),
        required=False,
        label="Micro-credential",
        to_field_name="public_id",
        empty_label="All micro-credentials",
        widget=InlineSelect,
    )
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Any status"), *STATUS_FILTERS.items()],
        widget=InlineSelect,
    )
    period = forms.ChoiceField(required=False, label="Period", choices=PERIODS, widget=InlineSelect)
    start = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(required=False, label="Search name or email", max_length=100)
    sort = forms.ChoiceField(
        required=False,
        choices=[(key, key) for name in SORTS for key in (name, f"-{name}")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, schools: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schools = {str(school.public_id): school for school in schools}
        school_field: Any = self.fields["school"]
        school_field.choices = [("", "All schools")] + [
            (key, school.name) for key, school in self.schools.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            # Refused, not silently swapped or emptied: the admin sees why nothing matched.
            self.add_error("end", RANGE_REFUSED)
            data.pop("start", None)
        return data

    @property
    def range_refused(self) -> bool:
        """The dates asked for a period that ends before it starts (the form says so)."""
        return (
            self.is_bound
            and not self.is_valid()
            and "end" in self.errors
            and RANGE_REFUSED in self.errors["end"]
        )

    def filters(self) -> ProgressFilters:
        """The valid filters; a field with a bad value is ignored (and shows its error)."""
        if not self.is_bound:
            return ProgressFilters()
        self.is_valid()
        data = self.cleaned_data
        start, end = period_bounds(data.get("period") or "", data.get("start"), data.get("end"))
        focus_area, credential = data.get("focus_area"), data.get("credential")
        return ProgressFilters(
            school=self.schools.get(data.get("school") or ""),
            focus_area_id=focus_area.pk if focus_area else None,
            credential_id=credential.pk if credential else None,
            status=data.get("status") or "",
            start=start,
            end=end,
            search=(data.get("q") or "").strip(),
            sort=data.get("sort") or "name",
        )


def period_bounds(period: str, start: date | None, end: date | None) -> tuple[date | None, ...]:
    """The first and last day of a named period (custom: the dates given)."""
    today = timezone.localdate()
    if period == "school_year":
        year = today.year if today.month >= 7 else today.year - 1
        return date(year, 7, 1), today
    if period == "last_12_months":
        return today - timedelta(days=365), today
    if period == "calendar_year":
        return date(today.year, 1, 1), today
    if period == "custom":
        return start, end
    return None, None


class AssignmentForm(StyledForm):
    """Recommend or assign one micro-credential or stack to one educator or a whole school."""

    kind = forms.ChoiceField(
        choices=Assignment.Kind.choices, label="Type", initial=Assignment.Kind.RECOMMENDED
    )
    credential = CredentialChoiceField(
        queryset=credential_choices(),
        required=False,
        label="Micro-credential",
        to_field_name="public_id",
        empty_label="-",
    )
    stack = forms.ModelChoiceField(
        queryset=Stack.objects.filter(status=Stack.Status.PUBLISHED),
        required=False,
        label="or a stack",
        to_field_name="public_id",
        empty_label="-",
    )
    school = forms.ChoiceField(required=False, label="A whole school")
    educator_email = forms.EmailField(required=False, label="or one educator (email)")
    due_on = forms.DateField(
        required=False, label="Due date (optional)", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(required=False, max_length=500, label="Note (optional)")

    def __init__(self, *args: Any, root: Organization, schools: list[Organization], **kw: Any):
        super().__init__(*args, **kw)
        self.root = root
        self.schools = {str(school.public_id): school for school in schools}
        school_field: Any = self.fields["school"]
        school_field.choices = [("", "-")] + [(k, s.name) for k, s in self.schools.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("credential")) == bool(data.get("stack")):
            raise forms.ValidationError("Choose one micro-credential or one stack.")
        school = self.schools.get(data.get("school") or "")
        email = (data.get("educator_email") or "").strip()
        if bool(school) == bool(email):
            raise forms.ValidationError("Choose a whole school or one educator, not both.")
        data["school_obj"] = school
        data["educator"] = None
        if email:
            educator = educators_in(self.root).filter(users_with_email_q(email)).first()
            if educator is None:
                self.add_error("educator_email", "No educator with this email in your schools.")
            data["educator"] = educator
        due_on = data.get("due_on")
        if due_on and due_on < timezone.localdate():
            self.add_error("due_on", "The due date is in the past.")
        return data
