"""The course session: the learner's setup, chosen once and kept in their data folder.

It holds which engine the course uses (the learner's own, or a simulated host and which
profile), when the learner started (so history from before does not count), the language, and
where progress lives. Every notebook kernel, every restart and the CLI read the same
``session.json``, so a simulated host chosen in notebook 00 holds in 01-06 until the learner goes
back. This is the one module that knows both the client (:mod:`wintut.engine`) and the simulated
server (:mod:`wintut.replay`) and wires them together.

A simulated host runs as one background process per data folder (:mod:`wintut.hostproc`),
shared by every kernel, terminal and CLI call of the learner, so a container run in a terminal
is seen by the notebook's check. ``WINTUT_SIMULATE=PROFILE`` (or
``none``) overrides the saved choice for one process tree: nbval runs and classrooms use it.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wintut import i18n, paths
from wintut.answers import clean
from wintut.engine import Endpoint, Engine, resolve_endpoint
from wintut.errors import EngineError, WintutError
from wintut.hostproc import HostError, HostProcess
from wintut.i18n import _
from wintut.locking import locked
from wintut.results import CheckResult
from wintut.store import Store, StoreError, source_of

SESSION_FILE = "session.json"

DEFAULT_PROFILES = {
    "windows": "docker-desktop-wsl2",
    "darwin": "docker-desktop-mac",
    "linux": "docker-engine-linux",
}
"""The simulated host that stands in when no engine answers: the learner's own kind of machine."""


class SessionError(WintutError):
    """The session could not start what it needs (a simulated host); the message says why."""


@dataclass(frozen=True)
class Choice:
    """Which engine the course uses."""

    profile: str | None
    """A simulated host's profile id, or ``None`` for the learner's own engine."""
    by: str
    """``learner`` (picked it), ``default`` (no engine answered, the embedded default was
    taken), ``environment`` (``WINTUT_SIMULATE``), or ``auto`` (nothing chosen yet)."""


def _now() -> float:
    return time.time()


class Session:
    """The learner's course session.

    Args:
        home: the data folder (default: ``WINTUT_HOME`` or the user data folder).
        env: the environment to read (default: ``os.environ``).
    """

    def __init__(self, home: Path | str | None = None, env: dict[str, str] | None = None) -> None:
        self.home = Path(home) if home is not None else paths.home()
        self.env = os.environ if env is None else env
        self.path = self.home / SESSION_FILE
        self._engine: Engine | None = None
        self._notices: list[str] = []
        self._leftovers_cleaned = False
        self._data = self._read()
        host = self.env.get("DOCKER_HOST")
        # a kernel we pointed at the simulated host keeps that in its environment
        simulated_url = HostProcess(self.home).recorded().get("url")
        self._own_docker_host = None if host == simulated_url else host
        if "started_at" not in self._data:
            self._update(started_at=_now())

    # -- the file ---------------------------------------------------------------------------

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _update(self, **changes: Any) -> None:
        """Change the saved session (read-modify-write under the data folder's lock)."""
        try:
            with locked(self.home / (SESSION_FILE + ".lock")):
                data = self._read()
                data.update(changes)
                data = {k: v for k, v in data.items() if v is not None}
                temp = self.path.with_suffix(".tmp")
                temp.write_text(json.dumps(data, indent=2), encoding="utf-8")
                os.replace(temp, self.path)
        except (OSError, TimeoutError) as exc:
            # A read-only folder must not stop the course: keep the choice for this process.
            self._notices.append(
                _("⚠ wintut could not save your course session: {exc}").format(exc=exc)
            )
            data = {**self._data, **changes}
        self._data = {k: v for k, v in data.items() if v is not None}

    # -- what the learner chose ---------------------------------------------------------------

    @property
    def started_at(self) -> float:
        """When the learner started the course (Unix time): history before it does not count."""
        return float(self._data.get("started_at") or 0.0)

    @property
    def choice(self) -> Choice:
        forced = self.env.get("WINTUT_SIMULATE", "").strip()
        if forced:
            return Choice(None if forced.lower() == "none" else forced, "environment")
        profile = self._data.get("simulated")
        by = str(self._data.get("chosen_by") or ("learner" if profile else "auto"))
        return Choice(str(profile) if profile else None, by)

    @property
    def client_os(self) -> str:
        return paths.client_os()

    @property
    def lang(self) -> str:
        """The course language (``en`` or ``zh_CN``): ``WINTUT_LANG``, the edition of the
        notebook being run, the saved choice, the system's, else English (:func:`i18n.choose`)."""
        try:
            cwd: Path | None = Path.cwd()
        except OSError:
            cwd = None
        return i18n.choose(self.env, cwd, self._data.get("lang"))

    def choose_lang(self, value: str) -> str:
        """Keep the learner's language (``wintut open --lang``) and use it from now on."""
        lang = i18n.normalise(value) or i18n.ENGLISH
        self._update(lang=lang)
        return i18n.set_language(self.lang)

    def since(self, step_id: str | None = None) -> float:
        """Where a check's look at the engine's history starts: when the course started."""
        return self.started_at

    def notices(self) -> list[str]:
        """One-time messages (the embedded default was chosen, …); each is returned once."""
        found, self._notices = self._notices, []
        return found

    # -- the engine ---------------------------------------------------------------------------

    def engine(self) -> Engine:
        """The engine the course uses now (resolved once per process): the simulated host the
        learner (or the embedded default) chose, else the learner's own engine."""
        if self._engine is None:
            profile = self.choice.profile
            self._engine = self._simulated(profile) if profile else self.own_engine()
        return self._engine

    def start_course(self) -> Engine:
        """The engine, for the course itself (``wintut open``, the notebooks): when nothing was
        chosen yet and no engine answers, the simulated host of the learner's own kind of
        machine is taken, kept for every notebook, and said once. The CLI's checks do not do
        this: they report the learner's own engine unless a simulated host was chosen."""
        if self._engine is None:
            choice = self.choice
            if choice.by == "auto" and not self._own_engine_answers():
                profile = DEFAULT_PROFILES[self.client_os]
                self._update(simulated=profile, chosen_by="default")
                self._engine = self._simulated(profile)
                self._notices.append(
                    _(
                        "⚠ No Docker engine answers here, so the course runs on a simulated "
                        "host: {profile} (recorded outputs of that kind of machine, not your "
                        "engine)."
                    ).format(profile=profile)
                )
        return self.engine()

    def point_at(self, engine: Engine) -> None:
        """Use ``engine`` in this process only (``--host``); the saved choice stays."""
        self._engine = engine

    def own_engine(self) -> Engine:
        """The learner's own engine, whatever the course uses now: resolved as the docker CLI
        would (DOCKER_HOST, a context, the platform default), never from the DOCKER_HOST this
        process was given for a simulated host."""
        env = {k: v for k, v in self.env.items() if k != "DOCKER_HOST"}
        if self._own_docker_host:
            env["DOCKER_HOST"] = self._own_docker_host
        try:
            return Engine(resolve_endpoint(env=env))
        except EngineError:
            return Engine()  # a broken context: the engine's status says so

    def _own_engine_answers(self) -> bool:
        return self.own_engine().status().reachable

    def own_engine_answers_now(self) -> bool:
        """On a simulated host: does the learner's own engine answer now? (the switch offer)"""
        return self.choice.profile is not None and self._own_engine_answers()

    def use(self, profile: str | None) -> Engine:
        """Switch the course to a simulated host (``profile``) or back to the learner's own
        engine (``None``), for every notebook and the CLI. Returns the engine now in use.

        Raises:
            KeyError: no such profile.
            SessionError: the simulated host could not be started.
        """
        if profile is not None:
            from wintut.replay.profiles import load

            load(profile)  # an unknown id fails here, with the list of known ones
        host = HostProcess(self.home)
        if host.recorded().get("profile") != profile:
            host.stop()
        self._update(simulated=profile, chosen_by="learner" if profile else "real")
        if self._engine is not None:
            self._engine.close()
            self._engine = None
        if profile is None:
            self._restore_docker_host()
        return self.engine()

    def simulated_details(self, engine: Engine | None = None) -> dict[str, Any] | None:
        """What a simulated host is and where its key values come from (shown on request)."""
        from wintut.replay.profiles import load

        profile_id = (engine or self.engine()).simulated
        if not profile_id:
            return None
        profile = load(profile_id)
        keys = ("OSType", "KernelVersion", "OperatingSystem", "ServerVersion", "Isolation")
        return {
            "profile": profile.id,
            "title": profile.title,
            "client_os": profile.client_os,
            "sources": {
                f"/info/{k}": profile.source(f"/info/{k}") for k in keys if k in profile.info
            },
            "all_sources": f"wintut simulate --sources {profile.id}",
        }

    def diagnose(self, engine: Engine | None = None) -> Any:
        """The doctor's report on the course's engine, or on ``engine``
        (:func:`wintut.readiness.diagnose`)."""
        from wintut.readiness import diagnose

        engine = engine or self.engine()
        return diagnose(engine, self.simulated_details(engine), DEFAULT_PROFILES[self.client_os])

    def recorded(self, engine: Engine | None = None) -> dict[str, Any] | None:
        """On a simulated host, what its profile recorded (for the steps' expected outcomes)."""
        from wintut.replay.profiles import load

        profile_id = (engine or self.engine()).simulated
        return {"search_terms": load(profile_id).search_terms} if profile_id else None

    @contextlib.contextmanager
    def scratch_engine(self) -> Iterator[Engine]:
        """An engine the self-test may do steps on without touching the learner's work: a
        fresh private simulated host of the same profile, or the same real engine (wintut's
        labelled runs never count for the learner there)."""
        profile = self.engine().simulated
        if not profile:
            yield self.engine()
            return
        from wintut.replay.server import SimulatedHost

        with SimulatedHost(profile).start() as host:
            engine = Engine(host.url, simulated=profile)
            try:
                yield engine
            finally:
                engine.close()

    # -- checks, recorded ------------------------------------------------------------------

    @property
    def store(self) -> Store:
        return Store(self.home)

    def record(self, result: CheckResult, engine: Engine | None = None) -> None:
        """Keep ``result`` in the learner's progress, marked with the engine it came from.

        A store that cannot be written does not stop the course: the check stands, and a notice
        says progress was not saved.
        """
        from wintut.classroom.record import record_of
        from wintut.classroom.sender import send_result

        source, store = source_of((engine or self.engine()).simulated), self.store
        try:
            store.record(result, source)
        except StoreError as exc:
            self._notices.append(f"⚠ {exc}")
        self._notices += store.notices()  # a file set aside or records skipped: said once
        send_result(record_of(result, source))  # in a JupyterHub class only; never blocks

    def check(self, step_id: str, answer: str | None = None) -> CheckResult:
        """Check one step on the course's engine, counting only what happened since the learner
        started, and record it: the widgets and ``wintut check`` both call this."""
        from wintut.steps import run_check

        engine = self.engine()
        since, record = self.since(step_id), lambda r: self.record(r, engine)
        checked = run_check(step_id, clean(answer), engine, since=since, record=record)
        return self.clean_leftovers(engine, checked)

    def solve(self, step_id: str, progress: Any = None) -> CheckResult:
        """Do the step for the learner ("Do it for me"), recorded as solved, not as a pass."""
        from wintut.steps import run_solve

        engine = self.engine()
        return self.clean_leftovers(
            engine, run_solve(step_id, engine, progress, record=lambda r: self.record(r, engine))
        )

    def clean_leftovers(self, engine: Engine, after: CheckResult) -> CheckResult:
        """Remove wintut's leftovers once per process, after a check that reached the engine
        (an absent one costs no second wait), and say so once (:mod:`wintut.leftovers`)."""
        from wintut.leftovers import clean_once

        if not self._leftovers_cleaned and after.outcome.value != "error":
            self._leftovers_cleaned, said = clean_once(engine)
            self._notices += [said] if said else []
        return after

    # -- the simulated host process ---------------------------------------------------------

    def _simulated(self, profile: str) -> Engine:
        try:
            url = HostProcess(self.home).url(profile)
        except HostError as exc:
            raise SessionError(str(exc)) from exc
        os.environ["DOCKER_HOST"] = url  # `!docker` cells in this kernel reach it too
        return Engine(Endpoint(url, f"simulated host {profile}"), simulated=profile)

    def _restore_docker_host(self) -> None:
        if self._own_docker_host is None:
            os.environ.pop("DOCKER_HOST", None)
        else:
            os.environ["DOCKER_HOST"] = self._own_docker_host


_current: Session | None = None


def current() -> Session:
    """The session of this process's learner (a new one when ``WINTUT_HOME`` changed)."""
    global _current
    if _current is None or _current.home != paths.home():
        _current = Session()
        i18n.set_language(_current.lang)
    return _current
