"""Translating the interface: one text context per module, English plurals, and loading .qm files.

The convention, used by every module in twitchdesk/ui that shows text::

    LOG_PANEL = TextContext("LOG_PANEL")  # module level, named after the module's path
    ...
    button = QPushButton(LOG_PANEL.tr("&Log episode"))
    status.setText(LOG_PANEL.tr("Logged {what} at {time}.").format(what=..., time=...))
    count.setText(LOG_HISTORY_VIEW.tr("%n episode(s)", None, len(episodes)))

(log/history_view.py has LOG_HISTORY_VIEW, and so on.) Why this, and not `self.tr()` or
`QCoreApplication.translate(CONTEXT, ...)`:

- pyside6-lupdate reads Python with a tokenizer, not an interpreter. It takes the context of
  `NAME.tr("text")` from the word before `.tr`, so the context it writes into the .ts file is the
  variable's name, and `TextContext(name)` looks texts up under `name`: the two must be the same
  word, which tests/test_translations.py checks for every module.
- `QCoreApplication.translate(CONTEXT, ...)` with a context *variable* is silently skipped by
  lupdate (only a string literal is understood), and with a variable count lupdate mistakes the
  count for an old "encoding" argument, so the message loses its plural forms.
- `self.tr()` only works in QObject subclasses (not in module functions, undo commands or
  matplotlib code) and takes its context from the enclosing class as lupdate sees it; one
  convention everywhere is easier to check and to follow.

Module-level tables of text (combo entries, column titles, chart rows) are marked with
`QT_TRANSLATE_NOOP("MODULE_CONTEXT", "text")` and translated where they are shown, with
`MODULE_CONTEXT.tr(value)`, so a translator installed after import still applies.

Text with values in it uses named `str.format` fields, so translators see the whole sentence
and may move the values: "Logged {what} at {time}." A `#:` comment on the line before a call
reaches translators as an explanation (lupdate's "extra comment").

Plurals: a count goes in as `n` (the third argument, positional: lupdate ignores keywords) and
"%n" in the text. A translation supplies every plural form its language has. English ships as
the source text itself, without a .qm file, so `tr` resolves the English forms here: "(s)"
after a word is dropped for one and kept for any other count ("%n episode(s)" gives "1 episode",
"3 episodes"), and "(a|b)" gives a for one and b otherwise ("mention(s|)" gives "1 article
mentions", "2 articles mention"). A translation, when there is one, is used exactly as written.

Language: `install_translators` loads resources/translations/twitchdesk_<language>.qm for the
user's interface languages (QLocale().uiLanguages(); on Linux LANGUAGE / LC_MESSAGES / LANG)
together with Qt's own qtbase translations (standard buttons, file dialogs, shortcuts). No .qm
ships yet: English is the source language. See tools/update_translations.py to add a language.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from twitchdesk.resources import resource_path

APP_CATALOGUE = "twitchdesk"  # resources/translations/twitchdesk_<language>.qm
QT_CATALOGUE = "qtbase"

# "episode(s)" and "mention(s|)": letters in brackets straight after a word.
_ENGLISH_PLURAL = re.compile(r"(?<=\w)\((\w*)(?:\|(\w*))?\)")


def english_plural(text: str, n: int) -> str:
    """Resolve the "(s)" and "(singular|plural)" marks of an English source text for `n`."""

    def pick(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        if second is None:  # "(s)": nothing for one, the letters for any other count
            return "" if n == 1 else first
        return first if n == 1 else second

    return _ENGLISH_PLURAL.sub(pick, text)


class TextContext:
    """The translation context of one module: `CONTEXT.tr("text")` is its translated text."""

    def __init__(self, name: str) -> None:
        self.name = name

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """`text` in the user's language; `disambiguation` tells apart equal English texts
        that translate differently (and is shown to translators); `n` fills "%n"."""
        translated = QCoreApplication.translate(self.name, text, disambiguation, n)
        if n >= 0 and translated == text.replace("%n", str(n)):
            # No translator has this message: the English source, whose plural marks are ours.
            translated = english_plural(translated, n)
        return translated

    def __repr__(self) -> str:
        return f"TextContext({self.name!r})"


def translations_dir() -> Path:
    return resource_path("translations")


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, directory: Path | None = None
) -> list[QTranslator]:
    """Load and install Qt's and TwitchDesk's translations for `locale` (default: the user's).

    Missing files are normal (English needs none): only what was found is installed. The
    translators are children of `app`, so they live as long as it does; the list is returned so
    a caller (a test) can remove them again with `app.removeTranslator`.
    """
    locale = locale if locale is not None else QLocale()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    app_dir = str(directory if directory is not None else translations_dir())
    installed: list[QTranslator] = []
    # Installed last is searched first: TwitchDesk's own file wins over Qt's for a shared text.
    for catalogue, folder in ((QT_CATALOGUE, qt_dir), (APP_CATALOGUE, app_dir)):
        translator = QTranslator()
        if translator.load(locale, catalogue, "_", folder) and app.installTranslator(translator):
            translator.setParent(app)
            installed.append(translator)
    return installed
