"""Where evidence is stored in a test: the local file system (`make run`), fresh buckets on the
moto S3 server, and a relay in front of that server that can go down as S3 does."""

import contextlib
import socket
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.support.servers import free_port


def s3_client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


def use_local_media(settings, root):
    """Evidence on the local file system (`make run`): the upload emulator serves it."""
    settings.USE_S3 = False
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private")},
        },
    }
    return root / "private"


def s3_options(endpoint, bucket, **extra):
    return {
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "bucket_name": bucket,
        "default_acl": None,
        "file_overwrite": False,
        **extra,
    }


@dataclass
class S3:
    endpoint: str
    bucket: str
    public_bucket: str
    client: object

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def body(self, key):
        return self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()


def s3_worker_env(s3: S3, endpoint=None):
    return {
        "TEST_USE_S3": "1",
        "TEST_S3_ENDPOINT_URL": endpoint or s3.endpoint,
        "TEST_S3_BUCKET": s3.bucket,
        "TEST_S3_PUBLIC_BUCKET": s3.public_bucket,
    }


class Relay:
    """A TCP relay in front of the S3 server that can go down (connections refused) and come
    back on the same address, as S3 does in an outage."""

    def __init__(self, target_url):
        self.target = ("127.0.0.1", urlsplit(target_url).port)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.listener = None
        self.connections = []

    def up(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def down(self):
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        for sock in self.connections:
            sock.close()
        self.connections.clear()
        return self

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed: S3 is down
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class SigningS3:
    """An HTTP front to the moto S3 server that checks presigned links as S3 does.

    moto does not verify signatures (with auth on, it fails on query-string signatures), so a
    link bound to a Content-Length would be honoured for any length. This front recomputes
    each presigned request's SigV4 signature from what the client really sent (method, path,
    query, the signed headers with their real values) and answers 403 SignatureDoesNotMatch
    when it differs; what passes is forwarded to moto unchanged."""

    SECRET = "test"  # the moto credentials of s3_options()

    def __init__(self, target_url):
        import http.server

        self.target = target_url
        gate = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if not gate.signature_matches(self.command, self.path, self.headers):
                    return self._answer(403, {"Content-Type": "application/xml"}, gate.REFUSED)
                upstream = gate.forward(self.command, self.path, self.headers, body)
                kept = {
                    k: v
                    for k, v in upstream.headers.items()
                    if k.lower() in ("content-type", "etag")
                }
                return self._answer(upstream.status_code, kept, upstream.content)

            def _answer(self, status, headers, body):
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    REFUSED = (
        b"<?xml version='1.0' encoding='UTF-8'?><Error><Code>SignatureDoesNotMatch</Code>"
        b"<Message>The request signature we calculated does not match the signature you "
        b"provided.</Message></Error>"
    )

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def forward(self, method, path, headers, body):
        import requests

        passed = {k: v for k, v in headers.items() if k.lower() not in ("host", "content-length")}
        return requests.request(method, self.target + path, headers=passed, data=body, timeout=60)

    def signature_matches(self, method, path, headers) -> bool:
        import hashlib
        import hmac
        from urllib.parse import parse_qsl, quote

        raw_path, _, raw_query = path.partition("?")
        pairs = parse_qsl(raw_query, keep_blank_values=True)
        params = dict(pairs)
        if "X-Amz-Signature" not in params:
            return True  # not a presigned link: the server's own calls
        signed = params["X-Amz-SignedHeaders"].split(";")
        _, date, region, service, _ = params["X-Amz-Credential"].split("/")
        query = "&".join(
            f"{quote(k, safe='-_.~')}={quote(v, safe='-_.~')}"
            for k, v in sorted(pairs)
            if k != "X-Amz-Signature"
        )
        lines = "".join(f"{name}:{(headers.get(name) or '').strip()}\n" for name in signed)
        canonical = "\n".join(
            [method, raw_path, query, lines, ";".join(signed), "UNSIGNED-PAYLOAD"]
        )
        scope = f"{date}/{region}/{service}/aws4_request"
        to_sign = "\n".join(
            ["AWS4-HMAC-SHA256", params["X-Amz-Date"], scope,
             hashlib.sha256(canonical.encode()).hexdigest()]
        )  # fmt: skip
        key = ("AWS4" + self.SECRET).encode()
        for part in (date, region, service, "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, params["X-Amz-Signature"])
