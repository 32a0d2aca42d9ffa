"""Rendering: the Jinja environment, Markdown, themes and the output writer."""
