"""``python -m wintut …``: the ``wintut`` command, for when Scripts is not on PATH."""

from __future__ import annotations

import sys

from wintut.cli import main

if __name__ == "__main__":
    sys.exit(main())
