"""The sign-in providers and the DNS server, one process each per module."""

import pytest

from tests.support.requirements import require_binary
from tests.support.sso import dns_server, oidc_provider, saml_identity_provider


@pytest.fixture(scope="module")
def oidc():
    with oidc_provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def saml_idp():
    # pysaml2 signs the identity provider's assertions with the xmlsec1 command.
    require_binary("xmlsec1", "apt-get install xmlsec1 (`make test` installs it)")
    with saml_identity_provider() as idp:
        yield idp


@pytest.fixture(scope="module")
def dns_process():
    with dns_server() as server:
        yield server


@pytest.fixture
def dns(dns_process, settings):
    """The DNS server, as the resolver domain verification asks."""
    settings.SSO_DNS_NAMESERVER = dns_process.address
    return dns_process
