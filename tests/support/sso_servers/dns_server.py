"""A DNS server for the domain verification tests: answers TXT queries from a JSON file
({"name": ["text", ...]}), read again for every query so a test can publish a record while it
runs. Run: python -m tests.support.sso_servers.dns_server PORT RECORDS.json"""

import json
import sys
import time
from pathlib import Path

from dnslib import QTYPE, RCODE, RR, TXT
from dnslib.server import BaseResolver, DNSServer


class FileResolver(BaseResolver):
    def __init__(self, path: Path) -> None:
        self.path = path

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        records = json.loads(self.path.read_text()) if self.path.exists() else {}
        values = records.get(name, [])
        if not values:
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype == QTYPE.TXT:
            for value in values:
                reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT(value), ttl=0))
        return reply


def main() -> None:
    port, path = int(sys.argv[1]), Path(sys.argv[2])
    server = DNSServer(FileResolver(path), port=port, address="127.0.0.1")
    server.start_thread()
    print("ready", flush=True)
    while server.isAlive():
        time.sleep(0.5)


if __name__ == "__main__":
    main()
