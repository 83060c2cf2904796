"""The one image-reference parser: ``[REGISTRY/]PATH[:TAG][@DIGEST]``.

A first component counts as a registry when it holds a ``.`` or a ``:`` or is ``localhost``, as
in docker's own reference grammar (distribution/reference); everything else is Docker Hub, where
one-word names live under ``library/``.
"""

from __future__ import annotations

from dataclasses import dataclass

HUB = "docker.io"
_HUB_ALIASES = ("docker.io", "index.docker.io", "registry-1.docker.io")


@dataclass(frozen=True)
class Reference:
    """The parts of an image reference."""

    name: str
    """The reference as written, without tag or digest (``ubuntu``, ``host:5000/a/b``)."""
    registry: str
    """``docker.io`` for Docker Hub, else ``HOST[:PORT]``."""
    path: str
    """Repository path as the registry knows it (``library/ubuntu``, ``windows/nanoserver``)."""
    tag: str
    """``latest`` when neither a tag nor a digest was given."""
    digest: str = ""

    @property
    def short(self) -> str:
        """The repository as people write it: ``ubuntu``, ``microsoft/iis``,
        ``windows/nanoserver`` (no registry, tag or digest; no ``library/``)."""
        return self.path[len("library/") :] if self.path.startswith("library/") else self.path


def parse(ref: str) -> Reference:
    """Split ``ref`` into its parts (no network, no validation beyond the grammar)."""
    written, _, digest = ref.strip().partition("@")
    tag = ""
    if ":" in written.rsplit("/", 1)[-1]:
        written, tag = written.rsplit(":", 1)
    head, _, rest = written.partition("/")
    explicit = bool(rest) and ("." in head or ":" in head or head == "localhost")
    registry = HUB if not explicit or head in _HUB_ALIASES else head
    path = rest if explicit else written
    if registry == HUB and "/" not in path:
        path = f"library/{path}"
    return Reference(written, registry, path, tag or ("" if digest else "latest"), digest)


def split_tag(ref: str) -> tuple[str, str]:
    """``ubuntu`` -> (``ubuntu``, ``latest``); ``host:5000/a/b:t`` -> (``host:5000/a/b``, ``t``);
    ``a@sha256:…`` -> (``a``, ``sha256:…``): the two arguments of docker-py's ``pull``."""
    parsed = parse(ref)
    return parsed.name, parsed.digest or parsed.tag


def repository_of(ref: str) -> str:
    """``127.0.0.1:5380/library/ubuntu:22.04`` -> ``ubuntu``; ``mcr.microsoft.com/windows/
    nanoserver:ltsc2022`` -> ``windows/nanoserver``."""
    return parse(ref).short


def tag_of(ref: str) -> str:
    """The tag (``latest`` when none is written)."""
    return parse(ref).tag or "latest"


def normalize(ref: str) -> str:
    """``docker.io/library/ubuntu`` -> ``ubuntu:latest``; other registries keep their host."""
    parsed = parse(ref)
    name = parsed.short if parsed.registry == HUB else f"{parsed.registry}/{parsed.path}"
    return f"{name}@{parsed.digest}" if parsed.digest else f"{name}:{parsed.tag}"
