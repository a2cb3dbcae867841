"""Form widgets rendered in Python where Django's per-option templates are the cost of a page.

Django renders a <select> with one template include per <option>; the dashboard's filters
(about fifty options) spent a third of the page's rendering there. These widgets produce the
same markup as Django's templates, byte for byte (tests/common/test_widgets.py), in Python.
"""

from typing import Any, TypeVar

from django import forms
from django.db.models import Model
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

_M = TypeVar("_M", bound=Model)


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """django/forms/widgets/attrs.html: True is a bare attribute, False leaves it out."""
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(" {}", name)
                if value is True
                else format_html(' {}="{}"', name, str(value)),
            )
            for name, value in attrs.items()
            if value is not False
        ),
    )


class InlineSelect(forms.Select):
    """forms.Select with the markup of django/forms/widgets/select.html, built in Python."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, group_choices, _index in widget["optgroups"]:
            options = format_html_join(
                "",
                '\n  <option value="{}"{}>{}</option>\n',
                ((str(o["value"]), _attrs(o["attrs"]), o["label"]) for o in group_choices),
            )
            if group_name:
                options = format_html(
                    '\n  <optgroup label="{}">{}\n  </optgroup>', group_name, options
                )
            groups.append((options,))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            format_html_join("", "{}", groups),
        )


class ListModelChoiceIterator(ModelChoiceIterator):
    """Reads the choices with one plain query: Django's iterator() opens a server-side cursor on
    PostgreSQL (DECLARE, FETCH, CLOSE: three round trips) for lists of a few dozen rows."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset):
            yield self.choice(obj)


class ListModelChoiceField(forms.ModelChoiceField[_M]):
    """A ModelChoiceField whose choices come from one plain query (ListModelChoiceIterator)."""

    iterator = ListModelChoiceIterator
