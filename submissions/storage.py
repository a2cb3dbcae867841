"""S3 bucket setup: the private evidence bucket (with the CORS rule browsers need for direct
multipart uploads) and the public bucket for badge images."""

import json
import logging
from typing import Any

from botocore.exceptions import ClientError
from django.conf import settings

from common.storage import s3_client_for

logger = logging.getLogger(__name__)


def _ensure_bucket(client: Any, bucket: str) -> bool:
    try:
        client.head_bucket(Bucket=bucket)
        return False
    except ClientError:
        client.create_bucket(Bucket=bucket)
        return True


def storage_setup_buckets(*, cors_origins: list[str]) -> list[str]:
    """Create missing buckets, set the evidence CORS rule and make the public bucket readable.

    Idempotent: safe to run at every deploy. Returns what it did, for the operator.
    """
    done = []
    private = s3_client_for("default")
    private_bucket = settings.STORAGES["default"]["OPTIONS"]["bucket_name"]
    if _ensure_bucket(private, private_bucket):
        done.append(f"created bucket {private_bucket}")
    private.put_bucket_cors(
        Bucket=private_bucket,
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": cors_origins,
                    "AllowedMethods": ["GET", "PUT", "POST", "HEAD", "DELETE"],
                    "AllowedHeaders": ["*"],
                    # The browser reads each part's ETag to complete a multipart upload.
                    "ExposeHeaders": ["ETag"],
                    "MaxAgeSeconds": 3600,
                }
            ]
        },
    )
    done.append(f"set CORS on {private_bucket} for {', '.join(cors_origins)}")

    public = s3_client_for("public")
    public_bucket = settings.STORAGES["public"]["OPTIONS"]["bucket_name"]
    if _ensure_bucket(public, public_bucket):
        done.append(f"created bucket {public_bucket}")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{public_bucket}/*"],
            }
        ],
    }
    public.put_bucket_policy(Bucket=public_bucket, Policy=json.dumps(policy))
    done.append(f"made {public_bucket} publicly readable")
    return done
