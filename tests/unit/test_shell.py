"""Commands shown to the learner in their own shell: bash, PowerShell or cmd.

bash renderings are checked by running them in a real bash (it ships with every Linux and macOS
machine, and is not among the parts tests may lack). PowerShell and cmd cannot run here, so
their renderings are read back by small reference parsers of the documented rules: PowerShell's
about_Quoting_Rules (a single-quoted string is literal, '' is one quote) and the Microsoft C
runtime's command-line parsing (backslashes count only before a quote).
"""

from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from wintut.shell import SHELLS, quote, render, shell_for

ISOLATION = ["docker", "inspect", "-f", "{{.HostConfig.Isolation}}", "iso-test"]
AWKWARD = [
    "plain",
    "two words",
    "it's",
    "$HOME",
    "${PATH}",
    "`date`",
    "$(whoami)",
    "{{.HostConfig.Isolation}}",
    "{{json .Config}}",
    "a;b",
    "a&b",
    "a|b",
    "<in>",
    "#hash",
    "@splat",
    "a,b",
    "(paren)",
    r"C:\Program Files\Docker\docker.exe",
    "trailing\\",
    "-it",
    "--isolation=process",
    "-Dname.part=1",
    "ünïcode ✓",
    "tab\there",
    "*",
    "~",
    "!",
]


# -- bash: really run it ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bash() -> str:
    found = shutil.which("bash")
    if found is None:  # not a part a machine lacks; say so rather than pass quietly
        pytest.fail("no bash on PATH")
    return found


def bash_argv(bash: str, line: str) -> list[str]:
    """The arguments bash hands to a program for ``line`` (printf stands in for it)."""
    run = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", f"printf '%s\\0' {line}"],
        capture_output=True,
        check=True,
        env={"HOME": "/nonexistent-home", "PATH": "/usr/bin:/bin"},
    )
    return run.stdout.decode().split("\0")[:-1]


@pytest.mark.parametrize("arg", [*AWKWARD, "", "'", '"\'"', "a\nb"])
def test_bash_passes_each_argument_unchanged(bash, arg):
    assert bash_argv(bash, quote(arg, "bash")) == [arg]


def test_bash_random_strings_round_trip(bash):
    rng = random.Random(11)
    alphabet = "ab $`'\"\\{}()|&;<>*?~!#%^,=.:-\t"
    args = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(60)]
    line = " ".join(quote(a, "bash") for a in args)
    assert bash_argv(bash, line) == args


def test_bash_isolation_template_is_single_quoted_as_docs_write_it():
    assert render(ISOLATION, "bash") == "docker inspect -f '{{.HostConfig.Isolation}}' iso-test"


# -- PowerShell -------------------------------------------------------------------------------

# Bare words PowerShell passes to a program unchanged in command mode (no $ ` { } @ , ; # ( )
# & | < > quotes or spaces, and no leading - with a dot, which Windows PowerShell splits).
_PS_SPECIAL = set("$`{}@,;#()&|<> \t'\"")


def powershell_words(line: str) -> list[str]:
    """Read a rendered line back by PowerShell's rules for the forms render produces."""
    words, i = [], 0
    if line.startswith("& "):
        i = 2
    while i < len(line):
        if line[i] == " ":
            i += 1
            continue
        if line[i] == "'":
            j, text = i + 1, []
            while True:
                if line[j] == "'" and line[j + 1 : j + 2] == "'":
                    text.append("'")
                    j += 2
                elif line[j] == "'":
                    break
                else:
                    text.append(line[j])
                    j += 1
            words.append("".join(text))
            i = j + 1
        else:
            j = line.find(" ", i)
            j = len(line) if j < 0 else j
            word = line[i:j]
            assert not (_PS_SPECIAL & set(word)), f"bare word {word!r} would be parsed"
            assert not (word.startswith("-") and "." in word), word
            words.append(word)
            i = j
    return words


@pytest.mark.parametrize("arg", [*AWKWARD, "'", "''"])
def test_powershell_passes_each_argument_unchanged(arg):
    assert powershell_words(render(["docker", arg], "powershell")) == ["docker", arg]


@pytest.mark.parametrize(
    ("arg", "shown"),
    [
        ("{{.HostConfig.Isolation}}", "'{{.HostConfig.Isolation}}'"),
        ("$env:USERPROFILE", "'$env:USERPROFILE'"),
        ("`n", "'`n'"),
        ("it's", "'it''s'"),
        ("--isolation=process", "--isolation=process"),
        (
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
            "mcr.microsoft.com/windows/nanoserver:ltsc2022",
        ),
        (r"C:\ProgramData\docker", r"C:\ProgramData\docker"),
        ("-Dname.part=1", "'-Dname.part=1'"),
        ("--%", "'--%'"),
    ],
)
def test_powershell_quotes_what_it_would_parse(arg, shown):
    assert quote(arg, "powershell") == shown


def test_powershell_isolation_command():
    assert (
        render(ISOLATION, "powershell") == "docker inspect -f '{{.HostConfig.Isolation}}' iso-test"
    )


def test_powershell_quoted_program_needs_the_call_operator():
    line = render([r"C:\Program Files\Docker\docker.exe", "version"], "powershell")
    assert line == r"& 'C:\Program Files\Docker\docker.exe' version"


@pytest.mark.parametrize("arg", ["", 'say "hi"'])
def test_powershell_refuses_what_5_1_and_7_3_pass_differently(arg):
    with pytest.raises(ValueError, match=r"PowerShell 5\.1 and 7\.3"):
        quote(arg, "powershell")


# -- cmd --------------------------------------------------------------------------------------


def msvcrt_argv(line: str) -> list[str]:
    """Split a command line as the Microsoft C runtime does ("Parsing C++ command-line
    arguments": 2n backslashes + quote give n backslashes and toggle quoting; 2n+1 give n and a
    literal quote; other backslashes are literal)."""
    args: list[str] = []
    i, current, quoted, started = 0, [], False, False
    while i < len(line):
        char = line[i]
        if char == "\\":
            n = 0
            while i < len(line) and line[i] == "\\":
                n += 1
                i += 1
            if i < len(line) and line[i] == '"':
                current.append("\\" * (n // 2))
                if n % 2:
                    current.append('"')
                    i += 1
                started = True
            else:
                current.append("\\" * n)
                started = True
            continue
        if char == '"':
            if quoted and line[i + 1 : i + 2] == '"':  # "" inside quotes: a literal quote
                current.append('"')
                i += 2
                continue
            quoted = not quoted
            started = True
        elif char in " \t" and not quoted:
            if started:
                args.append("".join(current))
                current, started = [], False
        else:
            current.append(char)
            started = True
        i += 1
    if started:
        args.append("".join(current))
    return args


def cmd_bare_parts(line: str) -> str:
    """What cmd itself would act on: the text outside double quotes."""
    outside, quoted = [], False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(char)
    return "".join(outside)


CMD_ARGS = [a for a in [*AWKWARD, "", 'say "hi"', 'end\\"'] if "%" not in a]


@pytest.mark.parametrize("arg", CMD_ARGS)
def test_cmd_passes_each_argument_unchanged(arg):
    line = render(["docker.exe", arg], "cmd")
    assert msvcrt_argv(line) == ["docker.exe", arg]
    assert not set(cmd_bare_parts(line)) & set("&|<>^()"), line


def test_cmd_random_strings_round_trip():
    rng = random.Random(7)
    alphabet = 'ab \\"{}.,=:-\t'
    args = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10))) for _ in range(80)]
    assert msvcrt_argv(render(["x", *args], "cmd")) == ["x", *args]


def test_cmd_isolation_command_and_paths():
    assert render(ISOLATION, "cmd") == "docker inspect -f {{.HostConfig.Isolation}} iso-test"
    assert quote(r"C:\Program Files\x\\", "cmd") == r'"C:\Program Files\x\\\\"'


@pytest.mark.parametrize("arg", ["%PATH%", 'a"&b'])
def test_cmd_refuses_what_it_cannot_pass(arg):
    with pytest.raises(ValueError, match="cmd"):
        quote(arg, "cmd")


# -- choosing the shell -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("client_os", "shell"),
    [("windows", "powershell"), ("Windows", "powershell"), ("linux", "bash"), ("darwin", "bash")],
)
def test_shell_follows_the_client_os(client_os, shell):
    assert shell_for(client_os) == shell


@pytest.mark.parametrize(("platform", "shell"), [("win32", "powershell"), ("linux", "bash")])
def test_default_shell_is_this_machines(monkeypatch, platform, shell):
    monkeypatch.setattr("wintut.shell.sys.platform", platform)
    assert shell_for() == shell
    assert render(ISOLATION) == render(ISOLATION, shell)


def test_bad_calls_say_what_is_wrong():
    with pytest.raises(ValueError, match="unknown shell 'fish'"):
        render(["docker"], "fish")
    with pytest.raises(ValueError, match="program"):
        render([], "bash")
    with pytest.raises(TypeError, match="list of arguments"):
        render("docker ps", "bash")  # type: ignore[arg-type]
    assert set(SHELLS) == {"bash", "powershell", "cmd"}
