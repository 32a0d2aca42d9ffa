"""What itagen says to a person: Thai by default, English on request, through gettext.

Source strings are English; `itagen/locale/th/LC_MESSAGES/itagen.po` holds the Thai and
the compiled `itagen.mo` ships in the wheel. The language is chosen by `ITAGEN_LANG`
(`th`, the default, or `en`); `itagen --lang en` sets that variable, so worker processes
and a preview server's threads speak the same language as the command that started them.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "itagen"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ("th", "en")
ENV = "ITAGEN_LANG"


def language() -> str:
    """Return the language to speak: "en" when ITAGEN_LANG asks for English, else "th"."""
    return "en" if os.environ.get(ENV, "").strip().lower().startswith("en") else "th"


def set_language(lang: str) -> None:
    """Speak `lang` ("th" or "en") from now on, in this process and those it starts."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
    os.environ[ENV] = lang


@lru_cache(maxsize=None)
def translation(lang: str) -> gettext.NullTranslations:
    """Return the compiled catalog of `lang` (English needs none: it is the source)."""
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """Return `message` in the current language."""
    return translation(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Return the singular or plural form of a message for `n`, in the current language."""
    return translation(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark `message` for translation where it is defined; `_()` translates it where it is shown."""
    return message
