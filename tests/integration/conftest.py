"""Fixtures for tests against the real dockerd."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from tests.conftest import unavailable

BUSYBOX = Path("/bin/busybox")  # Debian's busybox-static; .ci/run installs it
TEST_IMAGE = "wintut-test/busybox:latest"


@pytest.fixture(scope="session")
def busybox_image(real_engine, docker_api):
    """A tiny local image (Debian's static busybox, imported): tests need no registry.

    It is a test fixture, not a course image: it is tagged ``wintut-test/…``.
    """
    if not BUSYBOX.exists():
        unavailable("Debian's busybox-static is not installed (apt-get install busybox-static)")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(BUSYBOX, arcname="bin/busybox")
        for applet in ("sh", "uname", "sleep", "cat", "true"):
            link = tarfile.TarInfo(f"bin/{applet}")
            link.type, link.linkname = tarfile.SYMTYPE, "busybox"
            tar.addfile(link)
    api = docker_api
    repository, tag = TEST_IMAGE.rsplit(":", 1)
    api.import_image_from_data(buffer.getvalue(), repository=repository, tag=tag)
    yield TEST_IMAGE
    if os.environ.get("WINTUT_KEEP_TEST_IMAGE") != "1":
        api.remove_image(TEST_IMAGE, force=True)
