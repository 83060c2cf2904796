"""`wintut open [DIR]`: copy the course into a working folder and start JupyterLab there.

The same on Windows (PowerShell, cmd), macOS and Linux: no make, no shell, pathlib paths, and
JupyterLab started as ``sys.executable -m jupyterlab``. (``-m jupyter lab`` would look for the
``jupyter-lab`` script on PATH with this environment's scripts folder *last*, so another
JupyterLab earlier on PATH, without wintut, could start instead.)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from wintut import i18n
from wintut.cli.args import language_name
from wintut.cli.lab_language import PACKS, lab_environment
from wintut.i18n import N_, _
from wintut.workspace import FIRST_NOTEBOOK, WorkspaceError, copy_course, default_folder

ROOT_WARNING = N_(
    "Running as root, so JupyterLab starts with --allow-root: every cell you run can change "
    "anything on this machine; an ordinary user account is safer."
)


STOPPED_ON_PURPOSE = frozenset({0, 130, 143, -signal.SIGINT, -signal.SIGTERM})
"""Exit codes of a JupyterLab that was shut down (Ctrl+C, a signal), not one that failed."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "open",
        help=_("copy the course into a folder and open it in JupyterLab"),
        description=_(
            "Copy the course notebooks into DIR (default: wintut-course in the current "
            "folder) and start JupyterLab there on 127.0.0.1, at notebook 00. Notebooks you have "
            "edited are never overwritten: when the course has a newer version of one, your copy "
            "is kept beside it. Stop JupyterLab with Ctrl+C."
        ),
    )
    parser.add_argument(
        "dir", nargs="?", type=Path, help=_("working folder (default: ./wintut-course)")
    )
    parser.add_argument(
        "--port", type=int, help=_("port on 127.0.0.1 (default: 8888 or the next free)")
    )
    parser.add_argument(
        "--no-browser", action="store_true", help=_("do not open a browser; print the address")
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        type=language_name,
        help=_(
            "the course's language, kept for every notebook and command: en or zh-CN (the "
            "Chinese edition opens at zh-CN/00); default: the course session's"
        ),
    )
    parser.set_defaults(func=run_open)


def announce_engine(say: Callable[[str], None]) -> Mapping[str, str]:
    """Before JupyterLab starts: which engine the course will use, in one line.

    The course session starts here: when nothing was chosen and no engine answers, it takes
    the simulated host of this kind of machine and keeps it for every notebook.

    Returns:
        Environment variables to add for the JupyterLab server (and so its kernels).
    """
    from wintut.session import SessionError, current

    session = current()
    try:
        engine = session.start_course()
    except SessionError as exc:
        say(f"⚠ {exc}")
        return {}
    for line in session.notices():
        say(line)
    if engine.simulated and session.choice.by != "default":
        say(
            _("⚠ The course runs on the simulated host {profile} (your choice).").format(
                profile=engine.simulated
            )
        )
    elif not engine.simulated:
        say(
            _("✔ The course uses your Docker engine at {endpoint}.").format(
                endpoint=engine.endpoint
            )
        )
    return {}


def running_as_root() -> bool:
    geteuid = getattr(os, "geteuid", None)  # absent on Windows
    return bool(geteuid and geteuid() == 0)


def lab_command(
    folder: Path, port: int | None, no_browser: bool, as_root: bool, first: str = FIRST_NOTEBOOK
) -> list[str]:
    """The JupyterLab command line: loopback only, rooted at the folder, opened at notebook 00
    (``first``: its path in the folder, ``zh-CN/00-…`` for the Chinese edition)."""
    argv = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.root_dir={folder}",
        # the browser, and the address printed with --no-browser, both land on notebook 00
        f"--LabApp.default_url=/lab/tree/{first}",
    ]
    if port is not None:
        # a port asked for is that port or an error, never a neighbour
        argv += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if no_browser:
        argv.append("--no-browser")
    if as_root:
        argv.append("--allow-root")
    return argv


def first_notebook(folder: Path, lang: str, say: Callable[[str], None]) -> str:
    """Where JupyterLab opens: notebook 00 of the edition in ``lang``, when the folder has it."""
    edition = i18n.EDITIONS.get(lang)
    if edition is None:
        return FIRST_NOTEBOOK
    if (folder / edition / FIRST_NOTEBOOK).is_file():
        return f"{edition}/{FIRST_NOTEBOOK}"
    say(_("⚠ This wintut has no Chinese edition of the notebooks: the English one opens."))
    return FIRST_NOTEBOOK


def jupyterlab_language(
    home: Path, lang: str, say: Callable[[str], None], installed: Collection[str] | None = None
) -> Mapping[str, str]:
    """JupyterLab's own menus in ``lang`` (environment for its server), or one line saying how
    to install its language pack (``installed``: the packs' languages, default: this Python's)."""
    pack = PACKS.get(lang)
    if pack is None:
        return {}
    try:
        added = lab_environment(home, lang, os.environ, installed)
    except OSError as exc:
        say(
            _("⚠ JupyterLab's menus stay English: {folder} cannot be written ({reason}).").format(
                folder=home, reason=exc.strerror or exc
            )
        )
        return {}
    if not added:
        command = f"{Path(sys.executable).name} -m pip install {pack}"
        say(
            _(
                "⚠ JupyterLab's own menus stay English until its language pack is installed: "
                "{command}"
            ).format(command=command)
        )
    return added


def run_open(args: argparse.Namespace) -> int:
    from wintut.session import current

    if args.port is not None and not 1 <= args.port <= 65535:
        print(_("✖ --port must be between 1 and 65535."), file=sys.stderr)
        return 2
    if importlib.util.find_spec("jupyterlab") is None:
        print(
            _("✖ JupyterLab is not installed in this Python. Fix: {command}").format(
                command=f"{Path(sys.executable).name} -m pip install jupyterlab"
            ),
            file=sys.stderr,
        )
        return 1
    session = current()
    lang = session.choose_lang(args.lang) if args.lang else i18n.language()
    try:
        report = copy_course(args.dir or default_folder())
    except WorkspaceError as exc:
        print(f"✖ {exc}", file=sys.stderr)
        return 1
    for line in report.lines():
        print(line, flush=True)

    def show(line: str) -> None:
        print(line, flush=True)

    first = first_notebook(report.folder, lang, show)
    env = dict(os.environ)
    env.update(announce_engine(show))
    env.update(jupyterlab_language(session.home, lang, show))
    as_root = running_as_root()
    if as_root:
        print(f"⚠ {_(ROOT_WARNING)}", flush=True)
    argv = lab_command(report.folder, args.port, args.no_browser, as_root, first)
    print(_("Starting JupyterLab (stop it with Ctrl+C)…"), flush=True)
    try:
        process = subprocess.Popen(argv, cwd=report.folder, env=env)
    except OSError as exc:
        print(
            _("✖ Cannot start JupyterLab: {reason}.").format(reason=exc.strerror or exc),
            file=sys.stderr,
        )
        return 1
    code = _wait_for(process)
    if code not in STOPPED_ON_PURPOSE:
        if args.port:
            why = _(
                "✖ JupyterLab stopped with exit code {code}; its last lines say why. Is the port "
                "free? Leave out --port, or pick another."
            )
        else:
            why = _("✖ JupyterLab stopped with exit code {code}; its last lines say why.")
        print(why.format(code=code), file=sys.stderr)
    return code


def _wait_for(process: subprocess.Popen[bytes]) -> int:
    """Wait for JupyterLab; if wintut itself is told to stop, stop JupyterLab with it."""

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:
                # Ctrl+C reaches JupyterLab too: it asks to confirm, or shuts down. Wait for it.
                continue
    finally:
        signal.signal(signal.SIGTERM, previous)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
