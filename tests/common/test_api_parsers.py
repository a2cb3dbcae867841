"""The API's JSON bodies: bounded in size (413) and nesting (400), finite numbers only (400),
on every endpoint (the default parser), and always a JSON {"detail"} rather than a 500."""

import io
from types import SimpleNamespace

import pytest
from rest_framework import exceptions
from rest_framework.test import APIClient

from common.api.parsers import MAX_JSON_NESTING, BoundedJSONParser, RequestTooLarge, json_nesting

TOKEN = "/api/v1/auth/token/"
pytestmark = pytest.mark.django_db


def _post(body: str | bytes, url: str = TOKEN, client: APIClient | None = None):
    return (client or APIClient()).post(url, body, content_type="application/json")


def _parse(raw: bytes, **meta: str):
    request = SimpleNamespace(META=meta)
    return BoundedJSONParser().parse(io.BytesIO(raw), "application/json", {"request": request})


@pytest.mark.parametrize(
    "body",
    [
        "[" * 5000 + "]" * 5000,
        '{"a":' * 5000 + "1" + "}" * 5000,
        '{"email": ' + "[" * 100_000,  # unbalanced: refused without reading it as a document
    ],
    ids=["arrays", "objects", "unbalanced"],
)
def test_deeply_nested_bodies_answer_400_not_500(body):
    response = _post(body)
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_nesting_up_to_the_limit_is_read_and_brackets_in_strings_do_not_count():
    deepest = "[" * MAX_JSON_NESTING + "]" * MAX_JSON_NESTING
    assert json_nesting(deepest) == MAX_JSON_NESTING
    assert _parse(deepest.encode()) == _parse(deepest.encode())  # built, no error
    with pytest.raises(exceptions.ParseError, match="nested too deeply"):
        _parse(("[" + deepest + "]").encode())
    text = '{"note": "' + "[{" * 1000 + '\\" ]]"}'
    assert json_nesting(text) == 1
    assert _parse(text.encode())["note"].startswith("[{[{")


def test_a_too_deep_document_on_an_authenticated_endpoint(cast):
    client = APIClient()
    client.force_authenticate(cast.educator)
    response = _post("[" * 3000 + "]" * 3000, "/api/v1/submissions/", client)
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]


@pytest.mark.parametrize(
    "number",
    ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0" * 400],
    ids=["nan", "infinity", "minus-infinity", "1e400", "minus-1e400", "401-digits"],
)
def test_non_finite_numbers_are_refused_when_parsed(number):
    response = _post(f'{{"email": "a@example.org", "password": {number}}}')
    assert response.status_code == 400
    assert "detail" in response.json()


def test_finite_numbers_still_parse():
    assert _parse(b'{"a": 1.5e300, "b": -2, "c": 12345678901234567890}') == {
        "a": 1.5e300,
        "b": -2,
        "c": 12345678901234567890,
    }


def test_a_body_over_the_limit_answers_413_by_its_content_length(settings):
    settings.API_MAX_JSON_BYTES = 1000
    body = '{"email": "a@example.org", "password": "%s"}' % ("x" * 1000)
    response = _post(body)
    assert response.status_code == 413
    assert "larger than 1000 bytes" in response.json()["detail"]
    assert _post(body[:900] + '"}').status_code == 400  # under the limit: read as usual


def test_the_default_limit_is_one_megabyte():
    body = '{"email": "a@example.org", "password": "%s"}' % ("x" * (1024 * 1024))
    assert _post(body).status_code == 413
    assert _post(body[: 1000 * 1000] + '"}').status_code == 400  # wrong password, read


def test_the_bytes_read_are_bounded_when_no_length_is_announced(settings):
    """A chunked body announces no length: the parser stops reading one byte past the limit."""
    settings.API_MAX_JSON_BYTES = 100
    stream = io.BytesIO(b'["' + b"x" * 10_000 + b'"]')
    request = SimpleNamespace(META={})
    with pytest.raises(RequestTooLarge):
        BoundedJSONParser().parse(stream, "application/json", {"request": request})
    assert stream.tell() == 101
    with pytest.raises(RequestTooLarge):  # and a length that lies low does not help
        _parse(b'["' + b"x" * 10_000 + b'"]', CONTENT_LENGTH="10")


def test_half_a_surrogate_pair_is_refused_and_a_whole_one_read(cast):
    # An invalid choice echoes its input: half a pair could not even be written back as UTF-8.
    client = APIClient()
    client.force_authenticate(cast.district_admin)
    url = f"/api/v1/organizations/{cast.district.public_id}/assignments/"
    for body in ('{"kind": "\\ud800"}', '{"\\udfff": 1}', '["a", ["\\uDBFFx"]]'):
        response = _post(body, url, client)
        assert response.status_code == 400, body
        assert "surrogate" in response.json()["detail"]
    assert _parse(b'{"emoji": "\\ud83d\\ude00", "path": "C:\\\\ud800"}') == {
        "emoji": "\U0001f600",
        "path": "C:\\ud800",
    }


def test_invalid_text_is_a_400():
    assert _post(b'{"email": "\xff\xfe"}').status_code == 400


def test_the_schema_documents_413_on_operations_with_a_body(cast):
    client = APIClient()
    client.force_authenticate(cast.staff)
    schema = client.get("/api/schema/?format=json").json()
    token = schema["paths"][TOKEN]["post"]["responses"]
    assert token["413"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
