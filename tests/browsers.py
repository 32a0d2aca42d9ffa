"""Headless Debian Chromium for the browser tests: where it is, how it is started, the viewports.

The `browser` fixture in conftest.py launches it once per test module; each test module that
drives a page imports the constants it needs from here.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "node_modules/axe-core/axe.min.js"
SHOTS = REPO / "artifacts/screenshots"
# The flags that keep Chromium quiet and offline in a container (research/ecosystem.md §6).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# axe-core's serious and critical violations of the page, one line each.
AXE_RUN = (
    """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.impact + ' ' + v.id + ': ' + v.nodes.slice(0, 3)"""
    """.map(n => n.target.join(' ')).join(' | '))"""
)
