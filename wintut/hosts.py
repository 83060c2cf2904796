"""What kind of host an engine is, and where the kernel its containers see comes from.

The kind is read from ``/info`` (``OSType``, ``OperatingSystem``, ``KernelVersion``, ``Name``,
``Isolation``, ``Labels``), ``/version`` (``Platform.Name``, ``Components``) and, when known, the
kernel string a container printed and the operating system of the client (the machine wintut runs
on). The rules follow the sourced outputs in shared/reference/engine-facts.md, section 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wintut.i18n import N_, _

KINDS: dict[str, tuple[str, str]] = {
    "docker-desktop-wsl2": (
        N_("Docker Desktop (WSL 2 backend)"),
        N_(
            "Containers see the Linux kernel of the WSL 2 virtual machine that Docker Desktop runs "
            "under Windows, not Windows itself."
        ),
    ),
    "docker-desktop-hyperv": (
        N_("Docker Desktop (Hyper-V backend)"),
        N_(
            "Containers see the LinuxKit kernel of the Linux VM that Docker Desktop runs in "
            "Hyper-V."
        ),
    ),
    "docker-for-windows-2016": (
        N_("Docker for Windows beta (2016, MobyLinuxVM)"),
        N_(
            "Containers see the 4.4.x-moby kernel of MobyLinuxVM, the Linux VM Docker for Windows "
            "booted in Hyper-V from mobylinux.iso."
        ),
    ),
    "docker-desktop-mac": (
        N_("Docker Desktop for Mac"),
        N_("Containers see the LinuxKit kernel of the Linux VM that Docker Desktop runs on macOS."),
    ),
    "windows-client-containers": (
        N_("Windows 10/11 in Windows-containers mode"),
        N_(
            "Windows containers here run with Hyper-V isolation by default: each gets a small VM "
            "with its own Windows kernel."
        ),
    ),
    "windows-server": (
        N_("Windows Server"),
        N_(
            "Windows containers here use process isolation by default: they share the host's "
            "Windows kernel, so image and host builds must match."
        ),
    ),
    "linux-native": (
        N_("Docker Engine on Linux"),
        N_("Containers share the host's own Linux kernel: there is no VM in between."),
    ),
    "rancher-desktop": (
        N_("Rancher Desktop"),
        N_(
            "Containers see the kernel of the Linux VM that Rancher Desktop runs (a WSL 2 "
            "distribution on Windows, a Lima VM on macOS)."
        ),
    ),
    "orbstack": (
        N_("OrbStack"),
        N_("Containers see the kernel of OrbStack's lightweight Linux VM on macOS."),
    ),
    "podman": (
        N_("Podman (Docker-compatible API)"),
        N_(
            "Containers see the kernel of the Linux machine Podman runs on: the host on Linux, the "
            "podman machine VM on Windows and macOS."
        ),
    ),
    "colima": (
        N_("Colima"),
        N_("Containers see the Ubuntu kernel of the Lima VM that Colima runs on macOS."),
    ),
    "unknown": (
        N_("an engine wintut does not recognise"),
        N_(
            "wintut cannot tell where this engine's kernel comes from; the raw values are shown "
            "below."
        ),
    ),
}

_WSL2 = re.compile(r"microsoft-standard-WSL2", re.IGNORECASE)
_LINUXKIT = re.compile(r"-linuxkit\b", re.IGNORECASE)
_MOBY = re.compile(r"-moby\b", re.IGNORECASE)
_WINDOWS_KERNEL = re.compile(r"^10\.0 (\d+)")


@dataclass(frozen=True)
class Host:
    """The kind of host an engine runs on."""

    kind: str
    """One of :data:`KINDS`."""
    title: str
    explanation: str
    """One sentence: where the kernel a container sees comes from."""
    reasons: tuple[str, ...] = ()
    """Which values led to the kind, for the curious."""
    raw: dict[str, Any] = field(default_factory=dict)
    """The values read, shown as they are (always for ``unknown``)."""

    @property
    def windows_build(self) -> int | None:
        """The Windows build number for Windows engines (``10.0 20348 (…)`` -> 20348)."""
        match = _WINDOWS_KERNEL.match(str(self.raw.get("KernelVersion") or ""))
        return int(match.group(1)) if match else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "explanation": self.explanation,
            "reasons": list(self.reasons),
            "raw": self.raw,
        }


def _make(kind: str, reasons: list[str], raw: dict[str, Any]) -> Host:
    title, explanation = KINDS[kind]
    return Host(kind, _(title), _(explanation), tuple(reasons), raw)


def _labels(info: Mapping[str, Any]) -> list[str]:
    labels = info.get("Labels") or []
    return [str(x) for x in labels] if isinstance(labels, list) else []


def detect(
    info: Mapping[str, Any] | None,
    version: Mapping[str, Any] | None = None,
    *,
    kernel: str | None = None,
    client_os: str | None = None,
) -> Host:
    """Name the kind of host.

    Args:
        info: the engine's ``/info``.
        version: the engine's ``/version``.
        kernel: a kernel string a container printed (``uname -r`` or ``uname -a``), if known.
        client_os: ``windows``, ``darwin`` or ``linux``: where the docker client runs, if known.

    Never raises: values it cannot place give ``unknown`` with the raw values kept.
    """
    info = info if isinstance(info, Mapping) else {}
    version = version if isinstance(version, Mapping) else {}
    text = lambda value: value if isinstance(value, str) else ""  # noqa: E731
    os_type = text(info.get("OSType") or version.get("Os")).lower()
    operating_system = text(info.get("OperatingSystem"))
    kernel_version = text(info.get("KernelVersion") or version.get("KernelVersion"))
    name = text(info.get("Name"))
    platform = version.get("Platform")
    platform_name = text(platform.get("Name")) if isinstance(platform, Mapping) else ""
    components = version.get("Components")
    component_names = (
        [text(c.get("Name")) for c in components if isinstance(c, Mapping)]
        if isinstance(components, list)
        else []
    )
    kernel_seen = " ".join(x for x in (kernel_version, text(kernel)) if x)
    labels = _labels(info)
    raw = {
        "OSType": os_type or None,
        "OperatingSystem": operating_system or None,
        "KernelVersion": kernel_version or None,
        "Name": name or None,
        "Platform.Name": platform_name or None,
        "Isolation": info.get("Isolation"),
        "kernel (container)": kernel or None,
        "client OS": client_os,
    }
    raw = {k: v for k, v in raw.items() if v}
    reasons: list[str] = []

    if os_type == "windows":
        isolation = text(info.get("Isolation")).lower()
        if "server" in operating_system.lower():
            reasons.append(f"OperatingSystem “{operating_system}” names a Windows Server")
            return _make("windows-server", reasons, raw)
        if operating_system or isolation:
            if isolation == "process" and not operating_system:
                reasons.append("Isolation is process, the Windows Server default")
                return _make("windows-server", reasons, raw)
            reasons.append(
                f"OSType windows and OperatingSystem “{operating_system or '?'}” is a client SKU"
            )
            return _make("windows-client-containers", reasons, raw)
        return _make("unknown", ["OSType windows but no OperatingSystem"], raw)

    if os_type not in ("linux", ""):
        return _make("unknown", [f"OSType {os_type!r} is neither linux nor windows"], raw)

    lowered_os = operating_system.lower()
    if "podman" in platform_name.lower() or any("podman" in c.lower() for c in component_names):
        reasons.append("the engine names itself Podman in /version")
        return _make("podman", reasons, raw)
    if "orbstack" in kernel_seen.lower() or lowered_os.startswith("orbstack") or name == "orbstack":
        reasons.append("the kernel or OperatingSystem names OrbStack")
        return _make("orbstack", reasons, raw)
    if "rancher desktop" in lowered_os:
        reasons.append(f"OperatingSystem is “{operating_system}”")
        return _make("rancher-desktop", reasons, raw)
    if name == "colima" or "colima" in lowered_os:
        reasons.append("the engine's host name is colima")
        return _make("colima", reasons, raw)
    if _MOBY.search(kernel_seen):
        reasons.append(f"a -moby kernel ({kernel_seen.split()[0]}) is the 2016 MobyLinuxVM's")
        return _make("docker-for-windows-2016", reasons, raw)
    desktop = "docker desktop" in lowered_os or "docker desktop" in platform_name.lower()
    if _WSL2.search(kernel_seen):
        reasons.append("the kernel is a WSL 2 kernel (…-microsoft-standard-WSL2)")
        if desktop or name == "docker-desktop":
            reasons.append("and the engine is Docker Desktop's")
            return _make("docker-desktop-wsl2", reasons, raw)
        reasons.append("and the engine runs in a WSL 2 distribution of your own")
        host = _make("linux-native", reasons, raw)
        return Host(
            host.kind,
            _("Docker Engine inside a WSL 2 distribution"),
            _(
                "Containers see the WSL 2 virtual machine's Linux kernel, which the engine's "
                "distribution shares."
            ),
            host.reasons,
            raw,
        )
    if _LINUXKIT.search(kernel_seen) or desktop or "docker for" in lowered_os:
        reasons.append("the kernel is LinuxKit's or the engine is Docker Desktop's")
        desktop_address = next((x for x in labels if "com.docker.desktop.address" in x), "")
        architecture = text(info.get("Architecture")).lower()
        if "docker for windows" in lowered_os or "npipe:" in desktop_address:
            reasons.append("the engine is Docker for Windows / its address is a named pipe")
            return _make("docker-desktop-hyperv", reasons, raw)
        if "docker for mac" in lowered_os or desktop_address.startswith(
            "com.docker.desktop.address=unix:"
        ):
            reasons.append("the engine's Docker Desktop address is a unix socket (macOS)")
            return _make("docker-desktop-mac", reasons, raw)
        if client_os == "windows":
            reasons.append("the client runs on Windows")
            return _make("docker-desktop-hyperv", reasons, raw)
        if client_os == "darwin" or architecture in ("aarch64", "arm64"):
            reasons.append("the client runs on macOS" if client_os else "the VM is arm64")
            return _make("docker-desktop-mac", reasons, raw)
        return _make("unknown", [*reasons, "but nothing says whether it is Windows or a Mac"], raw)
    if os_type == "linux" and operating_system and kernel_version:
        reasons.append(
            f"OSType linux, OperatingSystem “{operating_system}”, kernel {kernel_version}: "
            "no VM product named"
        )
        return _make("linux-native", reasons, raw)
    return _make("unknown", ["not enough values to tell"], raw)
