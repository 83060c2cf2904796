"""Where the class service is, as a learner's server sees it.

No JupyterHub variable names the proxy's address (``JUPYTERHUB_SERVICE_URL`` in a server is the
server's own), so in order: ``WINTUT_CLASS_URL`` from the hub config; the service's route on
``JUPYTERHUB_PUBLIC_URL`` when the hub sets a public URL; else the hub's API, asked once in the
background (``GET /services/wintut-class``, which needs ``read:services!service=wintut-class`` in
the server token) for the service's own address and prefix, which take the same token.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from urllib.parse import quote

from wintut.classroom import SERVICE_NAME, URL_VARIABLE

NOT_FOUND = "not-found"
"""The hub answered that there is no class service: nothing will ever be sent."""


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def from_environment() -> str | None:
    """The service's URL from the environment alone (cheap: a check may call it)."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if url:
        return _slash(url)
    public = os.environ.get("JUPYTERHUB_PUBLIC_URL", "").strip()
    if public:
        return public.rstrip("/") + f"/services/{SERVICE_NAME}/"
    return None


def can_locate() -> bool:
    """A hub token, and either a URL in the environment or a hub API to ask."""
    if not os.environ.get("JUPYTERHUB_API_TOKEN"):
        return False
    return from_environment() is not None or bool(os.environ.get("JUPYTERHUB_API_URL"))


def from_hub(timeout: float) -> str | None:
    """The service's URL from the hub API; :data:`NOT_FOUND` when the hub says there is none
    (or will not tell this token), None when the hub did not answer (ask again later)."""
    api = os.environ.get("JUPYTERHUB_API_URL", "").rstrip("/")
    token = os.environ.get("JUPYTERHUB_API_TOKEN", "")
    if not api or not token:
        return NOT_FOUND
    request = urllib.request.Request(
        f"{api}/services/{quote(SERVICE_NAME)}", headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            model = json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        exc.close()
        return NOT_FOUND if exc.code in (403, 404) else None
    except (OSError, ValueError):
        return None
    url, prefix = model.get("url"), model.get("prefix")
    if not isinstance(url, str) or not url or not isinstance(prefix, str):
        return NOT_FOUND  # an external service without a URL of its own
    return url.rstrip("/") + _slash(prefix if prefix.startswith("/") else "/" + prefix)
