"""The doctor's report as a widget, with a Re-check button and the simulated-host offer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wintut.i18n import _
from wintut.views.common import View, badge_html, esc, live_html, notices_html


def doctor_html(report: Any) -> str:
    data = report.to_dict()
    engine = data["engine"]
    said = str(engine.get("endpoint_said") or engine["endpoint"])
    rows = [
        (_("Engine"), esc(said)),
        (_("Reachable"), esc(_("✔ yes") if engine["reachable"] else _("✖ no"))),
    ]
    if engine["reachable"]:
        rows += [
            (_("Server version"), esc(engine["server_version"])),
            (_("OS type"), esc(engine["os_type"])),
            (_("Kernel"), f"<code>{esc(engine['kernel'])}</code>"),
        ]
    simulated = data.get("simulated")
    if simulated:
        sources = "".join(
            f"<tr><td><code>{esc(path)}</code></td><td>{esc(source)}</td></tr>"
            for path, source in simulated["sources"].items()
        )
        sources_title, all_of_them = _("Sources"), _("All of them:")
        recorded = _("{title}: recorded outputs, not a real engine").format(
            title=_(simulated["title"])
        )
        rows.append(
            (
                _("Simulated host"),
                f"{esc(recorded)}"
                f"<details><summary>{esc(sources_title)}</summary><table>{sources}</table>"
                f"{esc(all_of_them)} <code>{esc(simulated['all_sources'])}</code></details>",
            )
        )
    host = data["host"]
    if host.get("kind"):
        rows += [
            (_("Host kind"), f"<code>{esc(host['kind'])}</code> — {esc(host['title'])}"),
            (_("Kernel comes from"), esc(host["explanation"])),
        ]
    versions = data["python"]["versions"]
    missing = _("missing")
    extension = _("widget extension {version}").format(
        version=data["python"]["widget_extension"] or _("not found")
    )
    rows.append(
        (
            _("Python side"),
            ", ".join(f"{esc(k)} {esc(v or missing)}" for k, v in versions.items())
            + f"; {esc(extension)}",
        )
    )
    head = "style='text-align:left;white-space:nowrap'"  # a Chinese label must not wrap
    table = "".join(f"<tr><th {head}>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows)
    ready, not_ready = _("✔ Ready for the course."), _("✖ Not ready yet.")
    first = _("Fix the first problem below, then press Re-check.")
    verdict = (
        f"<p><b>{esc(ready)}</b></p>"
        if report.ready
        else f"<p><b>{esc(not_ready)}</b> {esc(first)}</p>"
    )
    fix_line, details_title = _("Fix: {fix}"), _("Details")
    problems = "".join(
        f"<li>{'✖' if p['blocking'] else '⚠'} <b>{esc(p['message'])}</b><br>"
        f"{esc(fix_line.format(fix=p['fix']))}"
        + (
            f"<details><summary>{esc(details_title)}</summary><pre>{esc(p['detail'])}</pre>"
            "</details>"
            if p["detail"]
            else ""
        )
        + "</li>"
        for p in data["problems"]
    )
    mark = _("simulated: {profile}").format(profile=simulated["profile"]) if simulated else ""
    badge = badge_html(mark) if simulated else ""
    return (
        badge + verdict + f"<table>{table}</table>" + (f"<ul>{problems}</ul>" if problems else "")
    )


def doctor_view(
    diagnose: Callable[[], Any],
    choices: list[tuple[str, str]],
    on_simulate: Callable[[str | None], Any] | None = None,
    notices: Callable[[], list[str]] | None = None,
) -> Any:
    """The doctor's report as a widget with a Re-check button (plain text where no widgets).

    Args:
        diagnose: makes a fresh report (:class:`wintut.readiness.Report`).
        choices: ``(label, profile id)`` of the simulated hosts to offer.
        on_simulate: switches the course to a profile, or back with ``None``; when given, a
            report that finds no engine offers a simulated host, and one on a simulated host
            offers the way back.
        notices: gives one-time lines to show above the report (the embedded simulated host).
    """
    state = {"report": diagnose()}
    try:
        import ipywidgets as w
    except ImportError:
        return state["report"]
    said = notices() if notices else []
    body = live_html(notices_html(said) + doctor_html(state["report"]))  # Re-check is announced
    button = w.Button(description=_("Re-check"), icon="refresh", tooltip=_("Run the checks again"))
    choice = w.Dropdown(options=choices, layout=w.Layout(width="auto"))
    use = w.Button(
        description=_("Follow the course on this simulated host"),
        icon="play",
        layout=w.Layout(width="max-content"),
    )
    back = w.Button(
        description=_("Back to my own engine"), icon="undo", layout=w.Layout(width="max-content")
    )
    offer = w.VBox([])

    def show(report: Any) -> None:
        body.value = notices_html(notices() if notices else []) + doctor_html(report)
        if on_simulate is None:
            return
        if report.simulated:
            offer.children = (back,)
        elif any(p.code == "simulated-host-available" for p in report.problems):
            question, pick = _("No engine here?"), _("Pick a recorded host:")
            offer.children = (
                w.HTML(f"<b>{esc(question)}</b> {esc(pick)}"),
                choice,
                use,
            )
        else:
            offer.children = ()

    def recheck(_button: Any = None) -> None:
        button.disabled = True
        try:
            state["report"] = diagnose()
            show(state["report"])
        finally:
            button.disabled = False

    def switch(profile: str | None) -> None:
        assert on_simulate is not None
        use.disabled = back.disabled = True
        try:
            on_simulate(profile)
        finally:
            use.disabled = back.disabled = False
        recheck()

    button.on_click(recheck)
    use.on_click(lambda _button: switch(choice.value))
    back.on_click(lambda _button: switch(None))
    show(state["report"])
    return View(w.VBox([body, button, offer]), lambda: state["report"])
