"""The stand-in images: what they contain and what their manifests claim.

No Debian package is needed here: a small fake ``busybox`` (a script that lists applets, as
``busybox --list`` does) and a fake ``bash-static`` stand in for the binaries. The same checks
against Debian's real busybox-static and bash-static are in
``tests/integration/test_lab_standins_binaries.py``.
"""

from __future__ import annotations

import io
import json
import stat
import sys
import tarfile

import pytest

from wintut.lab import manifests, standins
from wintut.lab.registry import CONFIG_V1, MANIFEST_LIST, MANIFEST_V2, Blob


class RecordingRegistry:
    """Stands in for RegistryClient: keeps what would be pushed."""

    def __init__(self) -> None:
        self.blobs: dict[str, Blob] = {}
        self.manifests: dict[tuple[str, str], Blob] = {}

    def push_blob(self, repo: str, blob: Blob) -> None:
        self.blobs[blob.digest] = blob

    def put_manifest(self, repo: str, reference: str, manifest: Blob) -> str:
        self.blobs[manifest.digest] = manifest
        if not reference.startswith("sha256:"):  # tags only; by-digest pushes are blobs here
            self.manifests[(repo, reference)] = manifest
        return manifest.digest

    def manifest_digest(self, repo: str, reference: str) -> str | None:
        found = self.manifests.get((repo, reference))
        return found.digest if found else None

    def json(self, digest: str) -> dict:
        return json.loads(self.blobs[digest].data)


FAKE_APPLETS = ("busybox", "sh", "uname", "cat", "ls", "bash")
FAKE_BASH = b"fake bash-static for unit tests\n"


@pytest.fixture(scope="module")
def fake_binaries(tmp_path_factory):
    """A fake busybox that answers ``--list`` (a Python script) and a fake bash-static."""
    if sys.platform == "win32":
        pytest.skip("the fake busybox is a #! script; Windows cannot run it")
    folder = tmp_path_factory.mktemp("static-binaries")
    busybox = folder / "busybox"
    busybox.write_text(
        f"#!{sys.executable}\nprint('\\n'.join({list(FAKE_APPLETS)!r}))\n", encoding="utf-8"
    )
    busybox.chmod(busybox.stat().st_mode | stat.S_IXUSR)
    bash = folder / "bash-static"
    bash.write_bytes(FAKE_BASH)
    return busybox, bash


@pytest.fixture(autouse=True)
def _use_fake_binaries(fake_binaries, monkeypatch):
    busybox, bash = fake_binaries
    monkeypatch.setattr(standins, "BUSYBOX_PATHS", (str(busybox),))
    monkeypatch.setattr(standins, "BASH_PATHS", (str(bash),))


@pytest.fixture(scope="module")
def pushed(fake_binaries):
    busybox, bash = fake_binaries
    mp = pytest.MonkeyPatch()
    mp.setattr(standins, "BUSYBOX_PATHS", (str(busybox),))
    mp.setattr(standins, "BASH_PATHS", (str(bash),))
    try:
        registry = RecordingRegistry()
        standins.seed_standins(registry)  # type: ignore[arg-type]
    finally:
        mp.undo()
    return registry


def test_ubuntu_rootfs_has_bash_uname_cat_sh_and_says_it_is_a_stand_in():
    with tarfile.open(fileobj=io.BytesIO(standins.ubuntu_rootfs())) as tar:
        members = {m.name: m for m in tar.getmembers()}
        assert members["bin/bash"].isfile() and members["bin/bash"].mode & 0o111
        assert tar.extractfile("bin/bash").read() == FAKE_BASH  # type: ignore[union-attr]
        for tool in ("sh", "uname", "cat", "ls"):
            assert members[f"bin/{tool}"].issym() and members[f"bin/{tool}"].linkname == "busybox"
        # the applet list's own "busybox" and "bash" never become links over the real files
        assert members["bin/busybox"].isfile() and not members["bin/bash"].issym()
        os_release = tar.extractfile("etc/os-release").read().decode()  # type: ignore[union-attr]
    assert "wintut lab stand-in for Ubuntu" in os_release
    assert "ID_LIKE=ubuntu" in os_release


def test_rootfs_is_reproducible():
    assert standins.ubuntu_rootfs() == standins.ubuntu_rootfs()


def test_ubuntu_image_is_linux_labelled_and_runs_bash(pushed):
    manifest = json.loads(pushed.manifests[("library/ubuntu", "latest")].data)
    assert manifest["mediaType"] == MANIFEST_V2
    assert manifest["config"]["mediaType"] == CONFIG_V1
    config = pushed.json(manifest["config"]["digest"])
    assert config["os"] == "linux" and config["architecture"] == "amd64"
    assert config["config"]["Cmd"] == ["/bin/bash"]
    assert config["config"]["Labels"][manifests.STAND_IN_LABEL] == "true"
    assert "stand-in" in config["config"]["Labels"][manifests.DESCRIPTION_LABEL]


@pytest.mark.parametrize("repo", ["windows/servercore/iis", "windows/nanoserver"])
def test_windows_repos_are_lists_of_windows_amd64_only(pushed, repo):
    tags = [tag for r, tag in pushed.manifests if r == repo]
    assert tags
    versions = set()
    for tag in tags:
        listing = json.loads(pushed.manifests[(repo, tag)].data)
        assert listing["mediaType"] == MANIFEST_LIST
        for entry in listing["manifests"]:
            platform = entry["platform"]
            assert (platform["os"], platform["architecture"]) == ("windows", "amd64")
            versions.add(platform["os.version"])
            config = pushed.json(pushed.json(entry["digest"])["config"]["digest"])
            assert config["os"] == "windows"
            assert config["os.version"] == platform["os.version"]
            assert config["config"]["Labels"][manifests.STAND_IN_LABEL] == "true"
    builds = {v.split(".")[2] for v in versions}
    assert builds <= {"14393", "17763", "20348", "26100"}


def test_tags_as_microsoft_publishes_them(pushed):
    iis = {tag for repo, tag in pushed.manifests if repo == "windows/servercore/iis"}
    assert iis == {f"windowsservercore-ltsc{y}" for y in (2016, 2019, 2022, 2025)} | {"latest"}
    for base in ("windows/servercore", "windows/nanoserver"):
        assert "latest" not in {tag for repo, tag in pushed.manifests if repo == base}
    latest = json.loads(pushed.manifests[("windows/servercore/iis", "latest")].data)
    ltsc2025 = json.loads(
        pushed.manifests[("windows/servercore/iis", "windowsservercore-ltsc2025")].data
    )
    assert latest == ltsc2025  # README: "windowsservercore-ltsc2025, latest"


def test_every_os_version_has_a_source_and_derived_parts_say_so():
    for build in manifests.BUILDS:
        assert build.os_version.startswith("10.0.")
        assert "base-image-lifecycle.md" in build.source
        assert "derived" in build.source


def test_microsoft_iis_is_one_manifest_whose_config_says_windows(pushed):
    manifest = json.loads(pushed.manifests[("microsoft/iis", "latest")].data)
    assert manifest["mediaType"] == MANIFEST_V2
    config = pushed.json(manifest["config"]["digest"])
    assert config["os"] == "windows"
    assert config["config"]["Labels"][manifests.STAND_IN_LABEL] == "true"


def test_missing_lists_what_the_registry_lacks(pushed):
    assert standins.missing(pushed) == []  # type: ignore[arg-type]
    assert ("library/ubuntu", "latest") in standins.missing(RecordingRegistry())  # type: ignore[arg-type]


def test_a_busybox_that_cannot_list_its_applets_says_what_to_install(tmp_path, monkeypatch):
    from wintut.errors import LabError

    broken = tmp_path / "busybox"
    broken.write_bytes(b"not a program")  # a file, but not executable
    monkeypatch.setattr(standins, "BUSYBOX_PATHS", (str(broken),))
    with pytest.raises(LabError, match=r"--list failed.*busybox-static"):
        standins.ubuntu_rootfs()


def test_missing_static_binaries_say_what_to_install(monkeypatch):
    from wintut.errors import LabError

    monkeypatch.setattr(standins, "BUSYBOX_PATHS", ("/no/such/busybox",))
    with pytest.raises(LabError, match="apt-get install busybox-static bash-static"):
        standins.ubuntu_rootfs()
