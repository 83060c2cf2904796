"""The zero-to-jupyterhub values files: valid YAML, only the chart's documented keys, and the
class's own rules (the service, its roles, and never the node's Docker socket).

They have not been deployed (no cluster here). The keys below are the subset of the chart's
``jupyterhub/values.schema.yaml`` these files use, read from jupyterhub/zero-to-jupyterhub-k8s
@48ea50e34daddde55d76e30df6ecd47e4abd4d8e (2026-07-24): at each level the chart sets
``additionalProperties: false``, so an unknown key there fails ``helm install``; the levels the
chart leaves open (``hub.services.*``, ``hub.loadRoles.*``, ``hub.config.<Class>``,
``singleuser.extraEnv``, container specs) are open here too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml", reason="pyyaml is in the test extra")
jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra")

from wintut.classroom import ACCESS_SCOPE, ROOM_SCOPE, SERVICE_NAME  # noqa: E402
from wintut.classroom.hubconfig import READ_SCOPE, SERVER_TOKEN_SCOPES  # noqa: E402

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def closed(**properties):
    return {"type": "object", "additionalProperties": False, "properties": properties}


OPEN = {"type": "object"}
IMAGE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "tag"],
    "properties": {"name": {"type": "string"}, "tag": {"type": "string"}},
}
NETWORK_POLICY = closed(
    enabled={"type": "boolean"}, ingress={"type": "array"}, egress={"type": "array"}
)
SERVICE = {
    "type": "object",
    "additionalProperties": True,  # the chart passes the rest to JupyterHub
    "properties": {
        "name": {"type": "string"},
        "command": {"type": ["string", "array"]},
        "url": {"type": "string"},
        "api_token": {"type": ["string", "null"]},
    },
}
CHART = closed(
    hub=closed(
        image=IMAGE,
        services={"type": "object", "additionalProperties": SERVICE},
        loadRoles={"type": "object", "additionalProperties": True},
        config={
            "type": "object",
            "additionalProperties": False,
            "patternProperties": {"^[A-Z].*$": OPEN},  # lower case: "FATAL: Invalid hub.config"
        },
        extraConfig={"type": "object"},
        service=closed(extraPorts={"type": "array"}),
        networkPolicy=NETWORK_POLICY,
    ),
    singleuser=closed(
        image=IMAGE,
        extraEnv={"type": ["object", "array"]},
        extraContainers={"type": "array"},
        extraTolerations={"type": "array"},
        nodeSelector={"type": "object"},
    ),
)


def load(name: str) -> dict:
    return yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["z2jh-values.yaml", "z2jh-dind-values.yaml"])
def test_values_use_only_the_charts_documented_keys(name):
    jsonschema.validate(load(name), CHART)


def test_a_misspelt_key_would_be_caught():
    values = load("z2jh-values.yaml")
    values["hub"]["loadroles"] = values["hub"].pop("loadRoles")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(values, CHART)


def test_the_service_roles_and_scopes_match_the_one_machine_config():
    hub = load("z2jh-values.yaml")["hub"]
    service = hub["services"][SERVICE_NAME]
    assert service["command"][1:] == ["-m", "wintut.classroom.service"]
    assert service["oauth_client_allowed_scopes"] == [ROOM_SCOPE]
    assert hub["loadRoles"]["wintut-learner"]["scopes"] == [ACCESS_SCOPE, READ_SCOPE]
    assert hub["loadRoles"]["wintut-instructor"]["scopes"] == [ROOM_SCOPE]
    assert hub["config"]["KubeSpawner"]["server_token_scopes"] == SERVER_TOKEN_SCOPES
    assert ROOM_SCOPE in hub["config"]["JupyterHub"]["custom_scopes"]
    port = int(service["url"].rsplit(":", 1)[1])
    assert {"port": port, "targetPort": port, "name": SERVICE_NAME} in hub["service"]["extraPorts"]


@pytest.mark.parametrize("name", ["z2jh-values.yaml", "z2jh-dind-values.yaml"])
def test_no_learner_pod_gets_the_nodes_docker_socket(name):
    text = yaml.safe_dump(load(name))
    assert "docker.sock" not in text
    assert "hostPath" not in text
