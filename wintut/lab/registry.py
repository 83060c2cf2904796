"""The lab's registry: a real Docker distribution registry, and a tiny client for its HTTP API.

It runs as Debian's ``docker-registry`` binary (``docker-registry serve registry.yml``) when
present; otherwise as the ``registry:2`` image, but only when the engine already has it (the
lab is for rooms without internet). :class:`RegistryClient` pushes blobs and manifests straight
over the registry's HTTP API, so building the stand-ins needs no daemon.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wintut.errors import LabError
from wintut.i18n import N_, _

BINARY_NAMES = ("docker-registry", "registry")
CONTAINER_IMAGE = "registry:2"
INSTALL_HINT = N_(
    "Install the registry: `sudo apt-get install docker-registry` (Debian/Ubuntu), or give the "
    "engine the `registry:2` image once while online (`docker pull registry:2`)."
)

MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json"
MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
CONFIG_V1 = "application/vnd.docker.container.image.v1+json"
LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"


def find_binary() -> str | None:
    """Path of the registry binary, or ``None``."""
    for name in BINARY_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def write_config(path: Path, root: Path, listen: str) -> None:
    """Write the registry's YAML configuration (plain text: no YAML library needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n".join(
            [
                "# Written by `wintut lab up`; rewritten on every start.",
                "version: 0.1",
                "log:",
                "  level: warn",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                f"    rootdirectory: {json.dumps(str(root))}",
                "  delete:",
                "    enabled: true",
                "http:",
                f"  addr: {json.dumps(listen)}",
                "",
            ]
        ),
        encoding="utf-8",
    )


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Blob:
    """Content addressed by its digest."""

    data: bytes
    media_type: str

    @property
    def digest(self) -> str:
        return digest_of(self.data)

    def descriptor(self) -> dict[str, Any]:
        return {"mediaType": self.media_type, "size": len(self.data), "digest": self.digest}


class RegistryClient:
    """Just enough of the registry HTTP API (v2) for the lab: no auth, plain HTTP.

    Args:
        address: ``HOST:PORT`` of the registry.
        timeout: seconds per request (every call is bounded).
    """

    def __init__(self, address: str, timeout: float = 10.0) -> None:
        self.address = address
        self.timeout = timeout

    def _request(
        self,
        method: str,
        path: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        url = path if path.startswith("http") else f"http://{self.address}{path}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read()
            exc.close()
            return exc.code, dict(exc.headers), body
        except OSError as exc:
            raise LabError(
                _("The lab registry at {address} did not answer: {reason}").format(
                    address=self.address, reason=exc
                )
            ) from exc

    def ping(self) -> bool:
        """True when a v2 registry answers at the address."""
        try:
            status, headers, _body = self._request("GET", "/v2/")
        except LabError:
            return False
        return status == 200 and "registry/2.0" in str(
            headers.get("Docker-Distribution-Api-Version", "")
        )

    def has_blob(self, repo: str, digest: str) -> bool:
        return self._request("HEAD", f"/v2/{repo}/blobs/{digest}")[0] == 200

    def push_blob(self, repo: str, blob: Blob) -> None:
        """Upload ``blob`` to ``repo`` unless the registry has it already (monolithic upload)."""
        if self.has_blob(repo, blob.digest):
            return
        status, headers, body = self._request("POST", f"/v2/{repo}/blobs/uploads/")
        location = headers.get("Location") or headers.get("location")
        if status != 202 or not location:
            raise LabError(f"The lab registry refused an upload to {repo}: {status} {body!r}")
        joiner = "&" if "?" in location else "?"
        status, _, body = self._request(
            "PUT",
            f"{location}{joiner}digest={blob.digest}",
            data=blob.data,
            headers={"Content-Type": "application/octet-stream"},
        )
        if status != 201:
            raise LabError(f"The lab registry refused blob {blob.digest}: {status} {body!r}")

    def put_manifest(self, repo: str, reference: str, manifest: Blob) -> str:
        """Store ``manifest`` as ``repo:reference``; returns its digest."""
        status, _, body = self._request(
            "PUT",
            f"/v2/{repo}/manifests/{reference}",
            data=manifest.data,
            headers={"Content-Type": manifest.media_type},
        )
        if status != 201:
            raise LabError(f"The lab registry refused {repo}:{reference}: {status} {body!r}")
        return manifest.digest

    def manifest(self, repo: str, reference: str) -> dict[str, Any] | None:
        """The manifest (or manifest list) at ``repo:reference``, or ``None``."""
        status, _, body = self._request(
            "GET",
            f"/v2/{repo}/manifests/{reference}",
            headers={"Accept": f"{MANIFEST_LIST}, {MANIFEST_V2}"},
        )
        if status != 200:
            return None
        data = json.loads(body)
        return data if isinstance(data, dict) else None

    def manifest_digest(self, repo: str, reference: str) -> str | None:
        status, headers, _ = self._request(
            "HEAD",
            f"/v2/{repo}/manifests/{reference}",
            headers={"Accept": f"{MANIFEST_LIST}, {MANIFEST_V2}"},
        )
        if status != 200:
            return None
        return headers.get("Docker-Content-Digest")

    def delete_manifest(self, repo: str, reference: str) -> bool:
        """Delete ``repo:reference`` (the lab's registry allows deletes); True if deleted."""
        digest = self.manifest_digest(repo, reference)
        if digest is None:
            return False
        return self._request("DELETE", f"/v2/{repo}/manifests/{digest}")[0] == 202

    def catalog(self) -> dict[str, list[str]]:
        """Every repository and its tags (a lab holds a few dozen at most)."""
        status, _, body = self._request("GET", "/v2/_catalog?n=1000")
        if status != 200:
            return {}
        repos = json.loads(body).get("repositories") or []
        found: dict[str, list[str]] = {}
        for repo in repos:
            status, _, body = self._request("GET", f"/v2/{repo}/tags/list")
            tags = (json.loads(body).get("tags") or []) if status == 200 else []
            if tags:  # a repository whose tags were all deleted is empty: leave it out
                found[repo] = sorted(tags)
        return found
