"""For every test run, notebooks included: the notebooks' closing cells test the course itself
(``WINTUT_SELFTEST=solve``, see wintut/selftest.py); a learner's Run All never does."""

from __future__ import annotations

import os

os.environ.setdefault("WINTUT_SELFTEST", "solve")
