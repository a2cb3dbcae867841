"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents, as every conforming processor
computes it (ADR 0021).

What a signature covers is the canonical N-Quads of the document, so every processor must
produce the same bytes from the same JSON. pyld (which turns JSON-LD into RDF for us) differs
from the specifications, and from the JavaScript libraries that wallets and verifiers use, in
three ways that changed signed bytes:

- a JSON number written ``10.0`` became the double ``"1.0E1"``; JSON has one number type, and
  JSON-LD makes a number with no fractional part an ``xsd:integer`` (``"10"``);
- a double below 1 kept pyld's raw form (``"5.000000000000000E-01"``), not the canonical
  ``"5.0E-1"``;
- literals were escaped with only ``\\t \\n \\r \\" \\\\``, where canonical N-Quads also escape
  ``\\b``, ``\\f`` and every other control character as ``\\uXXXX``.

So this module keeps pyld for JSON-LD expansion to RDF only, reads JSON numbers as JSON does,
writes doubles in their canonical form, and does the canonicalization (blank node labelling and
serialization) itself, following W3C RDFC-1.0 (section 4). It also bounds the work a document
can cause: blank nodes that first-degree hashes cannot tell apart start a search whose cost
grows with the factorial of their number, so the number of N-degree hashes is capped.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pyld import jsonld

from .loader import (
    ContextMemoProcessor,
    UnknownContextError,
    normalize_options,
    unknown_context_in,
)

__all__ = [
    "EXACT_INTEGER",
    "CanonicalizationError",
    "Quad",
    "Term",
    "canonical_nquads",
    "canonicalize",
    "json_numbers",
    "to_quads",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Beyond this many N-degree hashes a document is refused: no credential we issue or accept
# needs more than a few (they come from blank nodes that look alike, such as two identical
# alignments), while a crafted one could demand millions.
MAX_NDEGREE_HASHES = 2_000
# The largest integer a JSON parser of doubles (JavaScript's) reads exactly, and the bound
# past which JSON-LD writes a number as a double.
EXACT_INTEGER = 2**53
_DOUBLE_FROM = 1e21
# pyld's unreduced double: a mantissa with 15 decimals and a negative two-digit exponent.
_PYLD_DOUBLE = re.compile(r"^(-?\d)\.(\d{15})E-(\d+)$")


class CanonicalizationError(ValueError):
    """The document cannot be canonicalized (too costly, or not JSON-LD we can process)."""


@dataclass(frozen=True, slots=True)
class Term:
    """An RDF term: ``kind`` is ``iri``, ``blank`` or ``literal``."""

    kind: str
    value: str
    datatype: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True)
class Quad:
    subject: Term
    predicate: Term
    object: Term
    graph: Term | None  # None: the default graph


# --------------------------------------------------------------------------- JSON-LD to RDF


def json_numbers(value: Any) -> Any:
    """``value`` with its numbers as a JSON parser of doubles reads them.

    JSON has one number type: ``10.0`` and ``10`` are the same number, which JSON-LD turns into
    an ``xsd:integer``; an integer too large for a double is read as the nearest double.
    Python's parser keeps ``10.0`` a float and big integers exact, so they are converted here,
    and only the copy handed to the RDF conversion is changed.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _DOUBLE_FROM:
            return int(value)
        return value
    if isinstance(value, int):
        if abs(value) > EXACT_INTEGER:
            return json_numbers(float(value))
        return value
    if isinstance(value, Mapping):
        return {key: json_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_numbers(item) for item in value]
    return value


def _canonical_double(lexical: str) -> str:
    """pyld's ``5.000000000000000E-01`` as the canonical ``5.0E-1``; other forms unchanged."""
    match = _PYLD_DOUBLE.match(lexical)
    if match is None:
        return lexical
    whole, decimals, exponent = match.groups()
    return f"{whole}.{decimals.rstrip('0') or '0'}E-{int(exponent)}"


def _term(node: Mapping[str, Any]) -> Term:
    kind = node["type"]
    if kind == "IRI":
        return Term("iri", node["value"])
    if kind == "blank node":
        return Term("blank", node["value"])
    datatype = node.get("datatype") or XSD_STRING
    # Language tags are case-insensitive; JSON-LD processors write them in lower case.
    language = (node.get("language") or "").lower()
    value = node["value"]
    # A JSON number (typed xsd:double, or coerced by a context: xsd:float for credit hours);
    # a plain string that merely looks like pyld's raw double stays as it is, as in jsonld.js.
    if datatype != XSD_STRING and not language:
        value = _canonical_double(value)
    return Term("literal", value, datatype, language)


class _Owned(dict[str, Any]):
    """A document built for one conversion (json_numbers makes new dicts and lists): pyld's
    protective deep copy of its input has nothing to protect, and was a sixth of the cost."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Owned:
        return self


def to_quads(document: Mapping[str, Any]) -> list[Quad]:
    """The RDF quads of a JSON-LD document, contexts served by the pinned offline loader.

    Raises :class:`~badges.ob3.loader.UnknownContextError` for an unpinned context and
    :class:`CanonicalizationError` for a document that is not valid JSON-LD.
    """
    options = normalize_options()
    options.pop("format", None)
    options.pop("algorithm", None)
    try:
        owned = _Owned(json_numbers(dict(document)))
        dataset = ContextMemoProcessor().to_rdf(owned, options)
    except jsonld.JsonLdError as exc:
        unknown = unknown_context_in(exc)
        if unknown is not None:
            raise UnknownContextError(str(unknown)) from exc
        # pyld's JsonLdError has no `message` attribute: its text is its first argument.
        message = exc.args[0] if exc.args else type(exc).__name__
        raise CanonicalizationError(f"not valid JSON-LD: {message}") from exc
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        # pyld lets some malformed values through to Python errors (a string typed
        # xsd:double, say): still a document that is not JSON-LD we can sign or verify.
        raise CanonicalizationError(f"not valid JSON-LD: {exc}") from exc
    quads = []
    for graph_name, triples in dataset.items():
        graph = None
        if graph_name != "@default":
            kind = "blank" if graph_name.startswith("_:") else "iri"
            graph = Term(kind, graph_name)
        for triple in triples:
            quads.append(
                Quad(
                    _term(triple["subject"]),
                    _term(triple["predicate"]),
                    _term(triple["object"]),
                    graph,
                )
            )
    return quads


# --------------------------------------------------------------------------- serialization

_LITERAL_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_LITERAL_SPECIAL = re.compile(r'[\x00-\x1f\x7f"\\]')
_IRI_SPECIAL = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_literal(text: str) -> str:
    return _LITERAL_SPECIAL.sub(
        lambda m: _LITERAL_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text
    )


def _escape_iri(text: str) -> str:
    return _IRI_SPECIAL.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def _serialize_term(term: Term, label: str | None = None) -> str:
    if term.kind == "iri":
        return f"<{_escape_iri(term.value)}>"
    if term.kind == "blank":
        return label if label is not None else term.value
    text = f'"{_escape_literal(term.value)}"'
    if term.datatype == RDF_LANGSTRING:
        return f"{text}@{term.language}"
    if term.datatype != XSD_STRING:
        return f"{text}^^<{_escape_iri(term.datatype)}>"
    return text


def _serialize(quad: Quad, labels: Mapping[str, str]) -> str:
    """One canonical N-Quads line; blank nodes are written with ``labels`` where given."""

    def term(t: Term) -> str:
        return _serialize_term(t, labels.get(t.value) if t.kind == "blank" else None)

    graph = f" {term(quad.graph)}" if quad.graph is not None else ""
    return f"{term(quad.subject)} {term(quad.predicate)} {term(quad.object)}{graph} .\n"


# --------------------------------------------------------------------------- RDFC-1.0


class _IdentifierIssuer:
    """Issues ``prefix0``, ``prefix1``... to blank nodes, remembering the order (RDFC 4.3)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.issued: dict[str, str] = {}

    def issue(self, existing: str) -> str:
        if existing not in self.issued:
            self.issued[existing] = f"{self.prefix}{len(self.issued)}"
        return self.issued[existing]

    def copy(self) -> _IdentifierIssuer:
        twin = _IdentifierIssuer(self.prefix)
        twin.issued = dict(self.issued)
        return twin


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _blank_nodes(quad: Quad) -> Iterable[str]:
    for t in (quad.subject, quad.object, quad.graph):
        if t is not None and t.kind == "blank":
            yield t.value


class _Canonicalizer:
    """The state of one RDFC-1.0 run over a dataset (section 4.4)."""

    def __init__(self, quads: list[Quad]) -> None:
        self.quads = quads
        self.quads_of: dict[str, list[Quad]] = {}
        for quad in quads:
            # A quad that names a node twice (a loop) is one of its quads, not two.
            for node in dict.fromkeys(_blank_nodes(quad)):
                self.quads_of.setdefault(node, []).append(quad)
        self.canonical = _IdentifierIssuer("_:c14n")
        self.first_degree: dict[str, str] = {}
        self.ndegree_calls = 0

    def hash_first_degree(self, node: str) -> str:
        """RDFC 4.6: the node's quads with itself as ``_:a`` and other blank nodes ``_:z``."""
        cached = self.first_degree.get(node)
        if cached is None:
            lines = []
            for quad in self.quads_of[node]:
                labels = {other: "_:z" for other in _blank_nodes(quad)}
                labels[node] = "_:a"
                lines.append(_serialize(quad, labels))
            cached = self.first_degree[node] = _sha256("".join(sorted(lines)))
        return cached

    def hash_related(self, related: str, quad: Quad, issuer: _IdentifierIssuer, pos: str) -> str:
        """RDFC 4.7: a neighbour's hash, seen from one quad and position (s, o or g)."""
        if related in self.canonical.issued:
            identifier = self.canonical.issued[related]
        elif related in issuer.issued:
            identifier = issuer.issued[related]
        else:
            identifier = self.hash_first_degree(related)
        predicate = f"<{quad.predicate.value}>" if pos != "g" else ""
        return _sha256(f"{pos}{predicate}{identifier}")

    def hash_ndegree(self, node: str, issuer: _IdentifierIssuer) -> tuple[str, _IdentifierIssuer]:
        """RDFC 4.8: tell apart nodes whose first-degree hashes tie, by their neighbourhood."""
        self.ndegree_calls += 1
        if self.ndegree_calls > MAX_NDEGREE_HASHES:
            raise CanonicalizationError(
                "the document's blank nodes are too alike to canonicalize at a bounded cost"
            )
        related_by_hash: dict[str, list[str]] = {}
        for quad in self.quads_of[node]:
            for term, pos in ((quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")):
                if term is not None and term.kind == "blank" and term.value != node:
                    digest = self.hash_related(term.value, quad, issuer, pos)
                    related_by_hash.setdefault(digest, []).append(term.value)
        data = ""
        for digest in sorted(related_by_hash):
            data += digest
            chosen_path, chosen_issuer = "", issuer
            for permutation in itertools.permutations(related_by_hash[digest]):
                path, issuer_copy = self._path(permutation, issuer.copy(), chosen_path)
                if path is not None and (not chosen_path or path < chosen_path):
                    chosen_path, chosen_issuer = path, issuer_copy
            data += chosen_path
            issuer = chosen_issuer
        return _sha256(data), issuer

    def _path(
        self, permutation: tuple[str, ...], issuer: _IdentifierIssuer, chosen: str
    ) -> tuple[str | None, _IdentifierIssuer]:
        """One permutation's path (RDFC 4.8.3, step 5.4), or None once it cannot win."""

        # The specification also compares lengths; a path that sorts after the chosen one
        # can never win whatever its length, so the comparison alone prunes as much or more.
        def loses(path: str) -> bool:
            return bool(chosen) and path > chosen

        path, recursion = "", []
        for related in permutation:
            if related in self.canonical.issued:
                path += self.canonical.issued[related]
            else:
                if related not in issuer.issued:
                    recursion.append(related)
                path += issuer.issue(related)
            if loses(path):
                return None, issuer
        for related in recursion:
            result_hash, issuer = self.hash_ndegree(related, issuer)
            path += issuer.issue(related)
            path += f"<{result_hash}>"
            if loses(path):
                return None, issuer
        return path, issuer

    def run(self) -> str:
        """RDFC 4.4: label every blank node canonically and serialize the sorted quads."""
        by_hash: dict[str, list[str]] = {}
        for node in self.quads_of:
            by_hash.setdefault(self.hash_first_degree(node), []).append(node)
        for digest in sorted(by_hash):
            if len(by_hash[digest]) == 1:
                self.canonical.issue(by_hash.pop(digest)[0])
        for digest in sorted(by_hash):
            results = []
            for node in by_hash[digest]:
                if node in self.canonical.issued:
                    continue
                temporary = _IdentifierIssuer("_:b")
                temporary.issue(node)
                results.append(self.hash_ndegree(node, temporary))
            for _hash, issuer in sorted(results, key=lambda result: result[0]):
                for existing in issuer.issued:
                    self.canonical.issue(existing)
        return "".join(sorted(_serialize(quad, self.canonical.issued) for quad in self.quads))


def canonical_nquads(quads: list[Quad]) -> str:
    """The RDFC-1.0 canonical N-Quads of a dataset."""
    return _Canonicalizer(quads).run()


def canonicalize(document: Mapping[str, Any]) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document (what eddsa-rdfc-2022 signs)."""
    return canonical_nquads(to_quads(document))
