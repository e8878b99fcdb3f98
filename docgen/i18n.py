"""The language of docgen's own messages: the CLI's output, ``check``'s report, ``init``'s questions.

Messages are written in English in the code and marked with :func:`_` (or :func:`N_` where
the text is translated later); their translations live in gettext catalogs,
``locales/<lang>/LC_MESSAGES/docgen.mo`` (the package ``docgen.locales``), read with the
standard library on the first message shown, never at import.

The language, first found: :func:`set_language` (the CLI's ``--locale``), then the
environment variables ``DOCGEN_LANG``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; any Chinese
locale (``zh``, ``zh_CN.UTF-8``, ``zh_TW``…) gives zh_CN, anything else en_US, the default.
This is the language of docgen talking to its user; a case's own ``locale`` is the
language of its letters.
"""
from __future__ import annotations

import gettext
import os
from functools import cache

DOMAIN = "docgen"
LANGUAGES = ("en_US", "zh_CN")
DEFAULT_LANGUAGE = "en_US"
ENVIRONMENT = ("DOCGEN_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None


def normalize(value: str) -> str:
    """The language docgen speaks for a locale name: zh_CN for any Chinese one, else en_US."""
    return "zh_CN" if value.strip().lower().startswith("zh") else DEFAULT_LANGUAGE


def set_language(value: str | None) -> None:
    """Speak ``value`` (a locale name) from now on; None: follow the environment again."""
    global _chosen
    _chosen = normalize(value) if value else None


def language() -> str:
    """The language messages are shown in now (en_US or zh_CN)."""
    if _chosen:
        return _chosen
    value = next((os.environ[name] for name in ENVIRONMENT if os.environ.get(name)), DEFAULT_LANGUAGE)
    return normalize(value)


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of ``lang`` (read once); no catalog: the English messages as written."""
    from importlib.resources import files  # 7 ms: not for docgen --help, which needs no catalog

    catalog = files("docgen.locales") / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        with catalog.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    except FileNotFoundError:
        return gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(language()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs without translating it yet (pass it to :func:`_` when shown)."""
    return message
