"""Forms of the recognition pages. They validate; services write."""

from datetime import date, timedelta
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from accounts.models import User
from credentials.models import FocusArea, MicroCredential, Stack

from .models import BodyRole, Goal, Outcome, Recognition

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RenewalDateForm(forms.Form):
    """The educator's renewal date under one body: their cycle ends on it."""

    renewal_date = forms.DateField(label="Renewal date", widget=DATE_INPUT)

    def clean_renewal_date(self) -> date:
        renewal: date = self.cleaned_data["renewal_date"]
        today = timezone.localdate()
        # A license is renewed within a decade either way; anything further is a typing slip.
        if renewal < today - timedelta(days=366):
            raise forms.ValidationError("That date passed over a year ago: enter your next one.")
        if renewal > today.replace(year=today.year + 10):
            raise forms.ValidationError("Enter a date within the next ten years.")
        return renewal


class DenyForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the educator reads it)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the request is denied: the educator reads it."},
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the request is denied: the educator reads it.")
        return reason


class CredentialChoiceField(forms.ModelChoiceField[MicroCredential]):
    def label_from_instance(self, obj: MicroCredential) -> str:
        version = obj.published_version
        return version.title if version is not None else obj.slug


class RuleForm(forms.ModelForm[Recognition]):
    """A body's rule. Exactly one of micro-credential, stack and focus area says what counts; the
    scope follows from which one is chosen."""

    micro_credential = CredentialChoiceField(
        MicroCredential.objects.filter(status=MicroCredential.Status.PUBLISHED)
        .select_related("published_version")
        .order_by("slug"),
        required=False,
        label="Micro-credential",
    )
    stack = forms.ModelChoiceField(
        Stack.objects.filter(status=Stack.Status.PUBLISHED), required=False, label="Stack"
    )
    focus_area = forms.ModelChoiceField(
        FocusArea.objects.all(), required=False, label="Any micro-credential of a focus area"
    )

    class Meta:
        model = Recognition
        fields: ClassVar = [
            "micro_credential", "stack", "focus_area", "min_version", "max_version",
            "valid_from", "valid_until", "outcome", "amount", "unit", "cost",
            "requires_approval", "badges_per_claim", "limit_count", "limit_period", "notes",
        ]  # fmt: skip
        widgets: ClassVar = {
            "valid_from": DATE_INPUT,
            "valid_until": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels: ClassVar = {
            "min_version": "From version",
            "max_version": "To version",
            "limit_count": "At most (claims)",
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        names = ("micro_credential", "stack", "focus_area")
        targets = [name for name in names if cleaned.get(name)]
        if len(targets) != 1:
            self.add_error(
                None, "Choose exactly one of a micro-credential, a stack or a focus area."
            )
        else:
            self.instance.scope = targets[0]
        low, high = cleaned.get("min_version"), cleaned.get("max_version")
        if low is not None and high is not None and low > high:
            self.add_error("max_version", f"The range ends before it starts (from version {low}).")
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", f"The dates end before they start ({start:%b %-d, %Y}).")
        if cleaned.get("limit_count") == 0:
            self.add_error("limit_count", "Leave it empty for no limit, or allow at least one.")
        return cleaned

    def _post_clean(self) -> None:
        # clean() above said what is wrong in words: the model's constraints would only repeat
        # it in their own ("Constraint ... is violated").
        if not self.errors:
            super()._post_clean()  # type: ignore[misc]


class GoalForm(forms.ModelForm[Goal]):
    """A goal: an amount of one outcome within a cycle of years, or completing a stack."""

    stack = forms.ModelChoiceField(
        Stack.objects.filter(status=Stack.Status.PUBLISHED), required=False, label="Stack"
    )

    class Meta:
        model = Goal
        fields: ClassVar = ["title", "kind", "outcome", "amount", "cycle_years", "stack"]
        labels: ClassVar = {"cycle_years": "Cycle (years)"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        if kind == Goal.Kind.AMOUNT_IN_CYCLE:
            for name, message in (
                ("outcome", "Choose what the amount is of."),
                ("amount", "Enter the amount to reach."),
                ("cycle_years", "Enter the cycle's length in years."),
            ):
                if not cleaned.get(name):
                    self.add_error(name, message)
            amount = cleaned.get("amount")
            if amount is not None and amount <= 0:
                self.add_error("amount", "Enter an amount above zero.")
            cleaned["stack"] = None
        elif kind == Goal.Kind.STACK:
            if not cleaned.get("stack"):
                self.add_error("stack", "Choose the stack to complete.")
            cleaned.update(amount=None, cycle_years=None)
        return cleaned

    def _post_clean(self) -> None:
        if not self.errors:
            super()._post_clean()  # type: ignore[misc]


class MemberAddForm(forms.Form):
    """Add an existing account to the body, by its email."""

    email = forms.EmailField(label="Email of an existing account", max_length=254)
    role = forms.ChoiceField(choices=BodyRole.choices)

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("No account uses this email: ask them to create one first.")
        return user


class CountsForForm(forms.Form):
    """The catalog's "Counts for" filter (signed-in educators): an outcome under their bodies."""

    counts_for = forms.ChoiceField(
        label="Counts for",
        required=False,
        choices=[("", "Anything"), *Outcome.choices],
        error_messages={"invalid_choice": "There is no such kind of credit."},
    )
