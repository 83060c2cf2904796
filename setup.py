"""Compiles the translations (wintut/locale/*/LC_MESSAGES/*.po) into .mo files when the package
is built, so a wheel carries them and the runtime needs only the standard library's gettext.
Everything else about the package is in pyproject.toml."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class build_py_with_catalogs(build_py):
    def run(self) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path("wintut/locale").glob("*/LC_MESSAGES/*.po"):
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            errors = [(m.id, e) for m, e in catalog.check() if e]
            if errors:
                raise SystemExit(f"{po}: {errors[0][0]!r}: {errors[0][1][0]}")
            with po.with_suffix(".mo").open("wb") as target:
                write_mo(target, catalog)
        super().run()


setup(cmdclass={"build_py": build_py_with_catalogs})
