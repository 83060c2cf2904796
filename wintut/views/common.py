"""What every view shares: the widget-with-text-twin wrapper, escaping and the simulated mark.

Views take data and callbacks and decide nothing: the steps decide outcomes, the session
decides which engine, and results render themselves (:class:`wintut.results.CheckResult`).
Everything from the engine or the learner is escaped before it reaches the page.
"""

from __future__ import annotations

import functools
import html
from typing import Any


def esc(value: object) -> str:
    """HTML-escape anything for the page."""
    return html.escape(str(value), quote=True)


def badge_html(mark: str) -> str:
    """The ``⚠ simulated: PROFILE`` badge, in words (never a colour alone); empty for none."""
    if not mark:
        return ""
    # The learner must never mistake a recording for their own engine.
    return (
        "<span class='wintut-simulated' style='border:1px solid #888;padding:0 4px;"
        f"margin-left:6px;font-size:90%'>⚠ {esc(mark)}</span>"
    )


def notices_html(notices: list[str]) -> str:
    """One-time notices (the embedded simulated host was chosen, …) as escaped lines."""
    return "".join(f"<div class='wintut-notice' role='status'>{esc(n)}</div>" for n in notices)


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


_LIVE_ESM = """
function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "wintut-live";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  const show = () => { region.innerHTML = model.get("value"); };
  model.on("change:value", show);
  show();
  el.append(region);
}
export default { render };
"""


@functools.cache
def _live_class() -> type:
    import anywidget
    import traitlets

    class LiveHTML(anywidget.AnyWidget):
        """HTML in a region that stays on the page, so a screen reader announces each change."""

        _esm = _LIVE_ESM
        value = traitlets.Unicode("").tag(sync=True)

    return LiveHTML


def live_html(value: str = "") -> Any:
    """A widget like ``ipywidgets.HTML`` whose content sits in a lasting ``role="status"``,
    ``aria-live="polite"`` region: a region made together with its text is often not read
    out, one that was already there is. ``value`` is HTML wintut built, everything escaped."""
    return _live_class()(value=value)
