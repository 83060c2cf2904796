"""`wintut doctor` and ``wintut.doctor()``: is this machine ready for the course?

(Not named ``doctor.py``: importing a submodule ``wintut.doctor`` would replace the
``wintut.doctor()`` function that notebooks call.)

It gathers the Python side (package versions, the JupyterLab widget extension that must match
ipywidgets) and the engine side (endpoint, reachability, version, OS type, kernel, host kind),
and lists the problems found, each with a one-line fix. The CLI and notebook 00 both show a
:class:`Report`; neither decides anything on its own.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from wintut.columns import after, pad
from wintut.engine import Engine, EngineStatus
from wintut.errors import Problem
from wintut.hosts import Host, detect
from wintut.i18n import _
from wintut.paths import client_os

PACKAGES = (
    "wintut",
    "docker",
    "ipywidgets",
    "jupyterlab_widgets",
    "jupyterlab",
    "ipykernel",
    "markdown-it-py",
    "platformdirs",
)
WIDGET_EXTENSION = "@jupyter-widgets/jupyterlab-manager"
# ipywidgets major -> (jupyterlab_widgets major, lab extension major) that serve it
_WIDGET_PAIRS = {8: (3, 5), 7: (1, 3)}


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _major(version: str | None) -> int | None:
    try:
        return int(str(version).split(".")[0])
    except ValueError:
        return None


def widget_extension_version() -> str | None:
    """Version of the JupyterLab widget manager extension the front end would load."""
    try:
        from jupyter_core.paths import jupyter_path

        roots = [Path(p) for p in jupyter_path("labextensions")]
    except ImportError:
        roots = [Path(sys.prefix) / "share" / "jupyter" / "labextensions"]
    for root in roots:
        package = root / WIDGET_EXTENSION / "package.json"
        try:
            return str(json.loads(package.read_text(encoding="utf-8"))["version"])
        except (OSError, ValueError, KeyError):
            continue
    return None


def widget_problems(versions: dict[str, str | None], extension: str | None) -> list[Problem]:
    """The classic "Error displaying widget: model not found" trap, caught before it bites."""
    ipywidgets = versions.get("ipywidgets")
    if ipywidgets is None:
        return [
            Problem(
                "widgets-missing",
                _("ipywidgets is not installed, so the course's checks show as plain text only."),
                _("Run `pip install 'ipywidgets>=8'` (or `make lab`), then restart JupyterLab."),
                blocking=False,
            )
        ]
    wanted = _WIDGET_PAIRS.get(_major(ipywidgets) or 0)
    if wanted is None:
        return []
    lab_widgets = versions.get("jupyterlab_widgets")
    if _major(lab_widgets) != wanted[0] or _major(extension) != wanted[1]:
        return [
            Problem(
                "widget-extension-mismatch",
                _(
                    "ipywidgets {ipywidgets} needs jupyterlab_widgets {major}.x and its front-end "
                    "extension {extension_name} {extension_major}.x; found {found_widgets} and "
                    "{found_extension} (widgets would say “model not found”)."
                ).format(
                    ipywidgets=ipywidgets,
                    major=wanted[0],
                    extension_name=WIDGET_EXTENSION,
                    extension_major=wanted[1],
                    found_widgets=lab_widgets or _("none"),
                    found_extension=extension or _("none"),
                ),
                _(
                    "Run `{command}` in the environment that runs JupyterLab, then restart "
                    "JupyterLab."
                ).format(command=f"pip install 'jupyterlab_widgets>={wanted[0]},<{wanted[0] + 1}'"),
                blocking=False,
            )
        ]
    return []


def mode_problems(status: EngineStatus) -> list[Problem]:
    """Warn when the engine is in Windows mode: notebooks 01-04 start with Linux containers."""
    if status.reachable and status.is_windows:
        return [
            Problem(
                "engine-windows-mode",
                _(
                    "Your engine runs Windows containers; notebooks 01-04 start with Linux "
                    "containers."
                ),
                _(
                    "Choose “Switch to Linux containers” in the Docker Desktop menu (or run "
                    "`docker desktop engine use linux`), then re-run this check."
                ),
                blocking=False,
            )
        ]
    return []


def pywin32_problems(endpoint_url: str, platform: str = sys.platform) -> list[Problem]:
    """docker-py reaches Windows named pipes through pywin32; a broken install fails late."""
    if platform != "win32" or not endpoint_url.startswith("npipe:"):
        return []
    try:
        import win32file  # noqa: F401
    except ImportError as exc:
        return [
            Problem(
                "pywin32-missing",
                _(
                    "docker-py needs pywin32 to open the Windows named pipe, and it is missing or "
                    "broken."
                ),
                _(
                    "Run `pip install --force-reinstall pywin32` in this environment, then "
                    "restart the kernel."
                ),
                detail=repr(exc),
            )
        ]
    return []


def registry_mirrors(status: EngineStatus) -> list[str]:
    """The engine's Docker Hub mirrors (``/info`` RegistryConfig.Mirrors)."""
    mirrors = (status.info.get("RegistryConfig") or {}).get("Mirrors") or []
    return [str(m) for m in mirrors]


def uses_lab_mirror(status: EngineStatus, lab: str | None) -> bool:
    """True when one of the engine's mirrors is the lab registry ``lab`` (``HOST:PORT``)."""
    return bool(lab) and any(
        m.rstrip("/").split("://", 1)[-1] == lab for m in registry_mirrors(status)
    )


def lab_problems(status: EngineStatus, lab: str | None) -> list[Problem]:
    """Warn when this machine's lab runs but the engine does not pull through it."""
    if not (status.reachable and lab) or uses_lab_mirror(status, lab):
        return []
    return [
        Problem(
            "lab-mirror-missing",
            _(
                "The wintut lab runs at {lab}, but the engine does not use it as its Docker Hub "
                "mirror, so `docker pull ubuntu` goes to the internet."
            ).format(lab=lab),
            _(
                "Add {setting} to daemon.json and restart the engine (`wintut lab status` prints "
                "the lines)."
            ).format(setting=f'"registry-mirrors": ["http://{lab}"]'),
            blocking=False,
        )
    ]


def simulation_offer(status: EngineStatus, suggest: str) -> list[Problem]:
    """No engine answers: offer a simulated host (``suggest``: one of this kind of machine), so
    the course can still be followed."""
    if status.reachable:
        return []
    return [
        Problem(
            "simulated-host-available",
            _("No Docker engine? You can follow the course on a simulated (recorded) host."),
            _(
                'In a notebook run `wintut.simulate("{profile}")`, or in a shell '
                "`wintut simulate --use {profile}`: every notebook and `wintut check` "
                "then use it (`wintut simulate --list` shows every recorded host)."
            ).format(profile=suggest),
            blocking=False,
        )
    ]


@dataclass
class Report:
    """Everything the doctor found."""

    versions: dict[str, str | None]
    widget_extension: str | None
    status: EngineStatus
    host: Host | None
    problems: list[Problem] = field(default_factory=list)
    lab: str | None = None
    """The active wintut lab registry (``HOST:PORT``), if any."""
    simulated: dict[str, Any] | None = None
    """Set when the engine is a simulated host: its profile and sources."""

    @property
    def ready(self) -> bool:
        """True when nothing blocks the course (warnings may remain)."""
        return self.status.reachable and not any(p.blocking for p in self.problems)

    @property
    def exit_code(self) -> int:
        return 0 if self.ready else 1

    def to_dict(self) -> dict[str, Any]:
        status = self.status
        return {
            "ready": self.ready,
            "python": {
                "versions": self.versions,
                "widget_extension": self.widget_extension,
                "executable": sys.executable,
            },
            "engine": {
                "reachable": status.reachable,
                "endpoint": status.endpoint.url,
                "endpoint_source": status.endpoint.source,
                "endpoint_said": str(status.endpoint),  # the address and its source, in words
                "os_type": status.os_type,
                "server_version": status.server_version,
                "api_version": status.version.get("ApiVersion"),
                "kernel": status.kernel,
                "operating_system": status.info.get("OperatingSystem"),
                "seconds": round(status.seconds, 3),
                "registry_mirrors": registry_mirrors(status),
                "uses_lab_mirror": uses_lab_mirror(status, self.lab),
            },
            "lab": {"registry": self.lab},
            "host": self.host.to_dict() if self.host else {"kind": None, "explanation": None},
            "problems": [p.to_dict() for p in self.problems],
            "simulated": self.simulated,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def __str__(self) -> str:
        status = self.status
        yes, no = _("✔ yes"), _("✖ no")
        not_installed, not_found = _("not installed"), _("not found")
        # the report's row names, translated (extracted: no _() inside an f-string)
        row = {
            "widget extension": _("widget extension"),
            "endpoint": _("endpoint"),
            "simulated": _("simulated"),
            "all sources": _("all sources"),
            "reachable": _("reachable"),
            "server version": _("server version"),
            "OS type": _("OS type"),
            "kernel": _("kernel"),
            "operating system": _("operating system"),
            "registry mirrors": _("registry mirrors"),
            "via wintut lab": _("via wintut lab"),
            "kind": _("kind"),
            "kernel comes from": _("kernel comes from"),
        }
        lines = [_("wintut doctor"), "", _("Python")]
        for name, version in self.versions.items():
            lines.append(f"  {name:<20}{version or not_installed}")
        lines.append(f"  {pad(row['widget extension'], 20)}{self.widget_extension or not_found}")
        lines += ["", _("Engine"), f"  {pad(row['endpoint'], 20)}{status.endpoint}"]
        if self.simulated:
            said = _("⚠ simulated: {profile} (recorded outputs, not a real engine); sources:")
            lines.append(
                f"  {pad(row['simulated'], 20)}{said.format(profile=self.simulated['profile'])}"
            )
            for path, source in self.simulated["sources"].items():
                lines.append(f"    {path.rsplit('/', 1)[1]:<18}{source}")
            lines.append(f"  {pad(row['all sources'], 20)}{self.simulated['all_sources']}")
        seconds = f"({status.seconds:.2f} s)"
        if status.reachable:
            mirrors = ", ".join(registry_mirrors(status)) or _("none")
            lines += [
                f"  {pad(row['reachable'], 20)}{yes} {seconds}",
                f"  {pad(row['server version'], 20)}{status.server_version}",
                f"  {pad(row['OS type'], 20)}{status.os_type}",
                f"  {pad(row['kernel'], 20)}{status.kernel}",
                f"  {pad(row['operating system'], 20)}{status.info.get('OperatingSystem')}",
                f"  {pad(row['registry mirrors'], 20)}{mirrors}",
            ]
            if self.lab:
                lab_mark = yes if uses_lab_mirror(status, self.lab) else no
                registry = after(_("(lab registry {lab})").format(lab=self.lab))
                lines.append(f"  {pad(row['via wintut lab'], 20)}{lab_mark}{registry}")
        else:
            lines.append(f"  {pad(row['reachable'], 20)}{no} {seconds}")
        if self.host:
            lines += [
                "",
                _("Host"),
                f"  {pad(row['kind'], 20)}{self.host.kind} ({self.host.title})",
                f"  {pad(row['kernel comes from'], 20)}{self.host.explanation}",
            ]
            if self.host.kind == "unknown":
                lines += [f"  {k:<20}{v}" for k, v in self.host.raw.items()]
        lines += ["", _("Problems")]
        if not self.problems:
            lines.append("  " + _("✔ none: you are ready."))
        for problem in self.problems:
            mark = "✖" if problem.blocking else "⚠"
            lines.append(f"  {mark} [{problem.code}] {problem.message}")
            lines.append("      " + _("Fix: {fix}").format(fix=problem.fix))
        lines += [
            "",
            _("✔ Ready for the course.") if self.ready else _("✖ Not ready yet: see above."),
        ]
        return "\n".join(lines)


def diagnose(
    engine: Engine, simulated: dict[str, Any] | None = None, suggest: str = "docker-desktop-wsl2"
) -> Report:
    """Run every check and return the report. Never raises for engine trouble.

    Args:
        engine: the engine the course uses.
        simulated: when it is a simulated host, what it is and where its values come from
            (the session gives it: :meth:`wintut.session.Session.simulated_details`).
        suggest: the simulated host to offer when no engine answers.
    """
    versions = package_versions()
    extension = widget_extension_version()
    status = engine.status()
    # A simulated host's client is the recorded one (e.g. Windows), not this machine.
    client = simulated["client_os"] if simulated else client_os()
    host = detect(status.info, status.version, client_os=client) if status.reachable else None
    from wintut.lab import find_lab

    found = find_lab(registry_mirrors(status)) if not simulated else None
    lab = found.registry if found else None
    problems = [
        *pywin32_problems(status.endpoint.url),
        *status.problems,
        *([] if simulated else simulation_offer(status, suggest)),
        *mode_problems(status),
        *widget_problems(versions, extension),
        *lab_problems(status, lab),
    ]
    return Report(versions, extension, status, host, problems, lab, simulated)
