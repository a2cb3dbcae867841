"""common/widgets.py: the same markup as Django's templates, and one plain query for choices."""

import pytest
from django import forms
from django.http import QueryDict

from common.widgets import InlineSelect, ListModelChoiceField
from credentials.models import FocusArea
from organizations.selectors import schools_under
from reporting.forms import ProgressFilterForm

CHOICES = [
    ("", "Any <status>"),
    ("a&b", 'Tom & "Jerry"'),
    ("Group <one>", [("x", "Ex"), ("y", "Why")]),
    (3, "Three"),
]


@pytest.mark.parametrize("value", ["", "a&b", "y", 3, None, "missing"])
@pytest.mark.parametrize(
    "attrs", [{}, {"class": "form-select is-invalid", "aria-invalid": "true", "required": True}]
)
def test_inline_select_renders_what_django_renders(value, attrs):
    expected = forms.Select(attrs=attrs, choices=CHOICES).render("status", value, {"id": "id_s"})
    rendered = InlineSelect(attrs=attrs, choices=CHOICES).render("status", value, {"id": "id_s"})
    assert rendered == expected
    assert "&lt;status&gt;" in rendered and "Tom &amp; &quot;Jerry&quot;" in rendered


@pytest.mark.django_db
def test_the_dashboard_filters_render_as_before(cast):
    FocusArea.objects.create(slug="a-b", name="Assessment & <feedback>")
    query = QueryDict(f"status=earned&focus_area=a-b&school={cast.school.public_id}&period=bad")
    form = ProgressFilterForm(query, schools=schools_under(cast.district))
    form.filters()
    assert form.errors  # the bad period is marked invalid on its widget
    for name in ("school", "focus_area", "credential", "status", "period"):
        field = form[name]
        widget = field.field.widget
        assert isinstance(widget, InlineSelect)
        django_select = forms.Select(attrs=widget.attrs, choices=widget.choices)
        assert str(field) == field.as_widget(widget=django_select)
    assert 'value="a-b" selected>Assessment &amp; &lt;feedback&gt;</option>' in str(
        form["focus_area"]
    )


@pytest.mark.django_db
def test_model_choices_take_one_plain_query(django_assert_num_queries):
    FocusArea.objects.create(slug="one", name="One")

    class Form(forms.Form):
        area = ListModelChoiceField(queryset=FocusArea.objects.all(), to_field_name="slug")

    with django_assert_num_queries(1) as captured:
        # Iterated as the widget does (list() would first ask len(), a COUNT).
        choices = [choice for choice in Form()["area"].field.choices]
    assert [label for _value, label in choices] == ["---------", "One"]
    assert not captured.captured_queries[0]["sql"].startswith("DECLARE")
