"""Skipping unchanged work: the site cache, the body cache, incremental rebuilds, page workers."""
