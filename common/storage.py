"""Callables naming the storage a file field uses, resolved at run time from STORAGES."""

from django.core.files.storage import Storage, storages


def public_storage() -> Storage:
    """Files anyone may fetch: badge and credential images."""
    return storages["public"]


def private_storage() -> Storage:
    """Evidence: reachable only through permission-checked, short-lived links."""
    return storages["default"]
