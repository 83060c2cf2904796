"""The layers diagram for the learner's own host: drawn from the host kind, kernel highlighted
in words and by a border, everything from the engine escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.engine_fake import FakeEngineAPI
from wintut.diagram import USED, host_svg
from wintut.hosts import detect
from wintut.steps.common import host_of

NS = {"s": "http://www.w3.org/2000/svg"}


def used_box_text(svg: str) -> str:
    """The words inside the rectangle whose class marks the used kernel."""
    root = ET.fromstring(svg)
    rects = root.findall("s:rect", NS)
    texts = root.findall("s:text", NS)
    used = [r for r in rects if "used" in r.get("class", "").split()]
    assert len(used) == 1
    top = float(used[0].get("y"))
    bottom = top + float(used[0].get("height"))
    return " ".join(t.text or "" for t in texts if top < float(t.get("y")) < bottom)


@pytest.mark.parametrize(
    ("profile", "kernel_word"),
    [
        ("docker-desktop-wsl2", "microsoft-standard-WSL2"),
        ("windows-server-2022", "Windows Server kernel 10.0 20348"),
        ("windows-11-24h2-windows-containers", "utility VM per container"),
    ],
)
def test_the_kernel_the_containers_use_is_the_highlighted_layer(profile, kernel_word):
    svg = host_svg(host_of(FakeEngineAPI(profile).engine()), f"simulated: {profile}")
    words = used_box_text(svg)
    assert kernel_word in words and USED in words
    assert f"⚠ simulated: {profile}" in svg


def test_a_linux_host_has_no_vm_and_its_own_kernel_highlighted():
    svg = host_svg(host_of(FakeEngineAPI.linux().engine()))
    assert "no virtual machine" in svg
    assert "your machine's own" in used_box_text(svg)
    assert "simulated" not in svg


def test_engine_values_are_escaped_and_unknown_kinds_are_not_drawn():
    info = {
        "OSType": "linux",
        "OperatingSystem": "Ubuntu <b>",
        "KernelVersion": '6.1.0 </text><script>alert("x")</script>&',
    }
    svg = host_svg(detect(info))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&amp;" in svg
    ET.fromstring(svg)  # still one well-formed SVG
    assert host_svg(detect({"OSType": "plan9"})) is None


def test_the_course_call_returns_an_svg_or_one_line(wintut_home):
    from wintut.course import host_diagram
    from wintut.engine import Endpoint, Engine
    from wintut.session import current

    current().point_at(FakeEngineAPI.linux().engine())
    assert "<svg" in host_diagram().data
    current().point_at(Engine(Endpoint("unix:///nonexistent/docker.sock", "argument")))
    line = host_diagram()
    assert line.startswith("⚠ ") and "\n" not in line and "general picture" in line
