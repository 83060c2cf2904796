"""The repository's root conftest: plugins every pytest run here uses, notebooks included."""

pytest_plugins = ["tests.notebook_engine"]
