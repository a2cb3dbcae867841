"""WhiteNoise's manifest storage (hashed, compressed static files), with url() answered from a
memo of this storage instance (docs/decisions/0041).

A page asks for the same few static URLs on every request (the layout's stylesheet, scripts
and icons, 6 to 19 a page), and each answer cleans, splits and looks the path up in the
manifest again: 1-6 % of a page's CPU. The answer depends only on the path, `force`, DEBUG
(which serves unhashed names) and the manifest, which is read once when the storage is built
(a change of STORAGES builds a new one). A missing file still raises every time; collectstatic
starts its post-processing with an empty memo.
"""

from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# A site's static files are a few hundred: the bound only guards against unbounded names.
MAX_ENTRIES = 4096


class MemoizedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool, bool], str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if name is None:
            return super().url(name, force)
        key = (name, force, settings.DEBUG)
        url = self._urls.get(key)
        if url is None:
            url = super().url(name, force)
            if len(self._urls) >= MAX_ENTRIES:
                self._urls.clear()
            self._urls[key] = url
        return url

    def post_process(self, *args: Any, **kwargs: Any) -> Any:
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
