"""``docker build`` on a simulated host: the classic builder's metadata instructions, replayed.

A build here makes a new image on top of one the host holds (``FROM``), with the labels, command
and environment the Dockerfile gives; it adds no layer (as the real builder does for metadata-only
instructions). What would need a real container (``RUN``, ``COPY``, ``ADD``) is not recorded and
fails the build saying so, never with invented output. The output lines follow moby's classic
builder (``Step N/M : …``, `` ---> ID``, ``Successfully built``; derived, not a recording).
"""

from __future__ import annotations

import io
import json
import shlex
import tarfile
import time
from typing import Any

from wintut.replay.objects import NOT_RECORDED, ApiError, Image, derived_id
from wintut.replay.profiles import normalize_ref

METADATA = {"LABEL", "CMD", "ENTRYPOINT", "ENV", "WORKDIR", "EXPOSE", "USER", "MAINTAINER"}


def dockerfile_of(context: bytes, name: str = "Dockerfile") -> str:
    """The Dockerfile inside a build context (a tar, compressed or not)."""
    try:
        with tarfile.open(fileobj=io.BytesIO(context), mode="r:*") as tar:
            member = tar.extractfile(name.lstrip("./"))
            if member is None:
                raise KeyError(name)
            return member.read().decode("utf-8", "replace")
    except (tarfile.TarError, KeyError) as exc:
        raise ApiError(400, f"Cannot locate specified Dockerfile: {name}") from exc


def instructions(text: str) -> list[tuple[str, str]]:
    """``(INSTRUCTION, arguments)`` pairs; comments dropped, continuation lines joined."""
    joined, lines = "", []
    for raw in text.splitlines():
        line = raw.strip()
        if not joined and (not line or line.startswith("#")):
            continue
        if line.endswith(("\\", "`")):
            joined += line[:-1] + " "
            continue
        lines.append(joined + line)
        joined = ""
    if joined.strip():
        lines.append(joined)
    pairs = []
    for line in lines:
        word, _, rest = line.partition(" ")
        pairs.append((word.upper(), rest.strip()))
    return pairs


def _words(argument: str) -> list[str]:
    """A JSON array form, or the shell form as Windows' default shell runs it."""
    if argument.startswith("["):
        try:
            value = json.loads(argument)
        except ValueError:
            value = None
        if isinstance(value, list):
            return [str(v) for v in value]
    return ["cmd", "/S", "/C", argument]


def _labels(argument: str) -> dict[str, str]:
    found = {}
    for item in shlex.split(argument, posix=True):
        key, sep, value = item.partition("=")
        if sep:
            found[key] = value
    return found


def build(
    host: Any, context: bytes, tags: list[str], labels: dict[str, str], dockerfile: str
) -> list[dict[str, Any]]:
    """Replay a build; returns the stream's messages (an ``error`` message ends a failed one)."""
    steps = instructions(dockerfile_of(context, dockerfile or "Dockerfile"))
    out: list[dict[str, Any]] = []
    if not steps or steps[0][0] != "FROM":
        return [_error("the Dockerfile must start with FROM")]
    base = host.find_image(steps[0][1].split()[0])
    out.append({"stream": f"Step 1/{len(steps)} : FROM {steps[0][1]}\n"})
    if base is None:
        ref = normalize_ref(steps[0][1].split()[0])
        return [*out, _error(f"pull access denied for {ref}: pull it first (docker pull {ref})")]
    out.append({"stream": f" ---> {base.id[7:19]}\n"})
    cmd, new_labels = list(base.cmd), {**base.labels}
    history: list[str] = []
    stamp = time.time()
    for number, (word, argument) in enumerate(steps[1:], start=2):
        out.append({"stream": f"Step {number}/{len(steps)} : {word} {argument}\n"})
        if word not in METADATA:
            return [*out, _error(NOT_RECORDED.format(f"{word} {argument}"))]
        if word in ("CMD", "ENTRYPOINT"):
            cmd = _words(argument)
        elif word == "LABEL":
            new_labels.update(_labels(argument))
        history.insert(0, f"cmd /S /C #(nop)  {word} {argument}")
        step_id = derived_id("build-step", dockerfile, str(number), str(stamp))
        out.append({"stream": f" ---> Running in {step_id[:12]}\n"})
        out.append({"stream": f"Removing intermediate container {step_id[:12]}\n"})
    new_labels.update(labels)
    image_id = "sha256:" + derived_id("built", ",".join(tags), str(stamp))
    out.append({"stream": f" ---> {image_id[7:19]}\n"})
    refs = [normalize_ref(t) for t in tags] or [f"sha256:{image_id[7:]}"]
    with host.cond:
        for ref in refs:
            host.images[ref] = Image(
                ref=ref,
                id=image_id,
                created=stamp,
                size=base.size,
                os=base.os,
                architecture=base.architecture,
                os_version=base.os_version,
                cmd=cmd,
                digest=base.digest,
                labels=new_labels,
                layers=list(base.rootfs),
                history=[
                    *({"CreatedBy": line, "Created": stamp, "Size": 0} for line in history),
                    *history_of(base),
                ],
            )
            host._event("image", "tag", image_id, {"name": ref})
    out.append({"aux": {"ID": image_id}})
    out.append({"stream": f"Successfully built {image_id[7:19]}\n"})
    out += [{"stream": f"Successfully tagged {ref}\n"} for ref in refs if ":" in ref]
    return out


def history_of(image: Image) -> list[dict[str, Any]]:
    """``docker history`` entries of ``image``, newest first (``Id`` and ``Tags`` on the top
    one only, as the daemon gives them). A pulled Windows base image shows the "Apply image
    BUILD" line docker-library/repo-info records for MCR bases (repos/hello-world/remote/latest.md
    @11dd8d4cffac: ``RUN Apply image 10.0.26100.33438``; engine-facts.md section 4)."""
    entries = [dict(e) for e in image.history] or [
        {
            "CreatedBy": f"Apply image {image.os_version}" if image.os == "windows" else "",
            "Created": image.created,
            "Size": image.size,
        }
    ]
    for index, entry in enumerate(entries):
        entry.setdefault("Comment", "")
        entry["Id"] = image.id if index == 0 else "<missing>"
        entry["Tags"] = [image.ref] if index == 0 else None
        entry["Created"] = int(entry["Created"])
    return entries


def _error(message: str) -> dict[str, Any]:
    return {"errorDetail": {"message": message}, "error": message}
