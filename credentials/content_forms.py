"""The rows of a draft's content, each a form of an ordered formset: evidence requirements,
rubric criteria (and which requirements each scores) and a criterion's levels."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import formset_factory

from .authoring_services import CriterionInput, LevelInput, RequirementInput
from .forms import BootstrapMixin, OrderedFormSet
from .models import EvidenceRequirement, RubricCriterion, RubricLevel


class RequirementForm(BootstrapMixin, forms.Form):
    """One evidence requirement row."""

    public_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Initial values make an added-but-untouched row "unchanged", so it is skipped, not an error.
    part = forms.TypedChoiceField(
        choices=EvidenceRequirement.Part.choices,
        coerce=int,
        initial=EvidenceRequirement.Part.OVERVIEW,
    )
    title = forms.CharField(max_length=200)
    prompt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text="What the educator is asked to do."
    )
    kind = forms.ChoiceField(
        label="Response",
        choices=EvidenceRequirement.Kind.choices,
        widget=forms.RadioSelect,
        initial=EvidenceRequirement.Kind.TEXT,
    )
    word_limit = forms.IntegerField(
        required=False, min_value=1, max_value=10000, label="Word limit", help_text="Written only."
    )
    accepted_types = forms.MultipleChoiceField(
        required=False,
        choices=EvidenceRequirement.FileType.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Accepted file types",
    )
    max_size_mb = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=5000,
        label="Max size (MB)",
        help_text="Uploads only.",
    )
    required = forms.BooleanField(required=False, initial=True, label="Required")
    shared = forms.BooleanField(
        required=False,
        label="Shared in a team attempt",
        help_text="One answer for the whole team; else each member answers.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()

    @staticmethod
    def initial_for(requirement: EvidenceRequirement) -> dict[str, Any]:
        return {
            "public_id": requirement.public_id,
            "part": requirement.part,
            "title": requirement.title,
            "prompt": requirement.prompt,
            "kind": requirement.kind,
            "word_limit": requirement.word_limit,
            "accepted_types": list(requirement.accepted_types),
            "max_size_mb": requirement.max_size_mb,
            "required": requirement.required,
            "shared": requirement.shared,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, types = cleaned.get("kind"), cleaned.get("accepted_types") or []
        if kind == EvidenceRequirement.Kind.ARTIFACT:
            if not types:
                self.add_error("accepted_types", "Choose at least one file type for an upload.")
            if cleaned.get("word_limit"):
                self.add_error("word_limit", "A word limit applies to written responses only.")
        elif kind == EvidenceRequirement.Kind.TEXT:
            if types:
                self.add_error("accepted_types", "A written response does not accept files.")
            if cleaned.get("max_size_mb"):
                self.add_error("max_size_mb", "A file size applies to uploads only.")
        return cleaned

    def as_input(self) -> RequirementInput:
        data = self.cleaned_data
        return RequirementInput(
            public_id=data.get("public_id"),
            part=data["part"],
            title=data["title"],
            prompt=data["prompt"],
            kind=data["kind"],
            word_limit=data.get("word_limit"),
            accepted_types=tuple(data.get("accepted_types") or ()),
            max_size_mb=data.get("max_size_mb"),
            required=bool(data.get("required")),
            shared=bool(data.get("shared")),
        )


class RequirementChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"Part {obj.part}: {obj.title}" + ("" if obj.required else " (optional)")


class CriterionForm(BootstrapMixin, forms.Form):
    """One rubric criterion and which of this version's requirements it scores."""

    public_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    requirements = RequirementChoiceField(
        queryset=EvidenceRequirement.objects.none(),
        to_field_name="public_id",
        required=False,
        label="Scores these requirements",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        requirements: QuerySet[EvidenceRequirement] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requirements"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        if requirements is not None:
            field.queryset = requirements
        self._style_widgets()

    @staticmethod
    def initial_for(criterion: RubricCriterion) -> dict[str, Any]:
        return {
            "public_id": criterion.public_id,
            "title": criterion.title,
            "description": criterion.description,
            "requirements": [r.public_id for r in criterion.requirements.all()],
        }

    def as_input(self) -> CriterionInput:
        data = self.cleaned_data
        return CriterionInput(
            public_id=data.get("public_id"),
            title=data["title"],
            description=data.get("description", ""),
            requirement_ids=tuple(r.public_id for r in data.get("requirements") or ()),
        )


class LevelForm(BootstrapMixin, forms.Form):
    """One performance level of a criterion."""

    public_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=80, help_text="For example “Developing” or “Proficient”.")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), help_text="What work at this level looks like."
    )
    passing = forms.BooleanField(required=False, label="Passing level")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style_widgets()

    @staticmethod
    def initial_for(level: RubricLevel) -> dict[str, Any]:
        return {
            "public_id": level.public_id,
            "name": level.name,
            "description": level.description,
            "passing": level.passing,
        }

    def as_input(self) -> LevelInput:
        data = self.cleaned_data
        return LevelInput(
            public_id=data.get("public_id"),
            name=data["name"],
            description=data["description"],
            passing=bool(data.get("passing")),
        )


RequirementFormSet = formset_factory(
    RequirementForm, formset=OrderedFormSet, extra=0, can_delete=True, can_order=True
)
CriterionFormSet = formset_factory(
    CriterionForm, formset=OrderedFormSet, extra=0, can_delete=True, can_order=True
)
LevelFormSet = formset_factory(
    LevelForm, formset=OrderedFormSet, extra=0, can_delete=True, can_order=True
)


class InlineLevelFormSet(LevelFormSet):  # type: ignore[valid-type,misc]
    """A criterion's levels inside its row of the rubric page. Its prefix is the criterion
    row's own ("criteria-2-levels"), so a new criterion's template already holds the
    criterion's placeholder: the level template takes another one, replaced on its own when
    the author adds a level."""

    placeholder = "__level__"

    @property
    def empty_form(self) -> forms.Form:
        form = self.form(
            **self.get_form_kwargs(None),
            auto_id=self.auto_id,
            prefix=self.add_prefix(self.placeholder),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.form_renderer,
        )
        self.add_fields(form, None)
        return form
