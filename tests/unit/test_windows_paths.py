"""Where progress and the lab live on Windows: platformdirs' own Windows rules, run here.

platformdirs picks its Windows class at import from ``sys.platform``; here its ``Windows`` class
is put in place of ``PlatformDirs`` and its folder lookup reads the environment variables
(``get_win_folder_from_env_vars``, which platformdirs itself uses when the Windows shell API is
not reachable) instead of calling SHGetKnownFolderPath. What it answers for
``appauthor=False`` is then checked, not assumed.
"""

from __future__ import annotations

from pathlib import PureWindowsPath

import platformdirs
import platformdirs.windows
import pytest

from wintut.lab.state import lab_home
from wintut.paths import home

LOCAL = r"C:\Users\ada\AppData\Local"
ROAMING = r"C:\Users\ada\AppData\Roaming"


@pytest.fixture
def windows_dirs(monkeypatch):
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(
        platformdirs.windows,
        "_RESOLVE_WIN_FOLDER",
        platformdirs.windows.get_win_folder_from_env_vars,
    )
    monkeypatch.setenv("LOCALAPPDATA", LOCAL)
    monkeypatch.setenv("APPDATA", ROAMING)
    monkeypatch.delenv("WINTUT_HOME", raising=False)
    for name in ("LOCAL_APPDATA", "APPDATA"):
        monkeypatch.delenv(f"WIN_PD_OVERRIDE_{name}", raising=False)


def win(path) -> PureWindowsPath:
    return PureWindowsPath(str(path))


def test_platformdirs_appauthor_false_is_localappdata_then_the_app(windows_dirs):
    # What platformdirs really gives (not what its docstring example shows with an author).
    assert win(platformdirs.user_data_dir("wintut", appauthor=False)) == win(LOCAL + r"\wintut")
    assert win(platformdirs.user_data_dir("wintut")) == win(LOCAL + r"\wintut\wintut")
    assert win(platformdirs.user_data_dir("wintut", appauthor=False, roaming=True)) == win(
        ROAMING + r"\wintut"
    )


def test_progress_lives_in_localappdata_not_the_roaming_profile(windows_dirs):
    assert win(home()) == win(LOCAL + r"\wintut")
    assert not str(win(home())).startswith(ROAMING)


def test_the_lab_lives_beside_progress(windows_dirs):
    # WINTUT_HOME/lab when WINTUT_HOME is set, so the default must be <progress home>\lab too.
    assert win(lab_home()) == win(LOCAL + r"\wintut\lab")
    assert win(lab_home()).parent == win(home())


def test_wintut_home_overrides_both_with_a_windows_path(windows_dirs, monkeypatch):
    monkeypatch.setenv("WINTUT_HOME", r"D:\course\progress")
    assert win(home()) == PureWindowsPath(r"D:\course\progress")
    assert win(lab_home()) == PureWindowsPath(r"D:\course\progress\lab")


def test_platformdirs_own_override_variable_is_honoured(windows_dirs, monkeypatch):
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"E:\Portable\AppData")
    assert win(home()) == PureWindowsPath(r"E:\Portable\AppData\wintut")
