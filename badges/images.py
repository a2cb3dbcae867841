"""Badge image files in the public storage: class images (one per version or stack, made
once) and each badge's baked PNG and SVG.

Names carry UUIDs (of the version, stack or badge), so they never collide. The bytes of class
images are kept in a small per-process cache: every badge of a version bakes the same image.
"""

import base64
import json
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage

from common.storage import public_storage
from credentials import art
from credentials.models import MicroCredentialVersion, Stack
from credentials.services import art_input

from . import baking
from .models import Badge

_CACHE_MAX = 64
_class_cache: "OrderedDict[str, bytes]" = OrderedDict()


def _storage() -> Storage:
    return public_storage()


def _write(name: str, data: bytes) -> str:
    """Store `data` and return the name the storage chose (`name` unless it was taken, which
    a fresh badge UUID never is: no existence check on the hot path)."""
    return str(_storage().save(name, ContentFile(data)))


def read(name: str) -> bytes:
    with _storage().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def _cached(name: str, make: Callable[[], bytes]) -> bytes:
    if name in _class_cache:
        _class_cache.move_to_end(name)
        return _class_cache[name]
    storage = _storage()
    if storage.exists(name):
        data = read(name)
    else:
        data = make()
        _write(name, data)  # a concurrent first writer may win the name: same bytes
    _class_cache[name] = data
    if len(_class_cache) > _CACHE_MAX:
        _class_cache.popitem(last=False)
    return data


def version_class_png(version: MicroCredentialVersion) -> bytes:
    """The version's own image as PNG, else its badge art (drawn here when the catalog's task
    has not stored it yet: the same input draws the same image)."""
    if version.image:

        def normalized() -> bytes:
            with version.image.open("rb") as handle:
                return baking.normalize_png(handle.read())

        return _cached(f"badges/classes/{version.public_id}.png", normalized)
    inputs = art_input(version)
    key = inputs.key()

    def drawn() -> bytes:
        if version.art and version.art_key == key:
            with version.art.open("rb") as handle:
                data: bytes = handle.read()
            return data
        return art.badge_png(inputs)

    # Named by the art's input: a new title (or a new drawing) is a new class image.
    return _cached(f"badges/classes/art-{key}.png", drawn)


def stack_class_png(stack: Stack) -> bytes:
    def make() -> bytes:
        if stack.image:
            with stack.image.open("rb") as handle:
                return baking.normalize_png(handle.read())
        return baking.draw_badge_png(title=stack.title, subtitle=stack.issuer.name, seed=stack.slug)

    return _cached(f"badges/stacks/{stack.public_id}.png", make)


def class_png(badge: Badge) -> bytes:
    if badge.kind == Badge.Kind.STACK:
        assert badge.stack is not None
        return stack_class_png(badge.stack)
    assert badge.version is not None
    return version_class_png(badge.version)


def _class_svg(badge: Badge, png: bytes) -> str:
    has_own_image = bool(
        badge.stack.image if badge.stack else badge.version and badge.version.image
    )
    if has_own_image:
        # An uploaded raster image: the SVG wraps it, so both files look the same.
        encoded = base64.b64encode(png).decode("ascii")
        return (
            f'<svg xmlns="{baking.SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'viewBox="0 0 600 600" width="600" height="600">'
            f'<image width="600" height="600" href="data:image/png;base64,{encoded}"/></svg>'
        )
    if badge.version is not None:
        # The badge art's own SVG: the baked SVG stays a vector and looks like the PNG.
        return art.badge_svg(art_input(badge.version))
    seed = badge.stack.slug if badge.stack else ""
    return baking.draw_badge_svg(title=badge.title, subtitle=badge.issuer.name, seed=seed)


def store_baked_images(badge: Badge, assertion: dict[str, Any], verify_url: str) -> tuple[str, str]:
    """Bake `assertion` into the badge's PNG and SVG and store both; returns their names."""
    text = json.dumps(assertion, ensure_ascii=False, separators=(",", ":"))
    png = baking.bake_png(class_png(badge), text)
    svg = baking.bake_svg(_class_svg(badge, class_png(badge)), text, verify_url)
    base = f"badges/{badge.public_id}"
    return _write(f"{base}/badge.png", png), _write(f"{base}/badge.svg", svg.encode("utf-8"))
