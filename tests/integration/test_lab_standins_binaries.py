"""The ubuntu stand-in built from Debian's real busybox-static and bash-static.

The unit tests (tests/unit/test_lab_standins.py) check the same logic with fake binaries. Here
the real ones are used: outside CI their absence skips, with ``CI=true`` it fails.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from tests.conftest import unavailable
from wintut.lab import standins


@pytest.fixture(scope="module")
def real_rootfs() -> tarfile.TarFile:
    for paths, package in (
        (standins.BUSYBOX_PATHS, "busybox-static"),
        (standins.BASH_PATHS, "bash-static"),
    ):
        if not any(Path(p).is_file() for p in paths):
            unavailable(f"Debian's {package} is not installed (apt-get install {package})")
    return tarfile.open(fileobj=io.BytesIO(standins.ubuntu_rootfs()))


def test_real_busybox_gives_the_tools_the_course_runs(real_rootfs):
    members = {m.name: m for m in real_rootfs.getmembers()}
    for tool in ("sh", "uname", "cat", "hostname"):
        assert members[f"bin/{tool}"].issym() and members[f"bin/{tool}"].linkname == "busybox"
    assert "bin/bash" in members and members["bin/bash"].isfile()


def test_real_bash_is_the_static_one(real_rootfs):
    bash = real_rootfs.extractfile("bin/bash").read()  # type: ignore[union-attr]
    assert bash[:4] == b"\x7fELF"
    assert b"GNU bash" in bash


def test_real_rootfs_is_reproducible():
    if not all(
        any(Path(p).is_file() for p in ps) for ps in (standins.BUSYBOX_PATHS, standins.BASH_PATHS)
    ):
        unavailable("Debian's busybox-static and bash-static are not installed")
    assert standins.ubuntu_rootfs() == standins.ubuntu_rootfs()
