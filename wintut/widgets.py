"""Thin ipywidgets views. They show data the steps and the doctor return; they decide nothing.

Every view is an object whose plain-text form is the full report, so a front end that cannot
render widgets (nbval, a terminal, GitHub's preview) still shows the learner everything.
Everything from the engine or the learner is escaped before it reaches the page.
"""

from __future__ import annotations

import html
from typing import Any

from wintut.engine import Engine


def esc(value: object) -> str:
    """HTML-escape anything for the page."""
    return html.escape(str(value), quote=True)


class View:
    """A widget with a plain-text fallback: Jupyter shows the widget, everything else the text."""

    def __init__(self, widget: Any, text: Any) -> None:
        self.widget = widget
        self._text = text  # a callable, so the text follows re-checks

    def __str__(self) -> str:
        return str(self._text())

    def __repr__(self) -> str:
        return str(self)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        bundle["text/plain"] = str(self)
        return bundle


def _doctor_html(report: Any) -> str:
    data = report.to_dict()
    engine = data["engine"]
    rows = [
        (
            "Engine",
            esc(engine["endpoint"]) + f" <small>(from {esc(engine['endpoint_source'])})</small>",
        ),
        ("Reachable", "✔ yes" if engine["reachable"] else "✖ no"),
    ]
    if engine["reachable"]:
        rows += [
            ("Server version", esc(engine["server_version"])),
            ("OS type", esc(engine["os_type"])),
            ("Kernel", f"<code>{esc(engine['kernel'])}</code>"),
        ]
    host = data["host"]
    if host.get("kind"):
        rows += [
            ("Host kind", f"<code>{esc(host['kind'])}</code> — {esc(host['title'])}"),
            ("Kernel comes from", esc(host["explanation"])),
        ]
    versions = data["python"]["versions"]
    rows.append(
        (
            "Python side",
            ", ".join(f"{esc(k)} {esc(v or 'missing')}" for k, v in versions.items())
            + f"; widget extension {esc(data['python']['widget_extension'] or 'not found')}",
        )
    )
    table = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    verdict = (
        "<p><b>✔ Ready for the course.</b></p>"
        if report.ready
        else "<p><b>✖ Not ready yet.</b> Fix the first problem below, then press Re-check.</p>"
    )
    problems = "".join(
        f"<li>{'✖' if p['blocking'] else '⚠'} <b>{esc(p['message'])}</b><br>"
        f"Fix: {esc(p['fix'])}"
        + (
            f"<details><summary>Details</summary><pre>{esc(p['detail'])}</pre></details>"
            if p["detail"]
            else ""
        )
        + "</li>"
        for p in data["problems"]
    )
    return verdict + f"<table>{table}</table>" + (f"<ul>{problems}</ul>" if problems else "")


def doctor_view(engine: Engine | None = None) -> Any:
    """The doctor's report as a widget with a Re-check button (plain text where no widgets)."""
    from wintut.doctor import diagnose

    state = {"report": diagnose(engine)}
    try:
        import ipywidgets as w
    except ImportError:
        return state["report"]
    body = w.HTML(_doctor_html(state["report"]))
    button = w.Button(description="Re-check", icon="refresh", tooltip="Run the checks again")

    def recheck(_: Any) -> None:
        button.disabled = True
        try:
            state["report"] = diagnose(engine)
            body.value = _doctor_html(state["report"])
        finally:
            button.disabled = False

    button.on_click(recheck)
    return View(w.VBox([body, button]), lambda: state["report"])
