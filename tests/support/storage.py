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
