"""Canonical N-Quads of the credentials we sign, from a compiled shape (ADR 0035).

Every credential an issuer signs has the same shape: the same keys, the same types, the same
contexts; only its strings differ (ids, names, hashes, dates). JSON-LD expansion depends on the
shape and not on what a string holds, with two exceptions this module guards against: a string
in an IRI position (``id``, a property typed ``@id``) must already be an absolute IRI that pyld
keeps as it is, and two equal values may merge into one quad. So the RDF of a shape is computed
once by pyld, from a copy of the document whose every string is a unique sentinel, and each later
credential of that shape is its quads with the sentinels replaced by its own strings.

Canonicalization then takes RDFC-1.0's short path when it applies: every blank node has its own
first-degree hash (section 4.4, step 5), so the canonical labels follow the sorted hashes and no
N-degree hash is needed. In every other case (a shape pyld does not map sentinel for sentinel, a
string that is not a plain absolute IRI where an IRI goes, two quads that became one, blank nodes
whose first-degree hashes tie) the document goes the general way, ``rdfc.canonicalize``.

Only signing uses this: the verifier meets documents of any shape and keeps the general path.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import loader, rdfc

__all__ = ["canonicalize", "compiled_nquads"]

# A string where an IRI goes is filled in only when pyld would keep it unchanged: a scheme and
# "://" (pyld returns such a value before any prefix or base processing) and no whitespace
# (pyld drops an IRI with whitespace from the RDF).
_PLAIN_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S*")
# Keys whose string values choose how the document expands: kept in the shape as they are.
_SHAPING_KEYS = frozenset({"type", "@type"})
# Keywords whose string values are data, filled in like any other string.
_DATA_KEYWORDS = frozenset({"@id", "@value"})
_MAX_SHAPES = 256
# Per process and unguessable: no document can hold a sentinel by chance or on purpose.
_SENTINEL = f"https://{secrets.token_hex(12)}.invalid/"


class _NotCompilable(Exception):
    """The document leaves the fast path (the general path gives its canonical form)."""


# --------------------------------------------------------------------------- the shape


@functools.cache
def _shaping(key: str) -> bool:
    return key in _SHAPING_KEYS or (key.startswith("@") and key not in _DATA_KEYWORDS)


def _shape(value: Any, strings: list[str], kept: bool) -> Any:
    """The shape of ``value`` (hashable); its data strings are appended to ``strings`` in
    document order. Numbers, booleans and null are part of the shape (there are few of them)."""
    kind = type(value)
    if kind is str:
        if kept:
            return ("=", value)
        strings.append(value)
        return "?"
    if kind is dict:
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise _NotCompilable
            if key == "@context":
                # An inline context could define anything (a term named like an IRI); only
                # pinned context URLs are compiled.
                urls = tuple(item) if type(item) is list else (item,)
                if not all(type(url) is str for url in urls):
                    raise _NotCompilable
                items.append((key, ("@context", type(item) is list, urls)))
            else:
                items.append((key, _shape(item, strings, kept or _shaping(key))))
        return ("{", tuple(items))
    if kind is list:
        return ("[", tuple(_shape(item, strings, kept) for item in value))
    if value is None or kind in (bool, int, float):
        return ("#", kind.__name__, repr(value))
    raise _NotCompilable


def _with_sentinels(value: Any, counter: list[int], kept: bool) -> Any:
    """``value`` with its data strings replaced by sentinels, in ``_shape``'s order."""
    if type(value) is str:
        if kept:
            return value
        counter[0] += 1
        return f"{_SENTINEL}{counter[0] - 1}"
    if type(value) is dict:
        return {
            key: item
            if key == "@context"
            else _with_sentinels(item, counter, kept or _shaping(key))
            for key, item in value.items()
        }
    if type(value) is list:
        return [_with_sentinels(item, counter, kept) for item in value]
    return value


# --------------------------------------------------------------------------- the template

# In a template, a blank node is written "\x00<n>\x00": no serialized term holds a raw control
# character (canonical N-Quads escape them), so the mark cannot meet a document's text.
# An IRI with nothing to escape, and a literal's characters that need it.
_IRI_AS_IS = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*://[^\x00-\x20<>"{}|^`\\\s]*')
_LITERAL_TO_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


@dataclass(frozen=True, slots=True)
class _Template:
    """A shape's N-Quads lines before labelling, as one ``str.format`` text: field ``{i}`` is
    the i-th string of the document, escaped as an IRI if ``i`` is in ``iri_strings`` and as a
    literal otherwise. Where each blank node is written is fixed by the shape:
    ``nodes_in_line`` gives, for each line that has any, its index and its nodes;
    ``lines_of_node`` the indexes of each node's lines."""

    text: str
    iri_strings: frozenset[int]
    nodes_in_line: tuple[tuple[int, tuple[int, ...]], ...]
    lines_of_node: tuple[tuple[int, ...], ...]


def _braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _term_text(term: rdfc.Term, blanks: dict[str, int], kinds: dict[int, str]) -> str:
    if term.kind == "blank":
        return _MARKS[blanks.setdefault(term.value, len(blanks))]
    index = None
    if term.value.startswith(_SENTINEL) and term.value[len(_SENTINEL) :].isdigit():
        index = int(term.value[len(_SENTINEL) :])
    elif _SENTINEL in term.value:
        raise _NotCompilable  # a string transformed, not carried over
    if _SENTINEL in term.datatype or _SENTINEL in term.language:
        raise _NotCompilable
    if index is None:
        return _braces(rdfc._serialize_term(term))
    if kinds.setdefault(index, term.kind) != term.kind:
        raise _NotCompilable
    if term.kind == "iri":
        return f"<{{{index}}}>"
    marker = "~"
    literal = rdfc._serialize_term(rdfc.Term("literal", marker, term.datatype, term.language))
    return f'"{{{index}}}"' + _braces(literal[len(f'"{marker}"') :])


def _compile(document: Mapping[str, Any], string_count: int) -> _Template:
    if _pinned_terms_like_iris():
        # pyld reads a value equal to a term's name as the term where a vocabulary IRI goes:
        # a value then no longer stands for itself.
        raise _NotCompilable
    try:
        quads = rdfc.to_quads(_with_sentinels(document, [0], False))
    except (rdfc.CanonicalizationError, LookupError) as exc:
        raise _NotCompilable from exc
    blanks: dict[str, int] = {}
    kinds: dict[int, str] = {}
    lines: list[str] = []
    nodes_in_line: list[tuple[int, tuple[int, ...]]] = []
    for quad in quads:
        if quad.predicate.kind != "iri" or _SENTINEL in quad.predicate.value:
            raise _NotCompilable
        terms = [quad.subject, quad.predicate, quad.object]
        if quad.graph is not None:
            terms.append(quad.graph)
        line = " ".join(_term_text(term, blanks, kinds) for term in terms) + " .\n"
        nodes = tuple(dict.fromkeys(blanks[t.value] for t in terms if t.kind == "blank"))
        if nodes:
            nodes_in_line.append((len(lines), nodes))
        lines.append(line)
    # Every string must reach the RDF as itself: one dropped may still have mattered.
    if len(kinds) != string_count:
        raise _NotCompilable
    iris = frozenset(index for index, kind in kinds.items() if kind == "iri")
    lines_of_node = tuple(
        tuple(line for line, nodes in nodes_in_line if node in nodes) for node in range(len(blanks))
    )
    return _Template("".join(lines), iris, tuple(nodes_in_line), lines_of_node)


@functools.cache
def _pinned_terms_like_iris() -> frozenset[str]:
    """Names of terms in the pinned contexts that have the shape of an absolute IRI (none)."""
    names: set[str] = set()
    pending: list[Any] = [loader.load_context(url) for url in loader.CONTEXTS]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            names.update(key for key in value if _PLAIN_ABSOLUTE_IRI.fullmatch(key))
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return frozenset(names)


# --------------------------------------------------------------------------- filling in


def _fill(template: _Template, strings: list[str]) -> list[str]:
    """The document's N-Quads lines (blank nodes still marked), each without its newline."""
    texts: list[str] = []
    for index, text in enumerate(strings):
        if index in template.iri_strings:
            if not _IRI_AS_IS.fullmatch(text):
                if not _PLAIN_ABSOLUTE_IRI.fullmatch(text):
                    raise _NotCompilable
                text = rdfc._escape_iri(text)
        else:
            if "E-" in text and rdfc._PYLD_DOUBLE.match(text):
                raise _NotCompilable  # a double or a string like one: the general path tells
            if _LITERAL_TO_ESCAPE.search(text):
                text = rdfc._escape_literal(text)
        texts.append(text)
    # Escaped terms hold no raw newline: the lines split where the template's lines end.
    lines = template.text.format(*texts).split("\n")
    lines.pop()
    # pyld merges equal values into one quad; two quads that became equal leave the path.
    if len(set(lines)) != len(lines):
        raise _NotCompilable
    return lines


def _canonical(lines: list[str], template: _Template) -> str:
    """RDFC-1.0 when first-degree hashes tell every blank node apart (section 4.4, step 5)."""
    nodes_of_line = dict(template.nodes_in_line)
    hashes = {}
    for node, own in enumerate(template.lines_of_node):
        # Section 4.6: the node itself is _:a, every other blank node _:z.
        first_degree = []
        for index in own:
            line = lines[index]
            for other in nodes_of_line[index]:
                line = line.replace(_MARKS[other], "_:a" if other == node else "_:z")
            first_degree.append(line + "\n")
        first_degree.sort()
        hashes[hashlib.sha256("".join(first_degree).encode("utf-8")).hexdigest()] = node
    if len(hashes) != len(template.lines_of_node):
        raise _NotCompilable  # a tie: the N-degree hashes of the general path decide
    labels = {node: f"_:c14n{rank}" for rank, (_, node) in enumerate(sorted(hashes.items()))}
    canonical = list(lines)
    for index, nodes in template.nodes_in_line:
        line = canonical[index]
        for node in nodes:
            line = line.replace(_MARKS[node], labels[node])
        canonical[index] = line
    canonical.sort()
    canonical.append("")
    return "\n".join(canonical)


class _Marks(dict[int, str]):
    def __missing__(self, node: int) -> str:
        mark = self[node] = f"\x00{node}\x00"
        return mark


_MARKS = _Marks()


# --------------------------------------------------------------------------- the cache


class _Shapes:
    """Compiled templates by shape, bounded; a shape that cannot be compiled is remembered
    as such (None) so that it is not tried again."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._templates: dict[Any, _Template | None] = {}

    def get(self, shape: Any) -> tuple[bool, _Template | None]:
        # A dict read is atomic: only writers take the lock.
        template = self._templates.get(shape, _UNKNOWN)
        if template is _UNKNOWN:
            return False, None
        return True, template

    def put(self, shape: Any, template: _Template | None) -> None:
        with self._lock:
            if len(self._templates) >= _MAX_SHAPES:
                self._templates.clear()
            self._templates[shape] = template


_UNKNOWN: Any = object()
_shapes = _Shapes()


def compiled_nquads(document: Mapping[str, Any]) -> str | None:
    """The canonical N-Quads of ``document`` from its compiled shape, or None when the
    document leaves the fast path (then ``rdfc.canonicalize`` gives them)."""
    strings: list[str] = []
    try:
        shape = _shape(dict(document), strings, False)
    except _NotCompilable:
        return None
    known, template = _shapes.get(shape)
    if not known:
        template = _checked_template(document, shape, strings)
    if template is None:
        return None
    try:
        return _canonical(_fill(template, strings), template)
    except _NotCompilable:
        return None


def _checked_template(
    document: Mapping[str, Any], shape: Any, strings: list[str]
) -> _Template | None:
    """Compile a shape, and keep it only if it gives the general path's bytes for the
    document it was compiled from. A shape pyld does not map sentinel for sentinel is kept as
    None; a document that leaves the path by its values (an odd IRI, equal values, a tie)
    decides nothing: the next document of its shape compiles it again."""
    try:
        template = _compile(document, len(strings))
    except _NotCompilable:
        _shapes.put(shape, None)
        return None
    try:
        ours = _canonical(_fill(template, strings), template)
    except _NotCompilable:
        return None
    try:
        same = ours == rdfc.canonicalize(document)
    except (rdfc.CanonicalizationError, LookupError):
        same = False
    _shapes.put(shape, template if same else None)
    return template if same else None


def canonicalize(document: Mapping[str, Any]) -> str:
    """The RDFC-1.0 canonical N-Quads of a document we sign: from its compiled shape when it
    has one, else by the general path. The same bytes either way."""
    nquads = compiled_nquads(document)
    if nquads is None:
        return rdfc.canonicalize(document)
    return nquads
