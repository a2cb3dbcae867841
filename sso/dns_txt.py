"""Reading a domain's DNS TXT records, for domain verification (ADR 0027).

The resolver is the machine's (/etc/resolv.conf) unless SSO_DNS_NAMESERVER names one
("host" or "host:port"): the tests point it at a DNS server process of their own.
"""

import dns.exception
import dns.resolver
from django.conf import settings


class DnsLookupError(Exception):
    """The TXT records could not be read (no answer, a timeout, no resolver)."""


def _resolver() -> dns.resolver.Resolver:
    configured = str(getattr(settings, "SSO_DNS_NAMESERVER", "") or "")
    resolver = dns.resolver.Resolver(configure=not configured)
    if configured:
        host, _, port = configured.rpartition(":") if ":" in configured else (configured, "", "")
        resolver.nameservers = [host]
        resolver.port = int(port or 53)
    resolver.lifetime = float(settings.SSO_DNS_TIMEOUT_SECONDS)
    return resolver


def txt_records(name: str) -> list[str]:
    """The TXT strings published at `name` (each record's strings joined); [] when the name has
    no TXT record. Raises DnsLookupError when DNS does not answer."""
    try:
        answer = _resolver().resolve(name, "TXT")
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except (dns.exception.DNSException, OSError, ValueError) as error:
        raise DnsLookupError(f"DNS did not answer for {name}") from error
    return [b"".join(record.strings).decode("utf-8", "replace") for record in answer]
