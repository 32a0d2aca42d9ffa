"""The commands around the build: check, serve (and its rebuilds), export, migrate, init."""
