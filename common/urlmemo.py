"""reverse() answered from a per-process memo (docs/decisions/0041).

Every page asks for the same URLs again and again: the layout's navigation and footer, the
second-factor middleware's open paths, a table's links to the same rows. Django's reverse()
matches its patterns anew each time (and reads four thread-locals): 5-8 % of a page's CPU
(static URLs have their own memo: common/static_storage.py). The answer
depends only on what is in the key (the URL name, its arguments, the current namespace, the
script prefix, the request's URLconf and the language, for translated paths) and on settings,
which are fixed in a process except under override_settings: its signal empties the memo.

Only arguments whose text cannot change are memoized (str, int, UUID): a model instance's
str() can (a renamed object), so a URL built from one is reversed every time.
"""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

# A few thousand URLs (a table's rows are in there too): emptied when full rather than ordered
# by use, which would cost every hit a write.
MAX_ENTRIES = 4096
_FIXED_TYPES = (str, int, UUID)

_urls: dict[tuple[Any, ...], str] = {}


def reverse_memo(
    viewname: str,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """reverse(), from the memo when its arguments allow; raises NoReverseMatch as it does
    (a failure is not memoized)."""
    args = tuple(args or ())
    items = tuple(sorted(kwargs.items())) if kwargs else ()
    values = (*args, *(value for _, value in items))
    if not isinstance(viewname, str) or any(type(v) not in _FIXED_TYPES for v in values):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    key = (viewname, args, items, current_app, get_script_prefix(), get_urlconf(),
           translation.get_language())  # fmt: skip
    url = _urls.get(key)
    if url is None:
        url = reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
        if len(_urls) >= MAX_ENTRIES:
            _urls.clear()
        _urls[key] = url
    return url


@receiver(setting_changed)
def _forget(**kwargs: Any) -> None:
    """override_settings (ROOT_URLCONF, a prefix...): start again."""
    _urls.clear()
