"""Forms of the review pages: they validate input; services write."""

import re
from typing import Any

from django import forms
from django.http import QueryDict

from credentials.models import MicroCredentialVersion, RubricLevel

from .services import ScoreInput

MAX_FEEDBACK = 20_000
TIME_CODE = re.compile(r"^\s*(?:(\d+):)?(?:(\d{1,2}):)?(\d{1,2}(?:\.\d+)?)\s*$")


def parse_time_code(value: str) -> float | None:
    """ "83", "1:23", "1:23.5" or "1:02:03" -> seconds; "" -> None; ValueError otherwise."""
    value = value.strip()
    if not value:
        return None
    match = TIME_CODE.match(value)
    if match is None:
        raise ValueError(value)
    first, second, seconds = match.groups()
    hours, minutes = (first, second) if second is not None else (None, first)
    total = float(seconds) + 60 * int(minutes or 0) + 3600 * int(hours or 0)
    if (minutes or hours) and float(seconds) >= 60:
        raise ValueError(value)
    return total


class AutosaveForm(forms.Form):
    """One criterion's draft (criterion given) or the overall feedback (no criterion)."""

    criterion = forms.UUIDField(required=False)
    level = forms.UUIDField(required=False)
    feedback = forms.CharField(required=False, max_length=MAX_FEEDBACK, strip=False)


class CommentForm(forms.Form):
    requirement = forms.UUIDField()
    artifact = forms.UUIDField(required=False)
    time = forms.CharField(
        required=False, max_length=20, label="Time code", help_text="For example 1:23."
    )
    text = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_time(self) -> float | None:
        try:
            return parse_time_code(self.cleaned_data.get("time") or "")
        except ValueError:
            raise forms.ValidationError("Write the time as minutes:seconds, like 1:23.") from None


class PreferenceForm(forms.Form):
    daily_digest = forms.BooleanField(required=False, label="Email me a daily digest of the queue")


def scores_from_data(
    data: QueryDict | dict[str, Any], version: MicroCredentialVersion
) -> list[ScoreInput]:
    """The scoring page's fields (`level-<criterion id>`, `feedback-<criterion id>`) as inputs,
    one per criterion of the version's (prefetched) rubric."""
    scores = []
    for criterion in version.criteria.all():
        levels: dict[str, RubricLevel] = {str(lv.public_id): lv for lv in criterion.levels.all()}
        chosen = str(data.get(f"level-{criterion.public_id}") or "")
        feedback = str(data.get(f"feedback-{criterion.public_id}") or "")[:MAX_FEEDBACK]
        scores.append(ScoreInput(criterion, levels.get(chosen), feedback))
    return scores
