"""Authoring forms: they validate and shape input; the services in authoring_services.py and
services.py write. The draft's details are here, with what every form shares; the rows of a
draft's content are in content_forms.py, a stack's in stack_forms.py."""

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.forms import BaseFormSet

from organizations.models import Organization

from .authoring_services import NewCompetency
from .models import (
    TEAM_SIZE_MAX,
    TEAM_SIZE_MIN,
    Competency,
    FocusArea,
    GradeBand,
    MicroCredential,
    MicroCredentialVersion,
    Subject,
)

BADGE_IMAGE_MAX_BYTES = 2 * 1024 * 1024
BADGE_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg"}
_url_validator = URLValidator(schemes=["http", "https"])


class BootstrapMixin:
    """Bootstrap classes on every widget, and `is-invalid` on the fields that failed."""

    fields: dict[str, forms.Field]
    errors: Any

    def _style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_resources(text: str) -> list[dict[str, str]]:
    """'Title | https://url' lines into [{"title", "url"}]; every bad line is reported."""
    resources: list[dict[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        title, bar, url = line.rpartition("|")
        title, url = title.strip(), url.strip()
        if not bar or not title:
            problems.append(f"Line {number}: write “Title | https://address”.")
            continue
        try:
            _url_validator(url)
        except ValidationError:
            problems.append(f"Line {number}: “{url}” is not a web address (http:// or https://).")
            continue
        resources.append({"title": title, "url": url})
    if problems:
        raise ValidationError(problems)
    return resources


def resources_as_text(resources: list[dict[str, str]]) -> str:
    return "\n".join(f"{r.get('title', '')} | {r.get('url', '')}" for r in resources)


def _competency_choices() -> list[Any]:
    """Competencies grouped by focus area, so the author sees which belongs where."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for competency in Competency.objects.select_related("focus_area").order_by(
        "focus_area__name", "name"
    ):
        groups.setdefault(competency.focus_area.name, []).append(
            (str(competency.pk), competency.name)
        )
    return [("", "— Type a new competency below —"), *groups.items()]


class CredentialDetailsForm(BootstrapMixin, forms.Form):
    """The details of a draft version (and, on create, the micro-credential's address)."""

    issuer = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label="Issuing organization"
    )
    slug = forms.SlugField(
        max_length=120,
        label="Address",
        help_text="Lower-case words and hyphens; it becomes /catalog/&lt;address&gt;/ and cannot "
        "change later.",
    )
    title = forms.CharField(max_length=200)
    focus_area = forms.ModelChoiceField(queryset=FocusArea.objects.all(), label="Focus area")
    competency = forms.ChoiceField(
        required=False,
        label="Competency",
        help_text="Choose a competency of the focus area, or leave this empty and type a new one.",
    )
    new_competency_name = forms.CharField(
        required=False, max_length=200, label="New competency: name"
    )
    new_competency_statement = forms.CharField(
        required=False,
        label="New competency: statement",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What an educator who earns this can do.",
    )
    key_method = forms.CharField(label="Key method", widget=forms.Textarea(attrs={"rows": 4}))
    method_components = forms.CharField(
        required=False,
        label="Method components",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One component per line.",
    )
    research = forms.CharField(
        required=False, label="Supporting research", widget=forms.Textarea(attrs={"rows": 4})
    )
    resources = forms.CharField(
        required=False,
        label="Resources",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: <code>Title | https://address</code>",
    )
    grade_bands = forms.ModelMultipleChoiceField(
        queryset=GradeBand.objects.all(),
        required=False,
        label="Grade bands",
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.ModelMultipleChoiceField(
        queryset=Subject.objects.all(),
        required=False,
        label="Subjects",
        widget=forms.CheckboxSelectMultiple,
    )
    pd_hours = forms.DecimalField(
        label="PD hours",
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(500),
    )
    ceus = forms.DecimalField(
        required=False, label="CEUs", max_digits=4, decimal_places=1, min_value=Decimal(0)
    )
    validity_years = forms.IntegerField(
        required=False,
        label="Valid for (years)",
        min_value=1,
        max_value=50,
        help_text="Badges expire after this many years; leave empty for never.",
    )
    attempt_limit = forms.IntegerField(
        required=False,
        label="Attempt limit",
        min_value=1,
        max_value=100,
        help_text="Attempts allowed per educator; leave empty for unlimited. Applies to the "
        "micro-credential as a whole as soon as you save.",
    )
    teams_allowed = forms.BooleanField(
        required=False,
        label="Educators may attempt it as a team",
        help_text="A lead invites colleagues; mark each requirement shared or individual.",
    )
    # Not required: a form sent without them (an older page) keeps the defaults.
    team_min_size = forms.IntegerField(
        required=False,
        label="Smallest team",
        min_value=TEAM_SIZE_MIN,
        max_value=TEAM_SIZE_MAX,
        initial=TEAM_SIZE_MIN,
        help_text="People, the lead included.",
    )
    team_max_size = forms.IntegerField(
        required=False,
        label="Largest team",
        min_value=TEAM_SIZE_MIN,
        max_value=TEAM_SIZE_MAX,
        initial=TEAM_SIZE_MAX,
        help_text="People, the lead included.",
    )
    image = forms.ImageField(
        required=False,
        label="Badge image",
        help_text="PNG or JPEG, at most 2 MB; square works best.",
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_image = forms.BooleanField(required=False, label="Remove the badge image")

    def __init__(
        self,
        *args: Any,
        issuers: QuerySet[Organization] | None = None,
        creating: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        competency_field = self.fields["competency"]
        assert isinstance(competency_field, forms.ChoiceField)
        competency_field.choices = _competency_choices()
        if not self.initial.get("image"):
            del self.fields["remove_image"]
        if not creating:
            del self.fields["slug"], self.fields["issuer"]
        elif issuers is not None:
            issuer_field = self.fields["issuer"]
            assert isinstance(issuer_field, forms.ModelChoiceField)
            issuer_field.queryset = issuers
            if len(issuers) == 1:
                # One issuer (the usual author): nothing to choose, so no question to ask.
                issuer_field.initial = issuers[0]
                issuer_field.widget = forms.HiddenInput()
        self._style_widgets()

    @classmethod
    def initial_for(cls, version: MicroCredentialVersion) -> dict[str, Any]:
        return {
            "title": version.title,
            "focus_area": version.focus_area_id,
            "competency": str(version.competency_id),
            "key_method": version.key_method,
            "method_components": "\n".join(str(c) for c in version.method_components),
            "research": version.research,
            "resources": resources_as_text(version.resources),
            "grade_bands": list(version.grade_bands.all()),
            "subjects": list(version.subjects.all()),
            "pd_hours": version.pd_hours,
            "ceus": version.ceus,
            "validity_years": version.validity_years,
            "attempt_limit": version.credential.attempt_limit,
            "teams_allowed": version.teams_allowed,
            "team_min_size": version.team_min_size,
            "team_max_size": version.team_max_size,
            "image": version.image,
        }

    def _clean_team_sizes(self, cleaned: dict[str, Any]) -> None:
        if "team_min_size" in cleaned and cleaned["team_min_size"] is None:
            cleaned["team_min_size"] = TEAM_SIZE_MIN
        if "team_max_size" in cleaned and cleaned["team_max_size"] is None:
            cleaned["team_max_size"] = TEAM_SIZE_MAX
        smallest, largest = cleaned.get("team_min_size"), cleaned.get("team_max_size")
        if smallest is not None and largest is not None and smallest > largest:
            self.add_error("team_max_size", "The largest team cannot be smaller than the smallest.")

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if MicroCredential.objects.filter(slug=slug).exists():
            raise ValidationError("Another micro-credential already uses this address.")
        return slug

    def clean_method_components(self) -> list[str]:
        return _lines(self.cleaned_data["method_components"])

    def clean_resources(self) -> list[dict[str, str]]:
        return parse_resources(self.cleaned_data["resources"])

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if not isinstance(upload, UploadedFile):
            return None  # no new upload: the current image stays
        if upload.size is not None and upload.size > BADGE_IMAGE_MAX_BYTES:
            raise ValidationError("The badge image must be at most 2 MB.")
        # forms.ImageField has already opened and verified the file with Pillow.
        image_format = getattr(getattr(upload, "image", None), "format", None)
        if image_format not in BADGE_IMAGE_FORMATS:
            raise ValidationError("The badge image must be a PNG or JPEG file.")
        upload.name = f"{uuid.uuid4().hex}.{BADGE_IMAGE_FORMATS[image_format]}"
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._clean_team_sizes(cleaned)
        focus_area = cleaned.get("focus_area")
        if focus_area is not None:
            cleaned["competency"] = self._competency_for(focus_area, cleaned)
        return cleaned

    def _competency_for(
        self, focus_area: FocusArea, cleaned: dict[str, Any]
    ) -> Competency | NewCompetency | None:
        chosen, name = cleaned.get("competency"), cleaned.get("new_competency_name", "").strip()
        statement = cleaned.get("new_competency_statement", "").strip()
        if chosen and name:
            self.add_error(
                "new_competency_name", "Choose a competency or type a new one, not both."
            )
        elif chosen:
            competency = Competency.objects.filter(pk=chosen, focus_area=focus_area).first()
            if competency is None:
                self.add_error("competency", f"Choose a competency of {focus_area.name}.")
            return competency
        elif not name:
            self.add_error("competency", "Choose a competency or type a new one.")
        elif Competency.objects.filter(focus_area=focus_area, name__iexact=name).exists():
            self.add_error(
                "new_competency_name",
                f"{focus_area.name} already has this competency: choose it from the list.",
            )
        elif not statement:
            self.add_error("new_competency_statement", "A new competency needs a statement.")
        else:
            return NewCompetency(name=name, statement=statement)
        return None

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the services take it (an unchanged image is left out)."""
        data = dict(self.cleaned_data)
        for name in ("issuer", "slug", "new_competency_name", "new_competency_statement"):
            data.pop(name, None)
        image, remove = data.pop("image", None), data.pop("remove_image", False)
        if image is not None:
            data["image"] = image
        elif remove:
            data["image"] = ""
        return data


class OrderedFormSet(BaseFormSet):
    """A formset whose rows the author orders with the "Order" field (blank: keep in place)."""

    ordering_widget = forms.NumberInput

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = "Order"
            form.fields["ORDER"].widget.attrs.update({"class": "form-control", "min": 1})
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"
            form.fields["DELETE"].widget.attrs.update({"class": "form-check-input"})

    def kept_forms(self) -> list[Any]:
        """The valid rows in the author's order, without removed rows and untouched new ones."""
        return list(self.ordered_forms)


class ConfirmForm(forms.Form):
    """An explicit "yes, I mean it" for irreversible actions (retiring)."""

    confirm = forms.BooleanField(
        label="I understand that educators will no longer find this micro-credential in the "
        "catalog.",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={"required": "Tick the box to confirm."},
    )
