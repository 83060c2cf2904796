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
from wintut.i18n import N_, _

LINUX_VM = {
    "docker-desktop-wsl2": (N_("the WSL 2 virtual machine"), "Windows 10/11"),
    "docker-desktop-hyperv": (N_("DockerDesktopVM, a LinuxKit VM in Hyper-V"), "Windows 10/11"),
    "docker-for-windows-2016": (N_("MobyLinuxVM, in Hyper-V (2016)"), "Windows 10"),
    "docker-desktop-mac": (N_("Docker Desktop's LinuxKit VM"), "macOS"),
    "rancher-desktop": (N_("Rancher Desktop's Linux VM"), N_("Windows or macOS")),
    "orbstack": (N_("OrbStack's Linux VM"), "macOS"),
    "colima": (N_("Colima's Lima VM (Ubuntu)"), "macOS"),
}
"""Host kinds whose Linux containers use a VM's kernel: (the VM, the host system), marked for
translation and translated when drawn."""

USED = N_("★ the kernel your containers use")


def layers(host: Host) -> dict[str, str] | None:
    """The words and classes of each layer for ``host``; ``None`` when the kind is unknown."""
    kernel = str(host.raw.get("KernelVersion") or "?")
    used = _(USED)
    engine = _("dockerd and your containers (no kernel of their own)")
    if host.kind in LINUX_VM or (host.kind == "linux-native" and "wsl2" in kernel.lower()):
        vm, system = LINUX_VM.get(host.kind, LINUX_VM["docker-desktop-wsl2"])
        return {
            "top_label": engine,
            "top_note": _("Linux containers, such as ubuntu"),
            "middle_label": _("Linux kernel {kernel}").format(kernel=kernel),
            "middle_note": _("{used}, inside {vm}").format(used=used, vm=_(vm)),
            "middle_class": "used",
            "host_label": _("{system} and its own kernel").format(system=_(system)),
            "host_note": _("not the containers' kernel"),
            "host_class": "plain",
        }
    if host.kind in ("linux-native", "podman"):
        return {
            "top_label": engine,
            "top_note": _("Linux containers share the host's kernel directly"),
            "middle_label": _("no virtual machine"),
            "middle_note": _("nothing between the containers and the host"),
            "middle_class": "none",
            "host_label": _("Linux kernel {kernel}").format(kernel=kernel),
            "host_note": _("{used}: your machine's own").format(used=used),
            "host_class": "used",
        }
    if host.kind == "windows-server":
        return {
            "top_label": _("dockerd and your Windows containers"),
            "top_note": _("process isolation (the default here)"),
            "middle_label": _("no virtual machine with process isolation"),
            "middle_note": _("with --isolation=hyperv each container gets a utility VM instead"),
            "middle_class": "none",
            "host_label": _("Windows Server kernel {kernel}").format(kernel=kernel),
            "host_note": _("{used}, shared: image and host builds must match").format(used=used),
            "host_class": "used",
        }
    if host.kind == "windows-client-containers":
        return {
            "top_label": _("dockerd and your Windows containers"),
            "top_note": _("Hyper-V isolation (the default here)"),
            "middle_label": _("a utility VM per container, each with its own Windows kernel"),
            "middle_note": _("{used}: so an image older than the host can run").format(used=used),
            "middle_class": "used vm",
            "host_label": _("Windows 10/11, kernel {kernel}").format(kernel=kernel),
            "host_note": _("the host's kernel: not the containers'"),
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
        "title": _("Your host: {host}").format(host=host.title),
        "subtitle": host.explanation,
        "used_line": _("★ {kernel}: the kernel your containers use.").format(kernel=used),
        "mark_line": _("⚠ {mark}: a recording, not your own engine").format(mark=mark)
        if mark
        else "",
        "hardware": _("Hardware (your computer)"),
    }
    values["desc"] = _(
        "{title}. From top to bottom: {top}; {middle}, {middle_note}; {host}, {host_note}; "
        "the hardware. {used_line}"
    ).format(
        title=values["title"],
        top=found["top_label"],
        middle=found["middle_label"],
        middle_note=found["middle_note"],
        host=found["host_label"],
        host_note=found["host_note"],
        used_line=values["used_line"],
    )
    template = Template(asset_path("diagrams", "your-host.svg.template").read_text("utf-8"))
    return template.substitute({k: escape(v, {'"': "&quot;"}) for k, v in values.items()})
