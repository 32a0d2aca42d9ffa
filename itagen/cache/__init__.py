"""Skipping unchanged work: the site cache, the body cache, page workers."""
