"""Step ``windows-engine``: switch to Windows containers (OSType windows).

On a Linux engine the check fails with how to switch on *this* host kind, or why it cannot.
The guidance is data (:data:`GUIDANCE`), each entry with its sources, from
shared/reference/engine-facts.md section 6:

- Microsoft, set-up-environment.md (ms.date 03/19/2025): "To switch the type after the
  installation finishes … Run … `& $Env:ProgramFiles\\Docker\\Docker\\DockerCli.exe
  -SwitchDaemon`"; prerequisites "Professional or Enterprise edition", "Hyper-V enabled".
- Docker, windows-install.md @00876ea80e16: "Select **Switch to Windows containers** to use
  Windows containers"; "To run Windows containers, you need Windows 10 or Windows 11
  Professional or Enterprise edition. Windows Home or Education editions only allow you to run
  Linux containers."; "Turn on Hyper-V and Containers Windows features."; Arm: "Windows
  containers are not supported."
- docker/docs data/desktop-cli/docker_desktop_engine_use.yaml @68ccbee8: `docker desktop engine
  use [MODE]`, "Switch between Windows and Linux containers (Windows only)"; the Desktop CLI is
  "available with Docker Desktop version 4.37 and later".
- docker/for-win#13157 (2023-01-10): on Windows 11 Home the switch cannot work, "Since Hyper-V
  is not available in any windows home edition…".
"""

from __future__ import annotations

from typing import Any

from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _
from wintut.results import CheckResult, Outcome
from wintut.steps.base import Shown, Step, Window, expect, sentences
from wintut.steps.common import host_of

SOURCES = {
    "microsoft": "MicrosoftDocs/Virtualization-Documentation …/quick-start/set-up-environment.md "
    "(ms.date 03/19/2025)",
    "docker": "docker/docs content/manuals/desktop/setup/install/windows-install.md @00876ea80e16",
    "desktop-cli": "docker/docs data/desktop-cli/docker_desktop_engine_use.yaml @68ccbee8",
    "home": "docker/for-win#13157 (2023-01-10)",
}

SWITCH = N_(
    "Switch Docker Desktop to Windows containers, in any one of three ways: right-click the "
    "Docker icon in the taskbar and choose “Switch to Windows containers”; or in PowerShell run "
    "`& $Env:ProgramFiles\\Docker\\Docker\\DockerCli.exe -SwitchDaemon`; or, with Docker Desktop "
    "4.37 or later, `docker desktop engine use windows`. Wait until the engine is running, then "
    "check again."
)
REQUIREMENTS = N_(
    "Windows containers need Windows 10 or 11 Pro or Enterprise with the Hyper-V and Containers "
    "features turned on, installed for all users; Docker documents Home and Education for "
    "Linux containers only (Home has no Hyper-V), and Windows on Arm has none."
)
NOT_WINDOWS = N_(
    "Windows containers need a Windows kernel, and this engine's machine is not Windows: "
    "use a Windows 10/11 Pro or Enterprise PC with Docker Desktop, or a Windows Server."
)
DERIVED = N_("(derived)")
"""Marks guidance worked out from the sources above rather than quoted from them."""

Guidance = tuple[bool, tuple[str, ...], tuple[str, ...]]
"""(can switch here, the sentences to say (each ``N_()``-marked, joined once translated),
source keys)."""

# host kind -> guidance
SENTENCES: dict[str, Guidance] = {
    "docker-desktop-wsl2": (
        True,
        (SWITCH, REQUIREMENTS),
        ("microsoft", "docker", "desktop-cli", "home"),
    ),
    "docker-desktop-hyperv": (
        True,
        (SWITCH, REQUIREMENTS),
        ("microsoft", "docker", "desktop-cli", "home"),
    ),
    "docker-for-windows-2016": (
        True,
        (
            N_(
                "This is the 2016 Docker for Windows beta; today's Docker Desktop switches with "
                "“Switch to Windows containers” in its menu or `DockerCli.exe -SwitchDaemon`."
            ),
            REQUIREMENTS,
        ),
        ("microsoft", "docker"),
    ),
    "docker-desktop-mac": (
        False,
        (N_("Docker Desktop for Mac runs Linux containers only."), NOT_WINDOWS, DERIVED),
        ("docker",),
    ),
    "orbstack": (
        False,
        (N_("OrbStack runs Linux containers on macOS."), NOT_WINDOWS, DERIVED),
        (),
    ),
    "colima": (False, (N_("Colima runs Linux containers on macOS."), NOT_WINDOWS, DERIVED), ()),
    "linux-native": (
        False,
        (N_("This engine runs on Linux and shares its kernel."), NOT_WINDOWS, DERIVED),
        (),
    ),
    "podman": (
        False,
        (
            N_(
                "Podman runs Linux containers (on Windows, in a WSL 2 machine) and has no Windows-"
                "containers mode."
            ),
            NOT_WINDOWS,
            DERIVED,
        ),
        (),
    ),
    "rancher-desktop": (
        False,
        (
            N_(
                "Rancher Desktop's engine here runs Linux containers in its VM. To run Windows "
                "containers use Docker Desktop's Windows mode on Windows 10/11 Pro or Enterprise."
            ),
            DERIVED,
        ),
        (),
    ),
}
WSL_OWN_ENGINE: Guidance = (
    False,
    (
        N_(
            "This engine runs inside a WSL 2 distribution of your own: it can only run Linux "
            "containers."
        ),
        N_("Install Docker Desktop and use its Windows mode:"),
        SWITCH,
        REQUIREMENTS,
    ),
    ("microsoft", "docker", "desktop-cli"),
)
UNKNOWN: Guidance = (
    False,
    (
        N_("wintut does not recognise this engine."),
        N_("If it is Docker Desktop on Windows:"),
        SWITCH,
        REQUIREMENTS,
    ),
    ("microsoft", "docker", "desktop-cli"),
)
GUIDANCE: dict[str, tuple[bool, str, tuple[str, ...]]] = {
    kind: (can_switch, " ".join(said), sources)
    for kind, (can_switch, said, sources) in SENTENCES.items()
}
"""The guidance for each host kind, in English (what the sources and tests read)."""


def guidance(kind: str, title: str = "") -> tuple[bool, str, tuple[str, ...]]:
    """``(can switch here, what to do or why not, source keys)`` for a host kind, in the
    learner's language."""
    if kind == "linux-native" and "WSL 2" in title:
        can_switch, said, sources = WSL_OWN_ENGINE
    else:
        can_switch, said, sources = SENTENCES.get(kind, UNKNOWN)
    return can_switch, sentences(*(_(sentence) for sentence in said)), sources


class WindowsEngine(Step):
    id = "windows-engine"
    title = Shown(N_("Switch to Windows containers"))
    notebook = "05-windows-containers"
    expected = expect(linux=Outcome.FAIL, windows=Outcome.PASS)
    """On a Linux engine the fail *is* the lesson: it carries the switch guidance."""

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        try:
            host = host_of(engine)
            info = engine.info()
        except EngineError as exc:
            return self.engine_error(exc)
        evidence: dict[str, Any] = {
            "os type": info.get("OSType"),
            "host kind": f"{host.kind} ({host.title})",
            "operating system": info.get("OperatingSystem"),
        }
        if engine.simulated:
            evidence["simulated"] = engine.simulated
        if engine.is_windows():
            evidence["kernel"] = info.get("KernelVersion")
            evidence["default isolation"] = info.get("Isolation")
            return self.result(
                Outcome.PASS,
                _("The engine runs Windows containers ({host}).").format(host=host.title),
                evidence=evidence,
            )
        can_switch, text, sources = guidance(host.kind, host.title)
        evidence["can switch here"] = _("yes") if can_switch else _("no")
        evidence["sources"] = [SOURCES[key] for key in sources]
        reason = (
            _(
                "The engine runs Linux containers; Docker Desktop can switch it to Windows "
                "containers."
            )
            if can_switch
            else _(
                "The engine runs Linux containers, and {host} cannot switch to Windows containers."
            ).format(host=host.title)
        )
        return self.result(Outcome.FAIL, reason, evidence=evidence, fix=text)
