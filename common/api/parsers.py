"""The API's JSON parser: bounded in size and nesting, finite numbers only (ADR 0010).

DRF reads a request body itself, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not protect the
API: this parser refuses a body over API_MAX_JSON_BYTES (413) by its Content-Length and by the
bytes actually read, and refuses with 400, before building anything, a document nested deeper
than MAX_JSON_NESTING (Python's json module recurses per level and would run out of stack), the
NaN / Infinity literals, numbers too large to be a finite float (1e400 reads as infinity),
and strings holding half of a surrogate pair ("\\ud800": neither storable nor printable).
"""

import json
import math
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.parsers import BaseParser
from rest_framework.renderers import JSONRenderer

MAX_JSON_NESTING = 400
# A JSON string (escapes included), matched without backtracking, to skip brackets inside text.
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
BRACKETS = re.compile(r"[\[\]{}]")
# A \uD800-\uDFFF escape: half of a surrogate pair, which must be checked for its other half.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class BoundedJSONParser(BaseParser):
    media_type = "application/json"
    renderer_class = JSONRenderer

    def parse(
        self,
        stream: IO[Any] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        context = parser_context or {}
        limit = settings.API_MAX_JSON_BYTES
        raw = _read_bounded(stream, context.get("request"), limit)
        try:
            text = raw.decode(context.get("encoding") or settings.DEFAULT_CHARSET)
        except (UnicodeDecodeError, LookupError) as error:
            raise exceptions.ParseError("The request body is not valid text.") from error
        try:
            return loads_bounded(text)
        except JSONRefused as error:
            raise exceptions.ParseError(str(error)) from error


class JSONRefused(ValueError):
    """A JSON text this platform does not read (invalid, too deep, non-finite, half a pair)."""


def loads_bounded(text: str) -> Any:
    """`text` parsed as JSON, or JSONRefused, without recursing past MAX_JSON_NESTING: for any
    JSON read from a request (the API's parser, and the pages' own JSON endpoints)."""
    if json_nesting(text) > MAX_JSON_NESTING:
        raise JSONRefused(
            f"The JSON document is nested too deeply (at most {MAX_JSON_NESTING} levels)."
        )
    try:
        data = json.loads(
            text, parse_constant=_refuse_constant, parse_float=_finite, parse_int=_finite_int
        )
    except ValueError as error:
        raise JSONRefused(f"JSON parse error - {error}") from error
    if SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(data):
        # Such a string can be neither stored (PostgreSQL) nor echoed back (UTF-8).
        raise JSONRefused("The JSON text holds half of a surrogate pair (\\uD800).")
    return data


def _read_bounded(stream: IO[Any] | None, request: Any, limit: int) -> bytes:
    """At most `limit` bytes of the body; RequestTooLarge when it announces or holds more."""
    meta = getattr(request, "META", {})
    try:
        announced = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        announced = 0
    too_large = RequestTooLarge(f"The request body is larger than {limit} bytes.")
    if announced > limit:
        raise too_large
    raw = stream.read(limit + 1) if stream is not None else b""
    if len(raw) > limit:
        raise too_large
    return raw


def json_nesting(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest, read from its brackets outside
    strings (no document is built; an unbalanced text only counts what it opens)."""
    deepest = depth = 0
    for bracket in BRACKETS.finditer(JSON_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_NESTING:
                    break
        else:
            depth -= 1
    return deepest


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any key or string of a parsed document holds an unpaired surrogate (iterative)."""
    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, dict):
            pending.extend(current.keys())
            pending.extend(current.values())
        elif isinstance(current, list):
            pending.extend(current)
        elif isinstance(current, str):
            try:
                current.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number; numbers must be finite")


def _finite(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise ValueError(f"the number {literal[:40]} is too large")
    return number


def _finite_int(literal: str) -> int:
    number = int(literal)
    try:
        float(number)
    except OverflowError:
        raise ValueError(f"the number {literal[:40]}... is too large") from None
    return number
