"""Posts are Markdown as their authors typed it; pages show it rendered and sanitized.

Two layers, so that neither alone has to be perfect: markdown-it-py renders CommonMark with raw
HTML turned off (a `<script>` in a post is shown as text), then nh3 keeps only a small set of
tags and attributes, only http(s) and mailto links, and marks every link `nofollow ugc` (people
in a cohort post links; search engines should not credit them, and the page should not hand its
window to them). Images are not rendered: a post's pictures are its attachments, served by us.
"""

import re
from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
# No free-text attributes (a link's title): every allowed value is a URL markdown-it has
# percent-encoded, a number or a keyword, so no `>` or quote ever sits inside a tag.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    # "breaks": a line break in the box is a line break on the page, as people expect in a forum.
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(
        ["strikethrough", "table"]
    )


def render_markdown(text: str) -> SafeString:
    """The post's Markdown as HTML that is safe to put in a page."""
    html = _renderer().render(text or "")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(_quotes_escaped_in_text(cleaned))  # noqa: S308 - nh3 kept only what is allowed


TAG = re.compile(r"(<[^>]*>)")


def _quotes_escaped_in_text(html: str) -> str:
    """nh3 writes quotes in text as they are; escape them too, so that text that looks like
    markup (`<a href="javascript:...">` typed in a post, already inert) reads as plain text to
    any later tool as well. Safe to split on tags: no allowed attribute value contains `>`."""
    parts = TAG.split(html)
    return "".join(
        part if index % 2 else part.replace('"', "&quot;").replace("'", "&#x27;")
        for index, part in enumerate(parts)
    )


MARKUP_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # [text](url) -> text
MARKUP_EMPHASIS = re.compile(r"(?<!\w)[*_~`]+|[*_~`]+(?!\w)")  # **bold**, _it_, `code`


def first_line_title(text: str, *, limit: int = 120) -> str:
    """A thread's title from the first non-empty line of its first post, without Markdown
    markers at its start, shortened at a word when long."""
    for line in (text or "").splitlines():
        line = MARKUP_LINK.sub(r"\1", line.strip().lstrip("#>-+ "))
        line = MARKUP_EMPHASIS.sub("", line).strip()
        if line:
            if len(line) <= limit:
                return line
            return line[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return ""
