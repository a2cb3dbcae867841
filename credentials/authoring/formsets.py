"""The formsets of the authoring pages: bound data, "Add" without JavaScript, saving rows."""

from typing import Any

from django.contrib import messages
from django.forms import BaseFormSet
from django.http import HttpRequest, QueryDict

from ..services import CatalogError


def bound_data(request: HttpRequest) -> tuple[QueryDict | None, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def page_formset(
    formset_class: type[BaseFormSet],
    request: HttpRequest,
    *,
    prefix: str,
    initial: list[dict[str, Any]],
    extra_when_empty: int = 1,
    **form_kwargs: Any,
) -> BaseFormSet:
    """The formset of a page; "Add" without JavaScript posts back and gets one more blank row."""
    if request.method != "POST":
        formset = formset_class(prefix=prefix, initial=initial, form_kwargs=form_kwargs)
        formset.extra = 0 if initial else extra_when_empty
        return formset
    data: QueryDict = request.POST
    if "add_row" in data:
        data = data.copy()
        total = f"{prefix}-TOTAL_FORMS"
        data[total] = str(int(data.get(total) or 0) + 1)
    return formset_class(data, prefix=prefix, initial=initial, form_kwargs=form_kwargs)


def save_rows(request: HttpRequest, formset: BaseFormSet, save: Any, success: str) -> bool:
    """Validate a posted formset and hand its rows to `save`; True when it was saved."""
    if request.method != "POST" or "add_row" in request.POST or not formset.is_valid():
        return False
    try:
        save([form.as_input() for form in formset.kept_forms()])  # type: ignore[attr-defined]
    except CatalogError as error:
        for message in error.errors:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True
