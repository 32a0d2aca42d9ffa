"""The commands around the build: check, serve, export, migrate, init."""
