"""Sign-in providers as real processes on this machine, for the single sign-on tests: an
OpenID Connect provider (oidc-provider-mock), a SAML identity provider (pysaml2,
sso_servers/saml_idp.py) and a DNS server (dnslib, sso_servers/dns_server.py)."""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from tests.support.servers import ROOT, free_port, wait_for


@contextmanager
def _process(command: list[str], ready: str, env: dict[str, str] | None = None) -> Iterator[None]:
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                wait_for(ready, timeout=30)
            except TimeoutError:
                output.seek(0)
                raise RuntimeError(output.read().decode(errors="replace")[-3000:]) from None
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass
class OidcProvider:
    issuer: str

    def register_client(self, redirect_uri: str) -> tuple[str, str]:
        """A client registered with the provider: (client id, client secret)."""
        response = requests.post(
            self.issuer + "/oauth2/clients",
            json={
                "redirect_uris": [redirect_uri],
                "token_endpoint_auth_method": "client_secret_post",
            },
            timeout=10,
        )
        response.raise_for_status()
        body = response.json()
        return body["client_id"], body["client_secret"]

    def set_user(self, sub: str, **claims: object) -> None:
        response = requests.put(self.issuer + f"/users/{sub}", json=claims, timeout=10)
        response.raise_for_status()

    def authorize(self, authorization_url: str, sub: str) -> str:
        """The person signs in at the provider (its form, by subject): the redirect back to us."""
        response = requests.post(
            authorization_url, data={"sub": sub}, allow_redirects=False, timeout=10
        )
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


@contextmanager
def oidc_provider() -> Iterator[OidcProvider]:
    """oidc-provider-mock on a free port, clients must register (their secret is checked)."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "oidc_provider_mock", "-p", str(port), "-r", "true"]
    # OAuth over plain http, on loopback only.
    with _process(
        command, issuer + "/.well-known/openid-configuration", {"AUTHLIB_INSECURE_TRANSPORT": "1"}
    ):
        yield OidcProvider(issuer)


@dataclass
class SamlIdentityProvider:
    base: str
    directory: Path

    @property
    def metadata_url(self) -> str:
        return self.base + "/metadata"

    def set_users(self, users: dict[str, dict[str, str]]) -> None:
        (self.directory / "users.json").write_text(json.dumps(users))

    def trust_service_provider(self, metadata_xml: bytes) -> None:
        (self.directory / "sp.xml").write_bytes(metadata_xml)

    def sign_in(self, redirect_url: str, user: str) -> dict[str, str]:
        """The person signs in at the IdP: the fields its auto-submitting form posts to our ACS
        ({"action", "SAMLResponse", "RelayState"})."""
        query = parse_qs(urlsplit(redirect_url).query)
        form = {
            "SAMLRequest": query["SAMLRequest"][0],
            "RelayState": query.get("RelayState", [""])[0],
            "user": user,
        }
        response = requests.post(self.base + "/sso/login", data=form, timeout=30)
        response.raise_for_status()
        page = response.text
        action = re.search(r'action="([^"]+)"', page)
        assert action, page[:1000]
        fields = dict(re.findall(r'name="(SAMLResponse|RelayState)" value="([^"]*)"', page))
        return {"action": action.group(1), **fields}


@contextmanager
def saml_identity_provider() -> Iterator[SamlIdentityProvider]:
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        idp = SamlIdentityProvider(f"http://127.0.0.1:{port}", Path(directory))
        idp.set_users({})
        command = [sys.executable, "-m", "tests.support.sso_servers.saml_idp", str(port), directory]
        with _process(command, idp.metadata_url):
            yield idp


@dataclass
class DnsServer:
    address: str  # host:port, for SSO_DNS_NAMESERVER
    records: Path

    def publish(self, name: str, *values: str) -> None:
        current = json.loads(self.records.read_text())
        current[name.lower()] = list(values)
        self.records.write_text(json.dumps(current))


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def dns_server() -> Iterator[DnsServer]:
    port = _free_udp_port()
    with tempfile.TemporaryDirectory() as directory:
        records = Path(directory) / "records.json"
        records.write_text("{}")
        command = [
            sys.executable,
            "-m",
            "tests.support.sso_servers.dns_server",
            str(port),
            str(records),
        ]
        with tempfile.TemporaryFile() as output:
            process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    output.seek(0)
                    if b"ready" in output.read():
                        break
                    time.sleep(0.1)
                else:
                    output.seek(0)
                    raise RuntimeError(output.read().decode(errors="replace")[-3000:])
                yield DnsServer(f"127.0.0.1:{port}", records)
            finally:
                process.terminate()
                process.wait(timeout=10)
