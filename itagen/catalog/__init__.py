"""The year catalogs: loading, site extensions and the built-in catalogs (years/*.yaml)."""
