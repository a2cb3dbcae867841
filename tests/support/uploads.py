"""A browser's upload, driven with `requests` against a live server and the signed URLs, or
through Django's test client; and artifacts whose bytes are already in storage."""

from pathlib import Path
from urllib.parse import urlsplit

from django.urls import reverse

from submissions import artifacts, media

PART = 5 * 1024 * 1024
CSRF = "x" * 32


class Browser:
    """What static/js/uploads.js and Uppy's AwsS3 plugin do, one HTTP request at a time."""

    def __init__(self, base, client, user):
        import requests

        client.force_login(user)
        self.base = base
        self.http = requests.Session()
        self.http.cookies.set("sessionid", client.cookies["sessionid"].value)
        self.http.cookies.set("csrftoken", CSRF)
        self.http.headers["X-CSRFToken"] = CSRF

    def post(self, path, data=None):
        return self.http.post(self.base + path, json=data or {}, timeout=30)

    def create(self, submission, requirement, name, size, content_type=""):
        return self.post(
            f"/submissions/{submission.public_id}/artifacts/",
            {"requirement": str(requirement.public_id), "filename": name, "size": size,
             "type": content_type},
        )  # fmt: skip

    def sign(self, artifact, method, upload_id="", part_number=None):
        response = self.post(
            artifact["sign_url"],
            {"method": method, "key": artifact["key"], "uploadId": upload_id,
             "partNumber": part_number},
        )  # fmt: skip
        assert response.status_code == 200, response.text
        return response.json()

    def send(self, signed, method, data=None):
        response = self.http.request(
            method, signed["url"], data=data, headers=signed.get("headers") or {}, timeout=60
        )
        assert response.status_code in (200, 204), response.text
        return response

    def start_upload(self, artifact):
        signed = self.sign(artifact, "POST")
        body = self.send(signed, "POST").text
        return body.split("<UploadId>")[1].split("</UploadId>")[0]

    def put_part(self, artifact, upload_id, number, data):
        signed = self.sign(artifact, "PUT", upload_id, number)
        return self.send(signed, "PUT", data).headers["ETag"].strip('"')

    def sign_parts(self, artifact, upload_id, numbers):
        """The links of several parts from one signing request: {part number: url}."""
        response = self.post(
            artifact["sign_url"],
            {"method": "PUT", "key": artifact["key"], "uploadId": upload_id,
             "partNumbers": list(numbers)},
        )  # fmt: skip
        assert response.status_code == 200, response.text
        return {part["partNumber"]: part["url"] for part in response.json()["parts"]}

    def put_parts(self, artifact, upload_id, parts):
        """Send {part number: bytes} as the uploader does: their links asked for at once."""
        links = self.sign_parts(artifact, upload_id, parts)
        return {
            number: self.send({"url": links[number]}, "PUT", data).headers["ETag"].strip('"')
            for number, data in parts.items()
        }

    def list_parts(self, artifact, upload_id):
        import xml.etree.ElementTree as ET

        response = self.send(self.sign(artifact, "GET", upload_id), "GET")
        assert response.status_code == 200, response.text
        parts = {}
        # Namespace-agnostic: S3 answers in its namespace, our emulator may not.
        for part in ET.fromstring(response.content).iter():
            if part.tag.rsplit("}", 1)[-1] != "Part":
                continue
            fields = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in part}
            parts[int(fields["PartNumber"])] = fields["ETag"].strip('"')
        return parts

    def complete(self, artifact, upload_id, etags):
        xml = "".join(
            f'<Part><PartNumber>{n}</PartNumber><ETag>"{etag}"</ETag></Part>'
            for n, etag in sorted(etags.items())
        )
        signed = self.sign(artifact, "POST", upload_id)
        signed["headers"] = {**signed["headers"], "Content-Type": "application/xml"}
        body = f"<CompleteMultipartUpload>{xml}</CompleteMultipartUpload>"
        return self.send(signed, "POST", body)

    def uploaded(self, artifact):
        return self.post(artifact["uploaded_url"])


def parts_of(path, size=None):
    """The file in the parts the uploader sends (and the server signs): its part plan."""
    data = Path(path).read_bytes()
    size = size or artifacts.planned_part_size(len(data))
    offsets = range(0, len(data), size)
    return {n + 1: data[offset : offset + size] for n, offset in enumerate(offsets)}


def create_artifact(client, submission, requirement, name, size, content_type=""):
    """The create endpoint through Django's test client (no live server needed)."""
    return client.post(
        reverse("submissions:artifact_create", args=[submission.public_id]),
        {"requirement": str(requirement.public_id), "filename": name, "size": size,
         "type": content_type},
        content_type="application/json",
    )  # fmt: skip


def sign_with(client, artifact, method, upload_id="", part_number=None, key=None):
    return client.post(
        artifact["sign_url"],
        {"method": method, "key": key or artifact["key"], "uploadId": upload_id,
         "partNumber": part_number},
        content_type="application/json",
    )  # fmt: skip


def sign_parts_with(client, artifact, upload_id, numbers, method="PUT", key=None):
    return client.post(
        artifact["sign_url"],
        {"method": method, "key": key or artifact["key"], "uploadId": upload_id,
         "partNumbers": numbers},
        content_type="application/json",
    )  # fmt: skip


def local_path(url):
    return urlsplit(url).path


def upload(draft, requirement, path, name=None, declared_size=None):
    """An artifact whose bytes are in storage, not yet handed to processing."""
    path = Path(path)
    artifact = artifacts.artifact_create(
        submission=draft.submission,
        requirement=requirement,
        filename=name or path.name,
        size=declared_size or path.stat().st_size,
        content_type="",
        by=draft.submission.educator,
    )
    media.evidence_store().upload(path, artifact.storage_key, "application/octet-stream")
    return artifact


def process(artifact, capture):
    """Hand over to processing; with eager tasks the on-commit enqueue runs it right here."""
    with capture(execute=True):
        artifacts.artifact_uploaded(artifact=artifact)
    artifact.refresh_from_db()
    return artifact
