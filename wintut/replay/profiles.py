"""Recorded host profiles (``assets/profiles/<id>.json``): loading, merging, validation.

A profile is data: the host's ``/version`` and ``/info``, the images it has, the outputs of the
commands recorded on it and the errors it really gives. Every value carries its source in the
file's ``sources`` map, keyed by path (keys joined with ``/``; a key covers everything below it).
A source is a citation from shared/reference/engine-facts.md or starts with ``derived``.

Three shared files complete each profile: ``_defaults.json`` (API fields docker-py and the docker
CLI read but no source shows), ``_registry.json`` (image platforms, the 2016 search listing) and
``_workloads.json`` (the long-lived runs Windows hosts replay: ``ping -t``, IIS).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from wintut.assets import Traversable, asset_path, files_in, stem
from wintut.refs import normalize as normalize_ref

PROFILE_IDS: tuple[str, ...] = (
    "docker-for-windows-2016",
    "windows-10-containers-2016",
    "windows-server-2016",
    "docker-desktop-wsl2",
    "docker-desktop-hyperv",
    "docker-desktop-windows-containers",
    "windows-server-2022",
    "docker-desktop-mac",
    "docker-engine-linux",
    "windows-11-24h2-windows-containers",
    "windows-server-2025",
)
"""The fixed profile ids (issues 5 and 10), in the course's order."""

ERROR_KINDS = (
    "windows-image-on-linux",
    "linux-image-on-windows",
    "newer-image",
    "process-isolation-mismatch",
)
REQUIRED = ("id", "title", "summary", "client_os", "version", "info", "images", "commands")
REQUIRED_INFO = ("ServerVersion", "KernelVersion", "OperatingSystem", "OSType", "Architecture")
REQUIRED_VERSION = ("Version", "ApiVersion", "Os", "Arch", "KernelVersion")

# A citation names an issue (owner/repo#N), a file at a commit, a named file, the seed or the
# weaker "unattributed public file"; anything else must say it is derived.
_CITATION = re.compile(
    r"[\w.-]+/[\w.-]+#\d+|@[0-9a-f]{7,}|seed 000_|unattributed public file|"
    r"\.(md|go|sh|yaml|py)\b|engine-facts\.md"
)


def profiles_dir() -> Traversable:
    return asset_path("profiles")


def list_profiles() -> list[str]:
    """Ids of the profiles on disk, fixed ones first."""
    found = {stem(p) for p in files_in(profiles_dir(), ".json") if not p.name.startswith("_")}
    return [p for p in PROFILE_IDS if p in found] + sorted(found - set(PROFILE_IDS))


def leaves(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf value with its path (keys and list indexes joined with ``/``)."""
    if isinstance(data, Mapping) and data:
        for key, value in data.items():
            yield from leaves(value, f"{prefix}/{key}")
    elif isinstance(data, list) and data:
        for index, value in enumerate(data):
            yield from leaves(value, f"{prefix}/{index}")
    else:
        yield prefix, data


def source_for(path: str, sources: Mapping[str, str]) -> str | None:
    """The source covering ``path``: its own entry or its nearest ancestor's."""
    probe = path
    while probe:
        if probe in sources:
            return sources[probe]
        probe = probe.rsplit("/", 1)[0]
    return None


def check_sources(data: Mapping[str, Any]) -> list[str]:
    """Problems with a profile file's sources: uncovered leaves and sources that cite nothing."""
    sources = data.get("sources")
    if not isinstance(sources, Mapping):
        return ["no sources map"]
    problems = []
    body = {k: v for k, v in data.items() if k != "sources"}
    for path, _value in leaves(body):
        if source_for(path, sources) is None:
            problems.append(f"{path}: no source (cite one, or mark it derived)")
    for path, text in sources.items():
        if not isinstance(text, str) or not text.strip():
            problems.append(f"sources {path}: empty")
        elif not text.startswith("derived") and not _CITATION.search(text):
            problems.append(f"sources {path}: {text!r} cites nothing and is not marked derived")
    return problems


def check_profile(data: Mapping[str, Any], registry: Mapping[str, Any]) -> list[str]:
    """Everything wrong with one profile file (empty when it is fine)."""
    problems = [f"missing {key}" for key in REQUIRED if key not in data]
    if problems:
        return problems
    problems += check_sources(data)
    info, version = data["info"], data["version"]
    problems += [f"/info/{k} missing" for k in REQUIRED_INFO if k not in info]
    problems += [f"/version/{k} missing" for k in REQUIRED_VERSION if k not in version]
    if info.get("OSType") != version.get("Os"):
        problems.append("/info/OSType and /version/Os differ")
    images = registry.get("images", {})
    for item in data["images"]:
        if normalize_ref(item.get("ref", "")) not in images:
            problems.append(f"/images: {item.get('ref')} is not in _registry.json")
    for ref, error in (data.get("pull_errors") or {}).items():
        if error.get("kind") not in ERROR_KINDS:
            problems.append(f"/pull_errors/{ref}: unknown kind {error.get('kind')!r}")
    for index, error in enumerate(data.get("run_errors") or []):
        if error.get("kind") not in ERROR_KINDS or error.get("at") not in ("create", "start"):
            problems.append(f"/run_errors/{index}: needs a known kind and at=create|start")
    for index, command in enumerate(data["commands"]):
        if not {"images", "command", "output"} <= set(command):
            problems.append(f"/commands/{index}: needs images, command and output")
    return problems


@dataclass(frozen=True)
class Profile:
    """One recorded host, merged with the shared defaults and registry."""

    id: str
    title: str
    summary: str
    client_os: str
    version: dict[str, Any]
    info: dict[str, Any]
    images: list[dict[str, Any]]
    commands: list[dict[str, Any]]
    pull_errors: dict[str, dict[str, Any]]
    run_errors: list[dict[str, Any]]
    search_terms: list[str]
    registry: dict[str, dict[str, Any]]
    search: dict[str, list[dict[str, Any]]]
    sources: dict[str, str] = field(default_factory=dict)
    """Every recorded value's source, by path; merged from the profile and the shared files."""
    workloads: list[dict[str, Any]] = field(default_factory=list)
    """Long-lived runs (``_workloads.json``): they keep running until stopped."""
    top_titles: list[str] = field(default_factory=list)

    @property
    def os_type(self) -> str:
        return str(self.info.get("OSType") or "linux")

    @property
    def arch(self) -> str:
        return str(self.version.get("Arch") or "amd64")

    @property
    def default_isolation(self) -> str:
        """``hyperv`` or ``process`` on Windows engines, ``default`` on Linux ones."""
        return str(self.info.get("Isolation") or "default")

    @property
    def windows_build(self) -> int | None:
        match = re.match(r"10\.0 (\d+)", str(self.info.get("KernelVersion") or ""))
        return int(match.group(1)) if match else None

    def source(self, path: str) -> str | None:
        """Where the value at ``path`` (e.g. ``/info/KernelVersion``) comes from."""
        return source_for(path, self.sources)

    def command(self, image: str, command: str) -> dict[str, Any] | None:
        """The recorded run of ``command`` in ``image``, or ``None`` if none was recorded."""
        for item in self.commands:
            if item["command"] == command and image in item["images"]:
                return item
        return None

    def platform_for(self, ref: str) -> dict[str, Any] | None:
        """The registry platform this host would pull for ``ref`` (``None``: none fits)."""
        entry = self.registry.get(ref)
        if entry is None:
            return None
        host_os, build = self.os_type, self.windows_build
        for platform in entry["platforms"]:
            if platform.get("os") != host_os:
                continue
            if host_os == "windows" and build is not None:
                image_build = int(str(platform.get("os.version", "10.0.0")).split(".")[2])
                if image_build > build:
                    continue  # a newer Windows image cannot be pulled (pull_v2_windows.go)
            elif platform.get("architecture") != self.arch:
                continue
            return dict(platform)
        return None

    def workload(self, command: str) -> dict[str, Any] | None:
        """The long-lived run recorded for ``command`` on this kind of host, or ``None``."""
        if self.os_type != "windows":
            return None  # derived: the recordings are Windows hosts' (ping -t, IIS)
        return next((w for w in self.workloads if command in w["commands"]), None)

    def run_error(self, image: str, isolation: str, at: str) -> dict[str, Any] | None:
        for error in self.run_errors:
            if (
                error.get("at") == at
                and error.get("image") in ("*", image)
                and error.get("isolation", isolation) == isolation
            ):
                return error
        return None


def _read(name: str) -> dict[str, Any]:
    path = profiles_dir() / f"{name}.json"
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a JSON object")
    return data


def read_raw(profile_id: str) -> dict[str, Any]:
    """A profile file as stored (no defaults merged)."""
    if profile_id not in list_profiles():
        known = ", ".join(list_profiles())
        raise KeyError(f"no simulated host profile {profile_id!r}; known profiles: {known}")
    return _read(profile_id)


@cache
def _shared() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    return _read("_defaults"), _read("_registry"), _read("_workloads")


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    merged.update(copy.deepcopy(dict(over)))
    return merged


def load(profile_id: str) -> Profile:
    """Load, check and merge one profile.

    Raises:
        KeyError: no such profile.
        ValueError: the profile file breaks the rules (see :func:`check_profile`).
    """
    data = read_raw(profile_id)
    defaults, registry, workloads = _shared()
    problems = check_profile(data, registry)
    if problems:
        raise ValueError(f"profile {profile_id}: " + "; ".join(problems))
    sources: dict[str, str] = {}
    for path, text in defaults["sources"].items():
        sources[path] = text
    for path, text in registry["sources"].items():
        sources[f"/registry{path}"] = text
    for path, text in workloads["sources"].items():
        sources[f"/workloads{path}"] = text
    sources.update(data["sources"])
    return Profile(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        client_os=data["client_os"],
        version=_merge(defaults["version"], data["version"]),
        info=_merge(defaults["info"], data["info"]),
        images=list(data["images"]),
        commands=list(data["commands"]),
        pull_errors={normalize_ref(k): v for k, v in (data.get("pull_errors") or {}).items()},
        run_errors=list(data.get("run_errors") or []),
        search_terms=list(data.get("search_terms") or []),
        registry=copy.deepcopy(registry["images"]),
        search=copy.deepcopy(registry["search"]),
        sources=sources,
        workloads=copy.deepcopy(workloads["workloads"]),
        top_titles=list(workloads["top_titles"]),
    )


def sources_table(profile: Profile) -> list[tuple[str, str]]:
    """(path, source) for every value the profile itself records, in file order."""
    data = read_raw(profile.id)
    body = {k: v for k, v in data.items() if k != "sources"}
    return [(path, profile.source(path) or "?") for path, _ in leaves(body)]
