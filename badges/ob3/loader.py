"""Offline JSON-LD document loader for the pinned Open Badges 3.0 contexts.

Signatures computed over JSON-LD depend on the exact content of every context the
document references: a context fetched from the network could change (or be
spoofed) and silently change what a signature means. So every context is served
from a pinned copy in ``contexts/`` and any other URL is refused.
"""

from __future__ import annotations

import json
import threading
from functools import cache
from pathlib import Path
from typing import Any

from frozendict import frozendict
from pyld import jsonld
from pyld.context_resolver import ContextResolver

__all__ = [
    "CONTEXTS",
    "CONTEXT_DIR",
    "ContextMemoProcessor",
    "UnknownContextError",
    "document_loader",
    "load_context",
    "normalize_options",
    "unknown_context_in",
]

CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"

# URL -> file in CONTEXT_DIR. The Bitstring Status List terms
# (BitstringStatusListEntry, BitstringStatusListCredential, ...) and the
# DataIntegrityProof terms are defined inside the VC 2.0 context, so they need
# no file of their own.
CONTEXTS: dict[str, str] = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
    # The issuer profile is the controller document of the issuer's keys: the DID v1 context
    # defines its verificationMethod and assertionMethod (ADR 0021).
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    # Comprehensive Learner Record 2.0 (the platform's signed learner record, wallets/clr.py).
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json": "clr-v2p0-context-2.0.1.json",
}


class UnknownContextError(LookupError):
    """Raised when a JSON-LD document references a URL that is not pinned here."""


@cache
def _context_text(filename: str) -> str:
    # Cache the raw text, not the parsed dict: every caller gets a freshly parsed
    # copy, so nothing pyld (or anyone else) mutates can leak into the next call.
    return (CONTEXT_DIR / filename).read_text(encoding="utf-8")


def load_context(url: str) -> dict[str, Any]:
    """Return a fresh parsed copy of the pinned context for ``url``.

    Raises :class:`UnknownContextError` for any URL that is not pinned.
    """
    filename = CONTEXTS.get(url)
    if filename is None:
        raise UnknownContextError(
            f"JSON-LD context {url!r} is not pinned in badges/ob3/contexts; "
            f"refusing to fetch it. Pinned URLs: {sorted(CONTEXTS)}"
        )
    parsed: dict[str, Any] = json.loads(_context_text(filename))
    return parsed


def unknown_context_in(error: BaseException) -> UnknownContextError | None:
    """Find the :class:`UnknownContextError` that pyld wrapped inside ``error``, if any.

    pyld buries a loader's exception several ``JsonLdError`` layers deep (in
    ``.cause`` or ``.details['cause']``); callers use this to report it plainly.
    """
    seen: set[int] = set()
    pending: list[Any] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, UnknownContextError):
            return current
        details = getattr(current, "details", None)
        nested = details.get("cause") if isinstance(details, dict) else None
        pending += [getattr(current, "cause", None), nested, current.__cause__]
    return None


def document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader serving only the pinned contexts; never uses the network.

    ``options`` is accepted because pyld passes it; it is not needed here.
    """
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": load_context(url),
    }


class _BoundedCache(dict[Any, Any]):
    """A dict that empties itself when full.

    Verified documents may carry arbitrary inline contexts, which pyld caches by
    content: the cache must stay bounded. Emptying it is crude but rare, since the
    pinned contexts need only a few dozen entries.
    """

    max_entries = 256

    def __setitem__(self, key: Any, value: Any) -> None:
        if key not in self and len(self) >= self.max_entries:
            self.clear()
        super().__setitem__(key, value)


_thread_state = threading.local()


def _caching_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    # The 'static' tag lets pyld's ContextResolver keep the processed context in
    # the (private) shared cache between calls instead of re-resolving it.
    remote = document_loader(url, options)
    remote["tag"] = "static"
    return remote


def _context_cache() -> _BoundedCache:
    # One cache per thread: pyld's caches are not safe to mutate concurrently.
    cache_ = getattr(_thread_state, "cache", None)
    if cache_ is None:
        cache_ = _thread_state.cache = _BoundedCache()
    return cache_


def normalize_options() -> dict[str, Any]:
    """Fresh options for ``pyld.jsonld.normalize``: RDFC-1.0 (URDNA2015) to N-Quads.

    They carry the pinned loader, and a context resolver whose cache is private
    to this module. pyld's default resolver uses a process-wide cache keyed by
    URL, consulted before any loader: a context cached there by other code (with
    another loader) could otherwise replace a pinned context here.
    """
    return {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": _caching_loader,
        "contextResolver": ContextResolver(_context_cache(), _caching_loader),
    }


# --------------------------------------------------------------------------------------------
# Contexts processed once per thread, not once per credential (issue 26: signing)
# --------------------------------------------------------------------------------------------


class ContextMemoProcessor(jsonld.JsonLdProcessor):
    """pyld's processor, remembering each processed context per thread.

    pyld caches a processed context under the uuid of the active context it was processed
    from, but a type-scoped context (every typed node of an Open Badges credential has one)
    is processed from a fresh clone with a fresh uuid, so the OB 3.0 terms were defined again
    for every node of every credential: most of the cost of signing. Here a processed context
    is kept under (the active context's uuid, the local context's identity, the flags): the
    same inputs give the same frozen result, whose own uuid then keys the nested contexts.

    The local context's identity is the object itself for a dict or list (the pinned
    contexts' documents are the same objects for the thread's life, and the memo holds a
    reference so an id is never reused), the URL for a string. A context inside a document
    being verified is a new object each time: a miss, and the memo is bounded.
    """

    def _process_context(  # type: ignore[no-untyped-def]
        self,
        active_ctx,
        local_ctx,
        options,
        override_protected=False,
        propagate=True,
        validate_scoped=True,
        cycles=None,
    ):
        cycles = set() if cycles is None else cycles
        memo = _processed_contexts()
        key = None
        uuid_ = active_ctx.get("_uuid") if isinstance(active_ctx, frozendict) else None
        if uuid_ is not None:
            key = (
                uuid_,
                local_ctx if isinstance(local_ctx, str) else id(local_ctx),
                override_protected,
                propagate,
                validate_scoped,
                options.get("base", ""),
                options.get("processingMode", "json-ld-1.1"),
            )
            hit = memo.get(key)
            if hit is not None and hit[0] is local_ctx:
                return hit[1]
        result = super()._process_context(
            active_ctx,
            local_ctx,
            options,
            override_protected=override_protected,
            propagate=propagate,
            validate_scoped=validate_scoped,
            cycles=cycles,
        )
        if key is not None and isinstance(result, frozendict) and "_uuid" in result:
            memo[key] = (local_ctx, result)
        return result

    def _expand_iri(  # type: ignore[no-untyped-def]
        self, active_ctx, value, base=None, vocab=False, local_ctx=None, defined=None
    ):
        """pyld's IRI expansion, remembered per (frozen active context, value, flags) outside
        context processing: the same key of the same context expands the same way, and every
        credential has the same keys."""
        uuid_ = active_ctx.get("_uuid") if isinstance(active_ctx, frozendict) else None
        if uuid_ is None or local_ctx is not None or defined is not None or type(value) is not str:
            return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        memo = _expanded_iris()
        key = (uuid_, value, base, vocab)
        try:
            return memo[key]
        except KeyError:
            pass
        expanded = super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        memo[key] = expanded
        return expanded


def _expanded_iris() -> _BoundedCache:
    memo = getattr(_thread_state, "iris", None)
    if memo is None:
        memo = _thread_state.iris = _BoundedCache()
        memo.max_entries = 4096
    return memo


def _processed_contexts() -> _BoundedCache:
    memo = getattr(_thread_state, "processed", None)
    if memo is None:
        memo = _thread_state.processed = _BoundedCache()
        memo.max_entries = 128  # a processed context can hold hundreds of terms
    return memo
