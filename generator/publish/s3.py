"""S3-compatible object storage (any provider), through boto3 — an optional extra:
`pip install 'portail-crise[s3]'`.

Like WebDAV, object storage has no atomic switch: `publish_in_place` sends new assets
first, then pages, then the manifest and its signature, then deletes objects no longer in
the site. Each object gets its Content-Type from the one table every mirror kind uses
(`content_types`), so browsers display pages rather than download them.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from generator.manifest import MAX_MANIFEST_BYTES
from generator.publish import (
    Publication,
    PublishFailed,
    PublishResult,
    checked_path,
    publish_in_place,
)
from generator.publish.content_types import content_type


def publish(publication: Publication) -> PublishResult:
    bucket, prefix = _bucket_and_prefix(publication.mirror.target)
    return publish_in_place(publication, S3Store(_client(publication), bucket, prefix))


class S3Store:
    """The objects under `prefix` in `bucket`; folders do not exist in object storage."""

    def __init__(self, client: Any, bucket: str, prefix: str) -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def read(self, path: str) -> bytes | None:
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._key(path))["Body"]
            return bytes(body.read(MAX_MANIFEST_BYTES + 1))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise PublishFailed(f"stockage inaccessible ({exc})") from exc
        except Exception as exc:
            raise PublishFailed(f"stockage injoignable ({type(exc).__name__})") from exc

    def make_folders(self, folders: list[str]) -> None:
        pass

    def write(self, path: str, body: bytes) -> None:
        self._call(self.client.put_object, Bucket=self.bucket, Key=self._key(path), Body=body,
                   ContentType=content_type(path), CacheControl="no-cache")

    def delete(self, path: str) -> None:
        self._call(self.client.delete_object, Bucket=self.bucket, Key=self._key(path))

    def _key(self, path: str) -> str:
        return self.prefix + checked_path(path)

    @staticmethod
    def _call(method: Any, **arguments: Any) -> None:
        try:
            method(**arguments)
        except Exception as exc:
            raise PublishFailed(f"{arguments.get('Key')} : échec de l'envoi "
                                f"({type(exc).__name__})") from exc


def _client(publication: Publication) -> Any:
    mirror = publication.mirror
    try:
        import boto3
    except ImportError as exc:
        raise PublishFailed("boto3 absent : installez l'option « s3 » "
                            "(pip install 'portail-crise[s3]')") from exc
    key = os.environ.get(mirror.user_variable or "") if mirror.user_variable else None
    secret = os.environ.get(mirror.password_variable or "") if mirror.password_variable else None
    for variable, value in ((mirror.user_variable, key), (mirror.password_variable, secret)):
        if variable and value is None:
            raise PublishFailed(f"variable d'environnement {variable} absente (accès S3)")
    return boto3.client("s3", endpoint_url=mirror.endpoint, aws_access_key_id=key,
                        aws_secret_access_key=secret,
                        region_name=os.environ.get("AWS_REGION", "us-east-1"))


def _bucket_and_prefix(target: str) -> tuple[str, str]:
    """`s3://bucket/some/prefix/` → ("bucket", "some/prefix/")."""
    parts = urlsplit(target)
    if parts.scheme != "s3" or not parts.netloc:
        raise PublishFailed(f"cible « {target} » : écrivez s3://seau/dossier/")
    prefix = parts.path.strip("/")
    return parts.netloc, (checked_path(prefix) + "/" if prefix else "")
