"""The layers under a container on the learner's own host, as an SVG.

Drawn from the host kind the doctor found (:mod:`wintut.hosts`): four layers (containers and
engine, what sits between them and the host, the host's kernel, the hardware), with the kernel
the containers use highlighted by a thick border and named in words (never by colour alone).
The picture is ``assets/diagrams/your-host.svg.template``; every value put into it is
XML-escaped, since the kernel string and names come from the engine.
"""

from __future__ import annotations

from string import Template
from xml.sax.saxutils import escape

from wintut.assets import asset_path
from wintut.hosts import Host

LINUX_VM = {
    "docker-desktop-wsl2": ("the WSL 2 virtual machine", "Windows 10/11"),
    "docker-desktop-hyperv": ("DockerDesktopVM, a LinuxKit VM in Hyper-V", "Windows 10/11"),
    "docker-for-windows-2016": ("MobyLinuxVM, in Hyper-V (2016)", "Windows 10"),
    "docker-desktop-mac": ("Docker Desktop's LinuxKit VM", "macOS"),
    "rancher-desktop": ("Rancher Desktop's Linux VM", "Windows or macOS"),
    "orbstack": ("OrbStack's Linux VM", "macOS"),
    "colima": ("Colima's Lima VM (Ubuntu)", "macOS"),
}
"""Host kinds whose Linux containers use a VM's kernel: (the VM, the host system)."""

USED = "★ the kernel your containers use"


def layers(host: Host) -> dict[str, str] | None:
    """The words and classes of each layer for ``host``; ``None`` when the kind is unknown."""
    kernel = str(host.raw.get("KernelVersion") or "?")
    engine = "dockerd and your containers (no kernel of their own)"
    if host.kind in LINUX_VM or (host.kind == "linux-native" and "wsl2" in kernel.lower()):
        vm, system = LINUX_VM.get(host.kind, ("the WSL 2 virtual machine", "Windows 10/11"))
        return {
            "top_label": engine,
            "top_note": "Linux containers, such as ubuntu",
            "middle_label": f"Linux kernel {kernel}",
            "middle_note": f"{USED}, inside {vm}",
            "middle_class": "used",
            "host_label": f"{system} and its own kernel",
            "host_note": "not the containers' kernel",
            "host_class": "plain",
        }
    if host.kind in ("linux-native", "podman"):
        return {
            "top_label": engine,
            "top_note": "Linux containers share the host's kernel directly",
            "middle_label": "no virtual machine",
            "middle_note": "nothing between the containers and the host",
            "middle_class": "none",
            "host_label": f"Linux kernel {kernel}",
            "host_note": f"{USED}: your machine's own",
            "host_class": "used",
        }
    if host.kind == "windows-server":
        return {
            "top_label": "dockerd and your Windows containers",
            "top_note": "process isolation (the default here)",
            "middle_label": "no virtual machine with process isolation",
            "middle_note": "with --isolation=hyperv each container gets a utility VM instead",
            "middle_class": "none",
            "host_label": f"Windows Server kernel {kernel}",
            "host_note": f"{USED}, shared: image and host builds must match",
            "host_class": "used",
        }
    if host.kind == "windows-client-containers":
        return {
            "top_label": "dockerd and your Windows containers",
            "top_note": "Hyper-V isolation (the default here)",
            "middle_label": "a utility VM per container, each with its own Windows kernel",
            "middle_note": f"{USED}: so an image older than the host can run",
            "middle_class": "used vm",
            "host_label": f"Windows 10/11, kernel {kernel}",
            "host_note": "the host's kernel: not the containers'",
            "host_class": "plain",
        }
    return None


def host_svg(host: Host, mark: str = "") -> str | None:
    """The SVG of ``host``'s layers (``None`` for a kind wintut cannot draw)."""
    found = layers(host)
    if found is None:
        return None
    in_middle = found["middle_class"].startswith("used")
    used = found["middle_label"] if in_middle else found["host_label"]
    used = used[0].upper() + used[1:]
    values = {
        **found,
        "title": f"Your host: {host.title}",
        "subtitle": host.explanation,
        "used_line": f"★ {used}: the kernel your containers use.",
        "mark_line": f"⚠ {mark}: a recording, not your own engine" if mark else "",
    }
    values["desc"] = (
        f"{values['title']}. From top to bottom: {found['top_label']}; {found['middle_label']}, "
        f"{found['middle_note']}; {found['host_label']}, {found['host_note']}; the hardware. "
        f"{values['used_line']}"
    )
    template = Template(asset_path("diagrams", "your-host.svg.template").read_text("utf-8"))
    return template.substitute({k: escape(v, {'"': "&quot;"}) for k, v in values.items()})
