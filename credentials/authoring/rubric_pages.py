"""A draft's rubric: its criteria, which requirements each scores and, inline with each, its
levels, saved together in one POST (no round trip through a page per criterion)."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import authoring_services
from ..authoring_services import CriterionInput, LevelInput
from ..content_forms import CriterionForm, CriterionFormSet, InlineLevelFormSet, LevelForm
from ..models import MicroCredentialVersion, RubricCriterion
from ..services import CatalogError
from .formsets import page_formset
from .lookups import GET_POST, get_version_for_user, signed_in_user, unless_editable

# Blank level rows offered under a criterion that has none yet: a criterion needs two.
BLANK_LEVELS = 2


def _initial_levels(criterion: RubricCriterion | None) -> list[dict[str, Any]]:
    return [LevelForm.initial_for(level) for level in criterion.levels.all()] if criterion else []


def _unbound_levels(prefix: str, criterion: RubricCriterion | None) -> BaseFormSet:
    initial = _initial_levels(criterion)
    formset = InlineLevelFormSet(prefix=prefix, initial=initial)
    formset.extra = 0 if initial else BLANK_LEVELS
    return formset


def _levels_formset(
    request: HttpRequest, prefix: str, criterion: RubricCriterion | None
) -> BaseFormSet | None:
    """The levels of one criterion row. On a POST without this row's levels (an older page,
    a hand-made request) None: the criterion's levels stay as they are."""
    if request.method != "POST":
        return _unbound_levels(prefix, criterion)
    if f"{prefix}-TOTAL_FORMS" not in request.POST:
        return None
    return InlineLevelFormSet(request.POST, prefix=prefix, initial=_initial_levels(criterion))


def _row_criterion(form: Any, saved: dict[str, RubricCriterion]) -> RubricCriterion | None:
    """The saved criterion a row edits (by the public id it carries), None for a new row."""
    return saved.get(str(form["public_id"].value() or ""))


def _rubric_input(
    formset: BaseFormSet, levels: dict[str, BaseFormSet | None]
) -> list[tuple[CriterionInput, list[LevelInput] | None]] | None:
    """What the author asks for, or None when a row or a level is invalid (errors on the page).
    Levels the author left untouched are not sent: they stay, and no edit is recorded."""
    rows_valid = formset.is_valid()
    kept = formset.kept_forms() if rows_valid else []  # type: ignore[attr-defined]
    sent = [(form, levels[form.prefix]) for form in kept]
    if not rows_valid or not all(rows is None or rows.is_valid() for _, rows in sent):
        return None
    rubric: list[tuple[CriterionInput, list[LevelInput] | None]] = []
    for form, level_rows in sent:
        if level_rows is None or not level_rows.has_changed():
            rubric.append((form.as_input(), None))
        else:
            kept_levels = level_rows.kept_forms()  # type: ignore[attr-defined]
            rubric.append((form.as_input(), [f.as_input() for f in kept_levels]))
    return rubric


def _save(request: HttpRequest, version: MicroCredentialVersion, rubric: Any) -> bool:
    try:
        authoring_services.version_rubric_save(
            version=version, criteria=rubric, by=signed_in_user(request)
        )
    except CatalogError as error:
        for message in error.errors:
            messages.error(request, message)
        return False
    messages.success(request, "Rubric saved.")
    return True


@login_required
@require_http_methods(GET_POST)
def authoring_rubric(request: HttpRequest, version_id: UUID) -> HttpResponse:
    """A draft's rubric criteria, which requirements each one scores, and their levels."""
    version = get_version_for_user(request, version_id)
    if (response := unless_editable(request, version)) is not None:
        return response
    criteria = list(version.criteria.prefetch_related("levels", "requirements"))
    formset = page_formset(
        CriterionFormSet,
        request,
        prefix="criteria",
        initial=[CriterionForm.initial_for(c) for c in criteria],
        requirements=version.requirements.all(),
    )
    saved = {str(c.public_id): c for c in criteria}
    levels = {
        form.prefix: _levels_formset(request, f"{form.prefix}-levels", _row_criterion(form, saved))
        for form in formset.forms
    }
    if request.method == "POST" and "add_row" not in request.POST:
        rubric = _rubric_input(formset, levels)
        if rubric is not None and _save(request, version, rubric):
            return redirect("credentials:authoring_rubric", version.public_id)
    rows = []
    for form in formset.forms:
        criterion = _row_criterion(form, saved)
        # A row added by "Add a criterion" without JavaScript posts no levels yet: offer blanks.
        level_rows = levels[form.prefix] or _unbound_levels(f"{form.prefix}-levels", criterion)
        rows.append((form, criterion, level_rows))
    context = {
        "formset": formset,
        "rows": rows,
        "empty_levels": _empty_levels(formset),
        "version": version,
        "credential": version.credential,
        "step": "rubric",
        "has_requirements": version.requirements.exists(),
    }
    return render(request, "credentials/authoring/rubric.html", context)


def _empty_levels(formset: BaseFormSet) -> BaseFormSet:
    """The levels of the template of a new criterion row (its prefix keeps the placeholder)."""
    return _unbound_levels(f"{formset.empty_form.prefix}-levels", None)
