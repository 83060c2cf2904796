"""``python -m wintut``: the same as the ``wintut`` command."""

from __future__ import annotations

import sys

from wintut.cli import main

if __name__ == "__main__":
    sys.exit(main())
