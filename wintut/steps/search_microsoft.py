"""Step ``search-microsoft``: ``docker search microsoft``, and which results are Windows images.

A name says little: ``microsoft/dotnet`` had Linux and Windows variants. What decides is the
platform list in the image's manifest list (engine-facts.md section 4), so the check asks the
registry (through the engine's ``/distribution`` endpoint) for each Microsoft result. Where the
registry cannot be reached it says "unknown", never a guess.

The term may name an index, as the offline lab's does (``127.0.0.1:5381/microsoft``); the
engine's search goes to that index instead of Docker Hub. The answer box takes the term or the
whole command as typed (``docker search microsoft``, ``docker search --limit 5 microsoft``):
:func:`search_term` picks the term out. Nothing the learner types is run.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from typing import Any

from wintut import images
from wintut.answers import quote
from wintut.engine import Engine
from wintut.errors import EngineError
from wintut.i18n import N_, _, ngettext
from wintut.refs import repository_of
from wintut.results import CheckResult, Outcome
from wintut.steps.base import ProgressCallback, Shown, Step, Window, expect, os_label, sentences
from wintut.steps.common import LAB_INDEX, search_target

MAX_PLATFORM_LOOKUPS = 8
"""Bound on registry look-ups per check (each is one bounded engine call)."""
_COMMAND_WORDS = {"docker", "docker.exe", "image"}
_PROMPTS = {"$", "#", ">", "%", "ps>"}
_VALUE_OPTIONS = {"--limit", "--filter", "-f", "--format"}
"""``docker search`` options that take the next word as their value (docker/cli search.go)."""


def search_term(answer: str) -> str:
    """The search term in what the learner typed: a bare term, or the whole command.

    ``microsoft`` -> ``microsoft``; ``docker search microsoft`` -> ``microsoft``;
    ``$ docker image search --limit 5 127.0.0.1:5381/microsoft`` -> ``127.0.0.1:5381/microsoft``.
    A command without a term gives ``""``. The text is only split into words, never run.
    """
    text = answer.strip().strip("`").strip()
    try:
        words = shlex.split(text)
    except ValueError:  # an unclosed quote: fall back to plain words
        words = text.split()
    while words and (words[0].lower() in _PROMPTS or words[0].lower().startswith("ps ")):
        words = words[1:]
    lowered = [w.lower() for w in words]
    if "search" not in lowered or not set(lowered[: lowered.index("search")]) <= _COMMAND_WORDS:
        return text
    rest = words[lowered.index("search") + 1 :]
    skip = False
    for word in rest:
        if skip:
            skip = False
        elif word in _VALUE_OPTIONS:
            skip = True
        elif not word.startswith("-"):
            return word.strip("\"'")
    return ""


def is_microsoft(name: str) -> bool:
    """``microsoft/iis``, ``127.0.0.1:5381/microsoft/iis``, ``mcr.microsoft.com/…``."""
    if name.startswith("mcr.microsoft.com/"):
        return True
    return repository_of(name).split("/", 1)[0].lower() == "microsoft"


def kind_of(platforms: list[dict[str, Any]]) -> str:
    """``windows``, ``linux``, ``linux and windows`` from a platform list."""
    systems = sorted({str(p.get("os", "?")).lower() for p in platforms})
    return " and ".join(systems) if systems else "no platforms listed"


def kind_label(platforms: list[dict[str, Any]]) -> str:
    """:func:`kind_of` as the learner reads it (a Windows-only list is a "Windows image")."""
    kind = kind_of(platforms)
    if kind == "windows":
        return _("Windows image")
    systems = sorted({str(p.get("os", "?")).lower() for p in platforms})
    if not systems:
        return _("no platforms listed")
    said = os_label(systems[0])
    for system in systems[1:]:
        said = _("{first} and {second}").format(first=said, second=os_label(system))
    return said


class SearchMicrosoft(Step):
    id = "search-microsoft"
    title = Shown(N_("Search for Microsoft's images"))
    notebook = "03-search-microsoft"
    expected = expect(linux=Outcome.PASS, windows=Outcome.PASS)

    def expected_on(self, os_type: str, recorded: Mapping[str, Any] | None = None) -> Outcome:
        """A simulated host that never recorded ``docker search microsoft`` cannot list it
        (today's listing was never recorded: engine-facts.md section 7, [UNCERTAIN])."""
        if recorded is not None and "microsoft" not in recorded.get("search_terms", ()):
            return Outcome.NOT_APPLICABLE
        return super().expected_on(os_type, recorded)

    answer_prompt = Shown(
        N_(
            "Your search, as you typed it (docker search microsoft) or just its term (microsoft; "
            "with the offline lab, 127.0.0.1:5381/microsoft):"
        )
    )

    def check(
        self, engine: Engine, answer: str | None = None, window: Window | None = None
    ) -> CheckResult:
        term = search_term(answer or "")
        if not term:
            return self.result(
                Outcome.NOT_ATTEMPTED,
                _("No search term given yet."),
                fix=_("Run `docker search microsoft` in a terminal and paste the command you ran."),
            )
        try:
            results = engine.search(term)
        except EngineError as exc:
            return self._search_error(engine, term, exc)
        names = [str(r.get("name", "")) for r in results]
        microsoft = [n for n in names if is_microsoft(n)]
        shown = quote(term)  # a huge paste is quoted, never echoed whole
        evidence: dict[str, Any] = {
            "term": shown,
            "results": len(names),
            "Microsoft images": microsoft,
        }
        if not names:
            return self.result(
                Outcome.FAIL,
                _("“{term}” found no images.").format(term=shown),
                evidence=evidence,
                fix=_("Search for `microsoft`."),
            )
        if not microsoft:
            return self.result(
                Outcome.FAIL,
                _(
                    "“{term}” found {total} images, none of them Microsoft's "
                    "(their names start with microsoft/)."
                ).format(term=shown, total=len(names)),
                evidence=evidence,
                fix=_("Search for `microsoft`."),
            )
        evidence["which are Windows images (from their platforms)"] = self._platforms(
            engine, microsoft
        )
        if len(microsoft) > MAX_PLATFORM_LOOKUPS:
            evidence["platforms not looked up"] = _(
                "{more} more (only the first {limit} are, to keep the check quick)"
            ).format(more=len(microsoft) - MAX_PLATFORM_LOOKUPS, limit=MAX_PLATFORM_LOOKUPS)
        if term.split("/", 1)[0] == LAB_INDEX:
            evidence["index"] = _(
                "the offline lab's index at {index}: a recording of the 2016 listing, "
                "not Docker Hub today"
            ).format(index=LAB_INDEX)
        return self.result(
            Outcome.PASS,
            ngettext(
                "“{term}” found {count} Microsoft image among {total} results.",
                "“{term}” found {count} Microsoft images among {total} results.",
                len(microsoft),
            ).format(term=shown, count=len(microsoft), total=len(names)),
            evidence=evidence,
        )

    def _search_error(self, engine: Engine, term: str, exc: EngineError) -> CheckResult:
        evidence = {"term": quote(term), "daemon": exc.problem.detail}
        if exc.problem.code == "not-recorded":
            return self._not_recorded(engine, term, exc, evidence)
        lab_term = search_target(term, engine)
        if lab_term != term:
            fix = _("Search the offline lab's index instead: `docker search {term}`.").format(
                term=quote(lab_term)
            )
        else:
            fix = sentences(
                exc.problem.fix,
                _("Offline? Start the lab (`wintut lab up`) and search `{index}/{term}`.").format(
                    index=LAB_INDEX, term=quote(term)
                ),
            )
        return self.result(
            Outcome.ERROR,
            _("The engine could not search for “{term}”: {message}").format(
                term=quote(term), message=exc.problem.message
            ),
            evidence=evidence,
            fix=fix,
            problem=exc.problem,
        )

    def _not_recorded(
        self, engine: Engine, term: str, exc: EngineError, evidence: dict[str, Any]
    ) -> CheckResult:
        """A simulated host without this listing: it shows nothing it did not record."""
        words = {"host": engine.simulated, "term": quote(term)}
        if term.rsplit("/", 1)[-1].lower() != "microsoft":
            reason = (
                _(
                    "The simulated host {host} has no recorded listing for `docker search "
                    "{term}`; this step is about `docker search microsoft`."
                )
                if engine.simulated
                else _(
                    "This host has no recorded listing for `docker search {term}`; this step is "
                    "about `docker search microsoft`."
                )
            )
            return self.result(
                Outcome.NOT_ATTEMPTED,
                reason.format(**words),
                evidence=evidence,
                fix=_("Search for `microsoft`."),
                problem=exc.problem,
            )
        # Today's Docker Hub listing was never recorded (engine-facts.md section 7).
        reason = (
            _(
                "The simulated host {host} has no recorded listing for `docker search {term}`, "
                "and it shows nothing it did not record. Only the 2016 hosts have one (the "
                "seed's `docker search microsoft`)."
            )
            if engine.simulated
            else _(
                "This host has no recorded listing for `docker search {term}`, and it shows "
                "nothing it did not record. Only the 2016 hosts have one (the seed's `docker "
                "search microsoft`)."
            )
        )
        return self.result(
            Outcome.NOT_APPLICABLE,
            reason.format(**words),
            evidence=evidence,
            fix=_(
                "Search for `microsoft` on a 2016 host: "
                '`wintut.simulate("docker-for-windows-2016")`.'
            ),
            problem=exc.problem,
        )

    def _platforms(self, engine: Engine, names: list[str]) -> dict[str, str]:
        """Name -> what its manifest list says (or why we cannot tell)."""
        found: dict[str, str] = {}
        unreachable = False
        for name in names[:MAX_PLATFORM_LOOKUPS]:
            if unreachable:
                found[name] = _("unknown (registry not reachable)")
                continue
            ref = images.resolve(name.split(f"{LAB_INDEX}/", 1)[-1], engine=engine)
            try:
                platforms = images.platforms(ref, engine)
            except EngineError as exc:
                if exc.problem.code == "not-recorded":
                    found[name] = _("unknown (not recorded on this simulated host)")
                elif exc.problem.code == "not-found":
                    found[name] = _("unknown (the registry has no {ref})").format(ref=ref)
                else:
                    # One registry serves them all: don't wait on it again for each name.
                    unreachable = True
                    found[name] = _("unknown (registry not reachable)")
                continue
            listed = ", ".join(images.platform_string(p) for p in platforms)
            found[name] = _("{verdict} ({platforms}; read from {ref})").format(
                verdict=kind_label(platforms), platforms=listed or _("no platforms listed"), ref=ref
            )
        return found

    def solve(self, engine: Engine, progress: ProgressCallback | None = None) -> CheckResult:
        return self.solved(self.check(engine, answer=search_target("microsoft", engine)))
