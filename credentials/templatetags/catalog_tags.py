"""Catalog panels other apps' pages show: the visitors' home page (served by organizations, a
lower floor) includes the featured micro-credentials with `{% featured_catalog %}`."""

from django import template
from django.template.loader import render_to_string

from .. import cache, selectors

register = template.Library()

FEATURED_COUNT = 3


@register.simple_tag
def featured_catalog() -> str:
    """A few published micro-credentials as catalog cards and a link to the whole catalog: the
    same for every visitor, rendered once per catalog generation (like the catalog page)."""
    return cache.cached_html(
        f"featured:{FEATURED_COUNT}",
        lambda: render_to_string(
            "credentials/catalog/_featured.html",
            {"featured": selectors.featured_catalog(limit=FEATURED_COUNT)},
        ),
    )
