"""The repository's root conftest, for every pytest run here, notebooks included.

- ``tests.notebook_engine`` chooses the engine the notebooks run on (and says which).
- The notebooks' closing cells test the course itself (``WINTUT_SELFTEST=solve``, see
  wintut/selftest.py); a learner's Run All never does.
"""

from __future__ import annotations

import os

os.environ.setdefault("WINTUT_SELFTEST", "solve")

pytest_plugins = ["tests.notebook_engine"]
