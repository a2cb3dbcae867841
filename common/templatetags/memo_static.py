"""Django's `static` library with {% static %} through the per-process memo
(common/urlmemo.py): TEMPLATES' "libraries" maps the name `static` here, so every
{% load static %} gets it. The library's other tags and filters are Django's own."""

from django import template
from django.templatetags import static as django_static
from django.templatetags.static import StaticNode

from common.urlmemo import static_memo

register = template.Library()
register.tags.update(django_static.register.tags)
register.filters.update(django_static.register.filters)


class MemoStaticNode(StaticNode):
    @classmethod
    def handle_simple(cls, path: str) -> str:
        return static_memo(path)


@register.tag("static")
def do_static(parser: template.base.Parser, token: template.base.Token) -> StaticNode:
    """{% static path [as name] %}, as Django's."""
    return MemoStaticNode.handle_token(parser, token)
