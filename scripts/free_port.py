"""Print a free TCP port on 127.0.0.1 (for the test S3 server and live servers)."""

import socket

with socket.socket() as sock:
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1])
