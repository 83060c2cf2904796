"""Show a command (an argv list) as the learner types it in their own shell.

``render(["docker", "inspect", "-f", "{{.HostConfig.Isolation}}", "box"], "powershell")``
gives ``docker inspect -f '{{.HostConfig.Isolation}}' box``: each argument arrives at the
program exactly as listed. Pure functions, no I/O.

Rules per shell:

- ``bash`` (Linux, macOS, WSL, Git Bash): POSIX single quotes; a ``'`` inside becomes ``'"'"'``
  (:func:`shlex.quote`).
- ``powershell``: single-quoted strings are taken literally, a ``'`` inside is doubled
  (PowerShell's about_Quoting_Rules). ``$``, a backtick, ``{ }``, ``@``, ``,``, ``;``, ``#`` and
  parentheses are special when bare, so any argument holding one is quoted. An empty argument or
  one holding ``"`` cannot be written one way for every PowerShell: Windows PowerShell 5.1 and
  PowerShell 7.0-7.2 drop empty arguments and pass embedded ``"`` unescaped to programs, 7.3 and
  newer do not (PowerShell/PowerShell#15239, the ``$PSNativeCommandArgumentPassing`` feature of
  PR #14692). Such arguments raise :class:`ValueError` rather than show a command that breaks.
- ``cmd``: the Microsoft C runtime's rules that docker.exe parses its command line with
  (double quotes; backslashes doubled only before a quote). ``&|<>^()`` are literal inside
  quotes. ``%`` cannot be escaped inside quotes at cmd's prompt, so it raises ``ValueError``.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Sequence

SHELLS = ("bash", "powershell", "cmd")

# Characters that never need quoting, per shell (a conservative set: letters, digits and the
# punctuation of image references, flags and paths).
_BASH_SAFE = re.compile(r"[\w@%+=:,./-]+", re.ASCII)
_POWERSHELL_SAFE = re.compile(r"[A-Za-z0-9_./:=\\+-]+")
# A bare flag is passed on as written only when plain: Windows PowerShell splits a bare
# ``-name.part`` at the dot, and ``--%`` stops its parsing altogether.
_POWERSHELL_FLAG = re.compile(r"--?[A-Za-z0-9][A-Za-z0-9_=-]*")
_CMD_SAFE = re.compile(r"[A-Za-z0-9_./:=\\+,@{}-]+")


def shell_for(client_os: str | None = None) -> str:
    """The shell a learner on ``client_os`` most likely types into.

    Args:
        client_os: ``windows``, ``darwin`` or ``linux`` (as in the profiles' ``client_os``);
            defaults to the machine wintut runs on.

    Returns:
        ``powershell`` on Windows (the shell Windows Terminal opens and Docker's Windows docs
        use), ``bash`` elsewhere.
    """
    if client_os is None:
        client_os = "windows" if sys.platform == "win32" else sys.platform
    return "powershell" if client_os.lower() in ("windows", "win32", "nt") else "bash"


def quote(arg: str, shell: str) -> str:
    """One argument, quoted so that ``shell`` passes it on unchanged.

    Raises:
        ValueError: an unknown shell, or an argument the shell cannot pass on reliably.
    """
    if shell == "bash":
        return arg if _BASH_SAFE.fullmatch(arg) else shlex.quote(arg)
    if shell == "powershell":
        return _quote_powershell(arg)
    if shell == "cmd":
        return _quote_cmd(arg)
    raise ValueError(f"unknown shell {shell!r}; use one of {', '.join(SHELLS)}")


def render(argv: Sequence[str], shell: str | None = None) -> str:
    """The whole command line for ``shell`` (default: :func:`shell_for` this machine).

    Raises:
        ValueError: an empty command, an unknown shell, or an argument the shell cannot pass on.
        TypeError: ``argv`` is a string (pass a list of arguments).
    """
    if isinstance(argv, str):
        raise TypeError("render takes a list of arguments, not one string")
    if not argv:
        raise ValueError("render needs at least the program's name")
    shell = shell or shell_for()
    words = [quote(str(arg), shell) for arg in argv]
    if shell == "powershell" and words[0].startswith("'"):
        words[0] = "& " + words[0]  # a quoted program name is only a string without the & operator
    return " ".join(words)


def _quote_powershell(arg: str) -> str:
    if arg == "" or '"' in arg:
        raise ValueError(
            f"{arg!r}: PowerShell 5.1 and 7.3+ pass empty arguments and double quotes to "
            "programs differently; show this command for bash or cmd instead"
        )
    if _POWERSHELL_SAFE.fullmatch(arg) and (
        not arg.startswith("-") or _POWERSHELL_FLAG.fullmatch(arg)
    ):
        return arg
    return "'" + arg.replace("'", "''") + "'"


def _quote_cmd(arg: str) -> str:
    if "%" in arg:
        raise ValueError(f"{arg!r}: cmd expands %…% even inside quotes; show it for PowerShell")
    if arg and _CMD_SAFE.fullmatch(arg):
        return arg
    out = ['"']
    backslashes = 0
    for char in arg:
        if char == "\\":
            backslashes += 1
            continue
        if char == '"':
            out.append("\\" * (2 * backslashes + 1) + '"')
        else:
            out.append("\\" * backslashes + char)
        backslashes = 0
    out.append("\\" * (2 * backslashes) + '"')
    quoted = "".join(out)
    # cmd toggles its own quote state on every ", escaped or not: an embedded quote would
    # leave the rest of the argument outside quotes, where &|<>^() act.
    if '"' in arg and re.search(r"[&|<>^()]", arg):
        raise ValueError(f"{arg!r}: cmd cannot pass a quote together with &|<>^() reliably")
    return quoted
