"""Image endpoints: list, inspect, pull, search and the registry's ``/distribution``.

Pulls, searches and distribution lookups the profile never recorded answer 404 with the
``X-Wintut-Not-Recorded: 1`` header (:class:`~wintut.replay.state.NotRecorded`).
"""

from __future__ import annotations

import json
from typing import Any

from wintut.replay.building import build, history_of
from wintut.replay.objects import ApiError, Image, NotRecorded, derived_id, iso
from wintut.replay.profiles import normalize_ref
from wintut.replay.routes.messages import Request, Response, filters
from wintut.replay.state import HostState


def _image_summary(image: Image) -> dict[str, Any]:
    return {
        "Id": image.id,
        "ParentId": "",
        "RepoTags": [image.ref],
        # a built image was never pushed: no digest (derived: as `docker images --digests`)
        "RepoDigests": [] if image.history else [f"{image.repository}@{image.digest}"],
        "Created": int(image.created),
        "Size": image.size,
        "SharedSize": -1,
        "VirtualSize": image.size,
        "Labels": {**image.labels, "wintut.simulated": "true"},
        "Containers": -1,
    }


def images_list(host: HostState, req: Request) -> Response:
    with host.cond:
        images = sorted(host.images.values(), key=lambda i: -i.created)
    reference = filters(req).get("reference") or ([req.arg("filter")] if req.arg("filter") else [])
    if reference:
        images = [i for i in images if any(_ref_matches(i, r) for r in reference)]
    return Response(body=[_image_summary(i) for i in images])


def _ref_matches(image: Image, wanted: str) -> bool:
    if ":" in wanted.rsplit("/", 1)[-1]:
        return normalize_ref(wanted) == image.ref
    return image.repository == normalize_ref(wanted).rsplit(":", 1)[0]


def image_inspect(host: HostState, req: Request, name: str) -> Response:
    image = host.find_image(name)
    if image is None:
        raise ApiError(404, f"No such image: {name}")
    body = {
        **_image_summary(image),
        "Parent": "",
        "Comment": f"simulated by wintut ({host.profile.id})",
        "Created": iso(image.created),
        "Config": {
            "Cmd": image.cmd,
            "Env": [],
            "Labels": {**image.labels, "wintut.simulated": "true"},
        },
        "Architecture": image.architecture,
        "Os": image.os,
        "GraphDriver": {"Name": host.profile.info.get("Driver", ""), "Data": {}},
        "RootFS": {"Type": "layers", "Layers": image.rootfs},
        "Metadata": {"LastTagTime": "0001-01-01T00:00:00Z"},
    }
    if image.os_version:
        body["OsVersion"] = image.os_version
    return Response(body=body)


def _status(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode() + b"\r\n"


def pull(host: HostState, req: Request) -> Response:
    """``POST /images/create``: replay a pull, or the error this host really gave."""
    name = req.arg("fromImage")
    if not name:
        raise ApiError(400, "fromImage is required (import is not simulated)")
    tag = req.arg("tag")
    if tag and "@" not in name and ":" not in name.rsplit("/", 1)[-1]:
        name = f"{name}@{tag}" if tag.startswith("sha256:") else f"{name}:{tag}"
    ref = normalize_ref(name)
    repository, _, tag = ref.rpartition(":") if "@" not in ref else (ref, "", ref)
    path = repository.split("/", 1)[1] if "." in repository.split("/")[0] else repository
    pulling = {"status": f"Pulling from {path if '/' in path else 'library/' + path}", "id": tag}
    error = host.profile.pull_errors.get(ref)
    if error:
        # The daemon flushed "Pulling from" first, so the error comes inside the 200 stream
        # (moby image_routes.go postImagesCreate; microsoft/Windows-Containers#155 transcript).
        message = error["message"]
        failure = {"errorDetail": {"message": message}, "error": message}
        return Response(stream=iter([_status(pulling), _status(failure)]))
    # An image the host already holds is "up to date" even if no platform fits: the 2016
    # beta pulled Windows images onto its Linux engine (the seed), which later engines refuse.
    if ref not in host.profile.registry or (
        host.platform_for(ref) is None and ref not in host.images
    ):
        raise NotRecorded(f"pull {ref}")
    image, new = host.add_image(ref)
    lines = [_status(pulling)]
    if new:
        layer = image.digest[7:19]
        lines += [
            _status({"status": "Pulling fs layer", "progressDetail": {}, "id": layer}),
            _status({"status": "Download complete", "progressDetail": {}, "id": layer}),
            _status({"status": "Pull complete", "progressDetail": {}, "id": layer}),
        ]
    lines.append(_status({"status": f"Digest: {image.digest}"}))
    word = "Downloaded newer image" if new else "Image is up to date"
    lines.append(_status({"status": f"Status: {word} for {ref}"}))
    return Response(stream=iter(lines))


def search(host: HostState, req: Request) -> Response:
    term = req.arg("term")
    if term not in host.profile.search_terms:
        raise NotRecorded(f"search {term}")
    try:
        limit = int(req.arg("limit") or 25)
    except ValueError as exc:
        raise ApiError(400, f"invalid limit: {exc}") from exc
    results = [
        {
            "name": item["name"],
            "description": item["description"],
            "star_count": 0,
            "is_official": False,
            "is_automated": False,
        }
        for item in host.profile.search.get(term, [])
    ]
    return Response(body=results[: max(1, min(limit, 100))])


def distribution(host: HostState, req: Request, name: str) -> Response:
    ref = normalize_ref(name)
    entry = host.profile.registry.get(ref)
    if entry is None:
        raise NotRecorded(f"distribution {ref}")
    listed = entry.get("manifest_list", True)
    media = "application/vnd.docker.distribution.manifest" + (".list" if listed else "")
    digest = (
        host.images[ref].digest if ref in host.images else "sha256:" + derived_id("digest", ref)
    )
    return Response(
        body={
            "Descriptor": {"mediaType": media + ".v2+json", "digest": digest, "size": 0},
            "Platforms": entry["platforms"],
        }
    )


def image_history(host: HostState, req: Request, name: str) -> Response:
    image = host.find_image(name)
    if image is None:
        raise ApiError(404, f"No such image: {name}")
    return Response(body=history_of(image))


def image_delete(host: HostState, req: Request, name: str) -> Response:
    """``docker rmi``: untag ``name`` (the simulated host keeps no layers to delete)."""
    image = host.find_image(name)
    if image is None:
        raise ApiError(404, f"No such image: {name}")
    with host.cond:
        refs = [ref for ref, i in host.images.items() if i.id == image.id]
        untag = [normalize_ref(name)] if normalize_ref(name) in refs else refs
        for ref in untag:
            del host.images[ref]
            host._event("image", "untag", image.id, {"name": ref})
    return Response(body=[{"Untagged": ref} for ref in untag])


def image_build(host: HostState, req: Request) -> Response:
    """``POST /build`` (the classic builder, which the docker CLI uses for Windows engines)."""
    try:
        labels = json.loads(req.arg("labels") or "{}")
    except ValueError as exc:
        raise ApiError(400, f"invalid labels: {exc}") from exc
    if not isinstance(labels, dict):
        raise ApiError(400, "invalid labels: not an object")
    messages = build(
        host,
        req.body,
        req.query.get("t") or [],
        {str(k): str(v) for k, v in labels.items()},
        req.arg("dockerfile"),
    )
    return Response(stream=iter([b""] + [_status(m) for m in messages]))
