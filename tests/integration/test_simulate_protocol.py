"""The protocol marks a simulated host's HTTP server sends, read off the loopback wire."""

from __future__ import annotations

import pytest
import requests

from wintut.errors import NOT_RECORDED_HEADER
from wintut.replay import SimulatedHost

pytestmark = pytest.mark.simulate


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("POST", "/v1.41/images/create?fromImage=alpine&tag=3.20"),
        ("GET", "/v1.41/images/search?term=microsoft"),
        ("GET", "/v1.41/distribution/alpine:3.20/json"),
    ],
)
def test_not_recorded_is_a_header_on_the_404(method, target):
    with SimulatedHost("windows-server-2022") as host, requests.Session() as session:
        answer = session.request(method, f"http://127.0.0.1:{host.port}{target}", timeout=10)
    assert answer.status_code == 404
    assert answer.headers[NOT_RECORDED_HEADER] == "1"
    assert answer.headers["X-Wintut-Simulated"] == "windows-server-2022"
    assert answer.json()["message"].startswith("not recorded on this simulated host: ")


def test_a_plain_404_has_no_such_header():
    with SimulatedHost("windows-server-2022") as host, requests.Session() as session:
        answer = session.get(f"http://127.0.0.1:{host.port}/v1.41/images/alpine/json", timeout=10)
    assert answer.status_code == 404 and NOT_RECORDED_HEADER not in answer.headers
