"""A SAML 2.0 identity provider for the sign-in tests, built on pysaml2 (an independent SAML
implementation; python3-saml is what allauth uses on our side).

Run: python -m tests.support.sso_servers.saml_idp PORT DIR, where DIR holds `users.json`
({"username": {"mail": ..., "givenName": ..., "sn": ...}}) and `sp.xml` (our service provider's
metadata, read again at each sign-in). It makes its own key and certificate in DIR.

GET  /metadata        the IdP's metadata (signing certificate, sign-in URL)
GET  /sso/redirect    HTTP-Redirect binding: shows a sign-in form (username)
POST /sso/login       signs the person in: an auto-submitting form posting the signed response
                      to the service provider's assertion consumer service
"""

import datetime
import html
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256


def _key_and_certificate(directory: Path) -> tuple[Path, Path]:
    key_path, cert_path = directory / "idp.key", directory / "idp.crt"
    if key_path.exists():
        return key_path, cert_path
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test district IdP")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _server(base: str, directory: Path) -> Server:
    key_path, cert_path = _key_and_certificate(directory)
    sp_metadata = directory / "sp.xml"
    config = IdPConfig()
    config.load(
        {
            "entityid": base + "/metadata",
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(base + "/sso/redirect", BINDING_HTTP_REDIRECT)]
                    },
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 15},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_URI,
                        }
                    },
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                }
            },
            "key_file": str(key_path),
            "cert_file": str(cert_path),
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "metadata": {"local": [str(sp_metadata)]} if sp_metadata.exists() else {},
        }
    )
    return Server(config=config)


def app_for(base: str, directory: Path):
    def app(environ, start_response):
        path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
        server = _server(base, directory)
        if path == "/metadata":
            body = create_metadata_string(None, config=server.config, sign=False)
            start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
            return [body if isinstance(body, bytes) else body.encode()]
        if path == "/sso/redirect" and method == "GET":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            return _page(start_response, _login_form(query))
        if path == "/sso/login" and method == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = parse_qs(environ["wsgi.input"].read(size).decode())
            return _page(start_response, _respond(server, base, directory, form))
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    return app


def _first(values: dict, name: str) -> str:
    return values.get(name, [""])[0]


def _login_form(query: dict) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(_first(query, name))}">'
        for name in ("SAMLRequest", "RelayState")
    )
    return (
        "<h1>District identity provider</h1><form method='post' action='/sso/login'>"
        f"{hidden}<label for='user'>Username</label> <input id='user' name='user'>"
        "<button type='submit'>Sign in to the district</button></form>"
    )


def _respond(server: Server, base: str, directory: Path, form: dict) -> str:
    users = json.loads((directory / "users.json").read_text())
    username = _first(form, "user")
    if username not in users:
        return "<p>Unknown user.</p>"
    request = server.parse_authn_request(_first(form, "SAMLRequest"), BINDING_HTTP_REDIRECT)
    response_args = server.response_args(request.message)
    person = users[username]
    identity = {"uid": [username], **{name: [value] for name, value in person.items()}}
    response = server.create_authn_response(
        identity,
        userid=username,
        authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password", "authn_auth": base},
        sign_assertion=True,
        sign_response=False,
        # SHA-256: python3-saml rejects SHA-1 signatures as deprecated.
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
        **response_args,
    )
    http_args = server.apply_binding(
        BINDING_HTTP_POST,
        str(response),
        response_args["destination"],
        _first(form, "RelayState"),
        response=True,
    )
    return http_args["data"]


def _page(start_response, body: str) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [f"<!DOCTYPE html><html lang='en'><body>{body}</body></html>".encode()]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> None:
    port, directory = int(sys.argv[1]), Path(sys.argv[2])
    base = f"http://127.0.0.1:{port}"
    with make_server("127.0.0.1", port, app_for(base, directory), handler_class=QuietHandler) as s:
        s.serve_forever()


if __name__ == "__main__":
    main()
