"""itagen: a static site generator for the ITA section (OIT O1–O43) of Thai local government
websites.

The library API the CLI and the tests call: `itagen.build.build` and
`load_config`, `load_catalog`. Heavy imports (pydantic, markdown-it, Jinja) happen inside them,
so importing itagen stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["ItagenError", "__version__", "load_catalog", "load_config"]


def __getattr__(name: str):
    # Lazy re-exports: `import itagen` must not pull in Jinja or pydantic (itagen --help < 150 ms).
    if name == "load_config":
        from itagen.site.config import load_config

        return load_config
    if name == "load_catalog":
        from itagen.catalog.load import load_catalog

        return load_catalog
    if name == "ItagenError":
        from itagen.errors import ItagenError

        return ItagenError
    raise AttributeError(name)
