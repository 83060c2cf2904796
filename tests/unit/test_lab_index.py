"""The search index answers like Docker Hub's v1 search, from the 2016 recording."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest

from wintut.lab import index


@pytest.fixture(scope="module")
def data():
    return index.load(index.DEFAULT_DATA)


def test_data_records_its_source_and_the_printed_rows(data):
    assert "000_b6b9d27de67a7d8a.txt" in data["source"]["file"]
    names = [r["name"] for r in data["results"]]
    assert len(names) == 25
    assert names[:3] == ["microsoft/aspnet", "microsoft/dotnet", "mono"]
    iis = next(r for r in data["results"] if r["name"] == "microsoft/iis")
    assert iis == {
        "name": "microsoft/iis",
        "description": "Internet Information Services (IIS) instal...",
        "star_count": 25,
        "is_official": False,
        "is_automated": False,
    }
    mono = next(r for r in data["results"] if r["name"] == "mono")
    assert mono["is_official"] is True and mono["is_automated"] is False


def test_recorded_query_returns_the_recording_in_order(data):
    results = index.search(data, "Microsoft")
    assert [r["name"] for r in results] == [r["name"] for r in data["results"]]


def test_other_terms_filter_name_and_description(data):
    assert [r["name"] for r in index.search(data, "nano")] == [
        "microsoft/nanoserver",
        "microsoft/sample-node",
        "microsoft/sample-dotnet",
    ]
    assert index.search(data, "no-such-thing") == []
    assert len(index.search(data, "microsoft", limit=5)) == 5


def test_server_answers_ping_and_search(tmp_path):
    server = index.serve("127.0.0.1:0", index.DEFAULT_DATA)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(f"{base}/v1/_ping", timeout=5) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"{base}/v1/search?q=microsoft&n=25", timeout=5) as response:
            body = json.loads(response.read())
        assert body["num_results"] == 25
        assert "microsoft/iis" in [r["name"] for r in body["results"]]
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"{base}/v2/", timeout=5)
        assert caught.value.code == 404
        caught.value.close()
    finally:
        server.shutdown()
        server.server_close()


def test_bad_data_file_is_refused(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"results": 3}', encoding="utf-8")
    with pytest.raises(ValueError, match="results"):
        index.load(bad)
    assert index.main(["--listen", "127.0.0.1:0", "--data", str(bad)]) == 1


def test_server_listens_on_ipv6_loopback_too():
    try:
        server = index.serve("[::1]:0", index.DEFAULT_DATA)
    except OSError as exc:  # a machine without IPv6
        pytest.skip(f"no IPv6 loopback here: {exc}")
    try:
        assert server.server_address[0] == "::1"
    finally:
        server.server_close()
