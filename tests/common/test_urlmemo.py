"""{% url %} and reverse_memo() from the per-process memo: the same URLs as
Django's, every error kept, nothing stale after a setting or an object changes."""

import uuid

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from common.urlmemo import reverse_memo

pytestmark = pytest.mark.django_db


class Named:
    """An argument whose text can change (as a renamed model instance's str() does)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        return self.name


def render(text: str, **context: object) -> str:
    return Template(text).render(Context(context))


def test_the_url_tag_answers_as_django_does_twice() -> None:
    text = '{% url "credentials:detail" slug %}|{% url "credentials:detail" slug=slug %}'
    expected = reverse("credentials:detail", args=["a-slug"])
    for _ in range(2):
        assert render(text, slug="a-slug") == f"{expected}|{expected}"


def test_different_arguments_are_different_urls() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    assert reverse_memo("submissions:detail", args=[first]) == reverse(
        "submissions:detail", args=[first]
    )
    assert reverse_memo("submissions:detail", args=[second]).endswith(f"/{second}/")


def test_an_argument_whose_text_can_change_is_never_memoized() -> None:
    named = Named("first")
    assert render('{% url "credentials:detail" named %}', named=named).endswith("/first/")
    named.name = "renamed"
    assert render('{% url "credentials:detail" named %}', named=named).endswith("/renamed/")


def test_a_missing_url_still_fails_and_as_var_still_swallows_it() -> None:
    with pytest.raises(NoReverseMatch):
        render('{% url "no-such-page" %}')
    assert render('{% url "no-such-page" as link %}[{{ link }}]') == "[]"
    assert render('{% url "home" as link %}[{{ link }}]') == f"[{reverse('home')}]"
    with pytest.raises(TemplateSyntaxError):
        Template("{% url %}")


def test_the_url_is_escaped_unless_autoescape_is_off() -> None:
    text = '{% url "credentials:catalog" %}?a=1&b=2'
    assert render(text) == reverse("credentials:catalog") + "?a=1&b=2"
    assert render("{% autoescape off %}" + text + "{% endautoescape %}").startswith("/")


def test_a_changed_setting_empties_the_memo() -> None:
    before = render('{% url "home" %}')
    with override_settings(ROOT_URLCONF="tests.common.urls_moved_home"):
        assert render('{% url "home" %}') == "/moved-home/"
    assert render('{% url "home" %}') == before
