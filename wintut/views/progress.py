"""The course progress: a bar and a table, one line per step and engine, with a text twin."""

from __future__ import annotations

from dataclasses import dataclass

from wintut.views.common import View, badge_html, esc


@dataclass(frozen=True)
class Line:
    """One line of the progress table (the session and the store decide what it says)."""

    step: str
    title: str
    icon: str
    label: str
    """``Passed``, ``Solved for you``, ``Not yet``, … (the best outcome so far)."""
    where: str
    """``your engine``, ``⚠ simulated: PROFILE`` or ``recorded by an earlier wintut``."""
    latest: str = ""
    """The latest attempt, when it differs from the best."""


def progress_text(lines: list[Line], done: int, total: int, mark: str = "") -> str:
    """The progress as a text table: icon and words on every line."""
    out = [f"Course progress: {done} of {total} steps done" + (f"   [{mark}]" if mark else "")]
    for line in lines:
        latest = f" (latest: {line.latest})" if line.latest else ""
        out.append(
            f"  {line.icon} {line.step:<18} {line.label:<20} {line.where:<28} {line.title}{latest}"
        )
    return "\n".join(out)


def progress_view(lines: list[Line], done: int, total: int, mark: str = "") -> View:
    """A progress bar over ``done`` of ``total`` steps and the table of ``lines``."""
    import ipywidgets as w

    bar = w.IntProgress(value=done, min=0, max=max(total, 1), description=f"{done}/{total} steps")
    pad = "style='padding:0 0.6em'"
    rows = "".join(
        f"<tr><td>{esc(line.icon)}</td><td {pad}><code>{esc(line.step)}</code></td>"
        f"<td {pad}>{esc(line.label)}</td><td {pad}>{esc(line.where)}</td>"
        f"<td {pad}>{esc(line.title)}"
        + (f" <small>(latest: {esc(line.latest)})</small>" if line.latest else "")
        + "</td></tr>"
        for line in lines
    )
    body = w.HTML(f"<b>Course progress</b>{badge_html(mark)}<table>{rows}</table>")
    return View(w.VBox([bar, body]), lambda: progress_text(lines, done, total, mark))
