"""Build the lab's stand-in images offline and push them over the registry's HTTP API.

``library/ubuntu:latest`` is a small Linux image made from Debian's static binaries
(busybox-static for ``sh``, ``uname``, ``cat`` …; bash-static for ``bash``). It is NOT Ubuntu:
its /etc/os-release and labels say it is a wintut lab stand-in. The daemon's Docker Hub mirror
serves it, so ``docker pull ubuntu`` and ``docker run -it ubuntu bash`` work unchanged.

The Windows-only images carry a placeholder layer (a text file); only their manifests matter:
a Linux engine refuses them exactly as it refuses the real ones.

Layers are built reproducibly (fixed times and owners), so pushing twice changes nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import subprocess
import tarfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from wintut.errors import LabError
from wintut.i18n import N_, _
from wintut.lab.manifests import (
    BY_LTSC,
    HUB_WINDOWS,
    UBUNTU_REPO,
    UBUNTU_TAG,
    WINDOWS_REPOS,
    labels,
)
from wintut.lab.registry import (
    CONFIG_V1,
    LAYER_GZIP,
    MANIFEST_LIST,
    MANIFEST_V2,
    Blob,
    RegistryClient,
)

CREATED = "2016-08-01T00:00:00Z"
"""Fixed creation time, so the digests never change (the blog post's summer)."""
BUSYBOX_PATHS = ("/bin/busybox", "/usr/bin/busybox")
BASH_PATHS = ("/bin/bash-static", "/usr/bin/bash-static")
PACKAGES_HINT = N_(
    "Install Debian's static binaries: `sudo apt-get install busybox-static bash-static`"
)

OS_RELEASE = """\
PRETTY_NAME="wintut lab stand-in for Ubuntu (busybox + bash, not Ubuntu)"
NAME="wintut lab stand-in for Ubuntu"
ID=wintut-lab-stand-in
ID_LIKE=ubuntu
VERSION="stand-in: built offline by `wintut lab up` from Debian's busybox-static and bash-static"
WINTUT_STAND_IN=1
"""

ProgressFn = Callable[[str], None]


def _find(paths: Iterable[str], what: str) -> Path:
    for candidate in paths:
        if Path(candidate).is_file():
            return Path(candidate)
    raise LabError(
        _("{what} is missing, so the ubuntu stand-in cannot be built. {fix}.").format(
            what=what, fix=_(PACKAGES_HINT)
        )
    )


def _applets(busybox: Path) -> list[str]:
    try:
        out = subprocess.run(
            [str(busybox), "--list"], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise LabError(
            _("{command} failed: {reason}. {fix}.").format(
                command=f"{busybox} --list", reason=exc, fix=_(PACKAGES_HINT)
            )
        ) from exc
    return sorted({a.strip() for a in out.stdout.split() if a.strip() and "/" not in a})


def _add(
    tar: tarfile.TarFile,
    name: str,
    *,
    data: bytes | None = None,
    mode: int = 0o644,
    kind: bytes = tarfile.REGTYPE,
    link: str = "",
) -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mode = mode
    info.mtime = 0
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.linkname = link
    if data is not None:
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    else:
        tar.addfile(info)


def ubuntu_rootfs() -> bytes:
    """The stand-in's root filesystem as an uncompressed tar (deterministic)."""
    busybox = _find(BUSYBOX_PATHS, "busybox-static (/bin/busybox)")
    bash = _find(BASH_PATHS, "bash-static (/bin/bash-static)")
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for directory in (
            "bin",
            "etc",
            "root",
            "tmp",
            "usr",
            "usr/bin",
            "usr/sbin",
            "sbin",
            "var",
            "proc",
            "sys",
            "dev",
            "home",
        ):
            _add(tar, directory, kind=tarfile.DIRTYPE, mode=0o1777 if directory == "tmp" else 0o755)
        _add(tar, "bin/busybox", data=busybox.read_bytes(), mode=0o755)
        _add(tar, "bin/bash", data=bash.read_bytes(), mode=0o755)
        for applet in _applets(busybox):
            if applet in ("busybox", "bash"):
                continue
            _add(tar, f"bin/{applet}", kind=tarfile.SYMTYPE, link="busybox", mode=0o777)
        _add(tar, "etc/os-release", data=OS_RELEASE.encode())
        _add(tar, "etc/passwd", data=b"root:x:0:0:root:/root:/bin/bash\n")
        _add(tar, "etc/group", data=b"root:x:0:\n")
        _add(tar, "etc/hostname", data=b"wintut-lab\n")
        _add(tar, "root/README-wintut-stand-in.txt", data=OS_RELEASE.encode())
    return out.getvalue()


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _image(
    *,
    os: str,
    layer_tar: bytes,
    image_labels: dict[str, str],
    os_version: str | None = None,
    container_config: dict[str, Any] | None = None,
    created_by: str,
) -> tuple[Blob, Blob, Blob]:
    """(config, layer, manifest) blobs of a one-layer image."""
    layer = Blob(_gzip(layer_tar), LAYER_GZIP)
    config: dict[str, Any] = {
        "architecture": "amd64",
        "os": os,
        "created": CREATED,
        "config": {**(container_config or {}), "Labels": image_labels},
        "rootfs": {
            "type": "layers",
            "diff_ids": ["sha256:" + hashlib.sha256(layer_tar).hexdigest()],
        },
        "history": [{"created": CREATED, "created_by": created_by}],
    }
    if os_version:
        config["os.version"] = os_version
    config_blob = Blob(json.dumps(config, sort_keys=True).encode(), CONFIG_V1)
    manifest = {
        "schemaVersion": 2,
        "mediaType": MANIFEST_V2,
        "config": config_blob.descriptor(),
        "layers": [layer.descriptor()],
    }
    return config_blob, layer, Blob(json.dumps(manifest, indent=3).encode(), MANIFEST_V2)


def _placeholder_tar(title: str) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.GNU_FORMAT) as tar:
        text = (
            f"wintut lab stand-in for {title}.\n"
            "This layer is a placeholder: the image only exists so that a Linux engine refuses\n"
            "it with the same message as the real Windows image.\n"
        )
        _add(tar, "Files/README-wintut-stand-in.txt", data=text.encode())
    return out.getvalue()


def _push_image(client: RegistryClient, repo: str, blobs: tuple[Blob, Blob, Blob]) -> Blob:
    config, layer, manifest = blobs
    client.push_blob(repo, layer)
    client.push_blob(repo, config)
    client.put_manifest(repo, manifest.digest, manifest)
    return manifest


def push_ubuntu(client: RegistryClient) -> str:
    """Build and push ``library/ubuntu:latest``; returns the manifest digest."""
    blobs = _image(
        os="linux",
        layer_tar=ubuntu_rootfs(),
        image_labels=labels(
            "Ubuntu (busybox + bash, not Ubuntu)",
            "built offline from Debian's busybox-static and bash-static by `wintut lab up`",
        ),
        container_config={
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
            "Cmd": ["/bin/bash"],
        },
        created_by="wintut lab: stand-in rootfs from Debian busybox-static + bash-static",
    )
    manifest = _push_image(client, UBUNTU_REPO, blobs)
    return client.put_manifest(UBUNTU_REPO, UBUNTU_TAG, manifest)


def _windows_image(ltsc: str, title: str, source: str) -> tuple[Blob, Blob, Blob]:
    build = BY_LTSC[ltsc]
    return _image(
        os="windows",
        os_version=build.os_version,
        layer_tar=_placeholder_tar(f"{title} ({ltsc})"),
        image_labels={
            **labels(f"{title} ({ltsc})", source),
            "org.wintut.os-version-source": build.source,
        },
        container_config={"Cmd": ["c:\\windows\\system32\\cmd.exe"]},
        created_by="wintut lab: placeholder layer (Windows-only stand-in)",
    )


def push_windows(client: RegistryClient, progress: ProgressFn | None = None) -> list[str]:
    """Push every Windows-only stand-in; returns ``repo:tag`` names pushed."""
    pushed = []
    for repo in WINDOWS_REPOS:
        images = {
            ltsc: _push_image(client, repo.repo, _windows_image(ltsc, repo.title, repo.source))
            for ltsc in sorted({ltsc for ltscs in repo.tags.values() for ltsc in ltscs})
        }
        for tag, ltscs in repo.tags.items():
            entries = [
                {
                    **images[ltsc].descriptor(),
                    "platform": {
                        "architecture": "amd64",
                        "os": "windows",
                        "os.version": BY_LTSC[ltsc].os_version,
                    },
                }
                for ltsc in ltscs
            ]
            listing = {"schemaVersion": 2, "mediaType": MANIFEST_LIST, "manifests": entries}
            client.put_manifest(
                repo.repo, tag, Blob(json.dumps(listing, indent=3).encode(), MANIFEST_LIST)
            )
            pushed.append(f"{repo.repo}:{tag}")
            if progress:
                progress(f"{repo.repo}:{tag}")
    for name, tag, ltsc, title in HUB_WINDOWS:
        manifest = _push_image(
            client, name, _windows_image(ltsc, title, "Docker Hub 2016 (the blog post's image)")
        )
        client.put_manifest(name, tag, manifest)
        pushed.append(f"{name}:{tag}")
        if progress:
            progress(f"{name}:{tag}")
    return pushed


def expected() -> list[tuple[str, str]]:
    """Every (repo, tag) the stand-ins provide."""
    found = [(UBUNTU_REPO, UBUNTU_TAG)]
    found += [(r.repo, tag) for r in WINDOWS_REPOS for tag in r.tags]
    found += [(name, tag) for name, tag, _ltsc, _title in HUB_WINDOWS]
    return found


def missing(client: RegistryClient) -> list[tuple[str, str]]:
    """The stand-ins the registry does not hold yet."""
    return [(repo, tag) for repo, tag in expected() if client.manifest_digest(repo, tag) is None]


def seed_standins(client: RegistryClient, progress: ProgressFn | None = None) -> list[str]:
    """Build and push every stand-in; returns what was pushed."""
    say = progress or (lambda line: None)
    say(_("building the ubuntu stand-in from busybox-static + bash-static"))
    push_ubuntu(client)
    say(f"{UBUNTU_REPO}:{UBUNTU_TAG}")
    return [f"{UBUNTU_REPO}:{UBUNTU_TAG}", *push_windows(client, progress)]
