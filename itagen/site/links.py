"""Which link targets are refused wherever a link is written: bodies, front matter, site.yaml.

One rule the content stage (a document's `url:`) and the Markdown renderer (links and
images in bodies) share, without either importing the other.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

DANGEROUS = ("javascript:", "vbscript:", "data:", "file:")
_CONTROL_OR_SPACE_RE = re.compile(r"[\x00-\x20\x7f]")


def is_dangerous(url: str) -> bool:
    """True for links that can run code or smuggle content: javascript:, vbscript:, data:, file:."""
    squashed = _CONTROL_OR_SPACE_RE.sub("", unquote(url) if "%" in url else url).lower()
    return squashed.startswith(DANGEROUS)
