"""The commands around the build: check, serve (with its incremental rebuilds), export, migrate, init."""
