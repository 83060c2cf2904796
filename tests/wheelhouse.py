"""Build wintut's wheel and install it into a clean virtual environment, offline.

Shared by the packaging unit tests, the `wintut open` integration test and
``benchmarks/bench_open.py``. Nothing here reaches off this machine: the wheel is built without
build isolation (this environment's setuptools, from the test extra) and installed with
``--no-index``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_wheel(tmp: Path) -> Path:
    """``pip wheel . --no-deps`` on a copy of the sources, so a stale build/ cannot leak in."""
    source = tmp / "src"
    source.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
    for folder in ("wintut", "assets", "notebooks"):
        shutil.copytree(ROOT / folder, source / folder, ignore=skip)
    out = tmp / "dist"
    argv = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    argv += ["--no-index", "--quiet", "--wheel-dir", str(out), str(source)]
    built = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    if built.returncode != 0:  # e.g. setuptools too old: the test extra asks for >= 70.1
        raise AssertionError(f"pip wheel failed:\n{built.stdout}\n{built.stderr}"[-4000:])
    (wheel,) = out.glob("wintut-*.whl")
    return wheel


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def venv_script(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" * (os.name == "nt")))


def install_into_clean_venv(wheel: Path, venv: Path, *, borrow_dependencies: bool) -> Path:
    """A new venv with only the wheel installed in it (``--no-deps``); returns its python.

    With ``borrow_dependencies`` the venv also sees this environment's packages (jupyterlab,
    docker, ipywidgets, …): a ``.pth`` line appends our site-packages *after* its own, as a
    plain folder, so our editable install of wintut is not activated there and every wintut
    module and course file comes from the wheel. (Installing the dependencies for real would
    need the package index; that is what the README's quick start does.)
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv_python(venv)
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run([*install, "--no-deps", "--no-index", str(wheel)], check=True, timeout=300)
    if borrow_dependencies:
        purelib = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
        Path(purelib, "_borrowed_dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


def borrowed_jupyter_env(tmp: Path) -> dict[str, str]:
    """Environment for a JupyterLab started from such a venv: our Lab build, private dirs."""
    share = Path(sys.prefix, "share", "jupyter")
    private = {
        "JUPYTER_CONFIG_DIR": tmp / "jupyter-config",
        "JUPYTER_RUNTIME_DIR": tmp / "jupyter-runtime",
        "JUPYTER_DATA_DIR": tmp / "jupyter-data",
        "JUPYTERLAB_SETTINGS_DIR": tmp / "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": tmp / "lab-workspaces",
    }
    env = {k: v for k, v in os.environ.items() if k not in ("WINTUT_ASSETS", "PYTHONPATH")}
    env.update({k: str(v) for k, v in private.items()})
    env["JUPYTER_PATH"] = str(share)  # widget extension and kernelspecs of this environment
    env["JUPYTERLAB_DIR"] = str(share / "lab")  # the built JupyterLab front end
    return env
