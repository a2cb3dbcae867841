"""Render a form field's widget with Bootstrap classes and its help and error ids linked."""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

register = template.Library()

_CHECKS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def bootstrap_widget(field: BoundField) -> SafeString:
    """The widget with `form-control`/`form-select`/`form-check-input`, `is-invalid` when it has
    errors, and `aria-describedby` naming its help text and error messages."""
    widget = field.field.widget
    if isinstance(widget, _CHECKS):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    existing = widget.attrs.get("class", "")
    classes = f"{existing} {css}" if css not in existing else existing
    described = [f"{field.auto_id}_helptext"] if field.help_text else []
    if field.errors:
        classes += " is-invalid"
        described.append(f"{field.auto_id}_error")
    attrs = {"class": classes.strip()}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
