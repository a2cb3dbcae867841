"""Issue 26: contexts are processed once per worker thread, not once per credential, and what
is remembered never changes a canonical form (the bytes every verifier signs and checks)."""

import copy
import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pyld import jsonld

from badges.ob3 import loader, rdfc, signing

VECTOR = Path(__file__).parent / "data" / "tv-signed-credential.json"


@pytest.fixture
def document():
    signed = json.loads(VECTOR.read_text(encoding="utf-8"))
    return {key: value for key, value in signed.items() if key != "proof"}


def _plain_pyld_quads(document) -> str:
    """The same conversion through pyld's own processor, which remembers nothing."""
    options = loader.normalize_options()
    options.pop("format")
    options.pop("algorithm")
    dataset = jsonld.JsonLdProcessor().to_rdf(rdfc.json_numbers(copy.deepcopy(document)), options)
    return json.dumps(dataset, sort_keys=True)


def _our_quads(document) -> str:
    options = loader.normalize_options()
    options.pop("format")
    options.pop("algorithm")
    dataset = loader.ContextMemoProcessor().to_rdf(rdfc.json_numbers(document), options)
    return json.dumps(dataset, sort_keys=True)


def _fresh_thread(work):
    """Run `work` on a new thread: its memos start empty, as a new worker's do."""
    out = {}
    thread = threading.Thread(target=lambda: out.setdefault("value", work()))
    thread.start()
    thread.join()
    return out["value"]


def test_the_second_credential_defines_no_term_again(document, monkeypatch):
    defined = []
    real = jsonld.JsonLdProcessor._create_term_definition

    def counting(self, *args, **kwargs):
        defined.append(args[2])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(jsonld.JsonLdProcessor, "_create_term_definition", counting)
    other = copy.deepcopy(document)
    other["name"] = "Another badge"

    def two_credentials():
        rdfc.canonicalize(document)
        first = len(defined)
        rdfc.canonicalize(other)
        return first, len(defined) - first

    first, second = _fresh_thread(two_credentials)

    assert first > 50  # the OB 3.0 and VC 2.0 terms, once
    assert second == 0


def test_remembered_contexts_give_what_pyld_gives(document):
    renamed = copy.deepcopy(document)
    renamed["name"] = "Exit tickets, again"

    def with_term(iri):
        # A context of the document's own: a new object each time, never taken for another.
        inline = copy.deepcopy(document)
        inline["@context"] = [*document["@context"], {"courseCode": iri}]
        inline["courseCode"] = "C-101"
        return inline

    a, b = with_term("https://a.example/terms#code"), with_term("https://b.example/terms#code")
    documents = (document, renamed, a, b, document, b, a)

    got = _fresh_thread(lambda: [_our_quads(d) for d in documents])

    assert got == [_plain_pyld_quads(d) for d in documents]
    assert "https://a.example/terms#code" in got[2] and "https://b.example/terms#code" in got[3]
    assert "https://a.example/terms#code" in got[6] and "https://b.example/terms#code" in got[5]


def test_the_proof_configuration_template_gives_the_full_canonical_form(document):
    key = "https://badges.example.org/issuers/1#key-1"
    for seconds in (0, 59, 3_600 * 24 * 400):
        created = datetime(2026, 12, 7, tzinfo=UTC) + timedelta(seconds=seconds)
        proof = signing._proof_options(key, created, "assertionMethod")

        assert signing._canonical_proof_config_cached(
            proof, document["@context"]
        ) == signing.canonical_proof_config(proof, document["@context"])
