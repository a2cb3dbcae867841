"""Storage infrastructure every app may use: the storages a file field names, the one error
that means "storage is not answering", and an S3 client configured like a named storage."""

from typing import Any

import boto3
from django.conf import settings
from django.core.files.storage import Storage, storages


class StorageUnavailable(Exception):
    """The storage service could not be reached or failed; the same work can be retried."""


def public_storage() -> Storage:
    """Files anyone may fetch: badge and credential images."""
    return storages["public"]


def private_storage() -> Storage:
    """Evidence: reachable only through permission-checked, short-lived links."""
    return storages["default"]


def s3_client_for(storage_alias: str, endpoint_url: str | None = None, **config: Any) -> Any:
    """A boto3 S3 client configured like the named storage (optionally another endpoint).

    Extra keyword arguments go to botocore's Config (timeouts, retries).
    """
    options = settings.STORAGES[storage_alias]["OPTIONS"]
    return boto3.client(
        "s3",
        endpoint_url=endpoint_url or options.get("endpoint_url"),
        region_name=options.get("region_name"),
        aws_access_key_id=options.get("access_key"),
        aws_secret_access_key=options.get("secret_key"),
        config=boto3.session.Config(
            signature_version="s3v4",
            s3={"addressing_style": options.get("addressing_style")},
            **config,
        ),
    )
