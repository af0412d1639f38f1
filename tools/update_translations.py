#!/usr/bin/env python3
"""Extract the interface's texts for translators, check translations, and compile them.

    .venv/bin/python tools/update_translations.py             # refresh twitchdesk_en.ts
    .venv/bin/python tools/update_translations.py de fr       # ... and twitchdesk_de.ts, _fr.ts
    .venv/bin/python tools/update_translations.py --check     # catalogue current? fields kept?
    .venv/bin/python tools/update_translations.py --release   # every .ts → .qm beside it

`pyside6-lupdate` reads twitchdesk/ui/**/*.py and twitchdesk/drawing/**/*.py (see
twitchdesk/i18n.py for how texts are marked) and writes resources/translations/twitchdesk_en.ts:
the source catalogue, every English
text with its context (the module), where it is used, and the notes left for translators (`#:`
comments). English ships as the source text itself; no .qm file is needed for it.

To add a language (German, say):

1. `.venv/bin/python tools/update_translations.py de` creates resources/translations/
   twitchdesk_de.ts (run it again after the interface changes: translations made so far are
   kept, new texts are added, texts that are gone are marked obsolete).
2. Translate it in Qt Linguist (`.venv/bin/pyside6-linguist resources/translations/
   twitchdesk_de.ts`) or any tool that reads Qt .ts files. Keep the `{name}` fields and `%n`
   exactly as in the English text; give every plural form for messages that have them.
3. `.venv/bin/python tools/update_translations.py --check` (the test suite runs it too) and
   `--release` to write twitchdesk_de.qm. Commit both files. The app loads the .qm for the
   user's interface language at start-up (`install_translators`), with Qt's own translations
   for standard buttons and dialogs. To try it: `LANGUAGE=de .venv/bin/python -m twitchdesk`.

Articles, advice rules, body-region names and the diary's vocabulary are data files (resources/,
twitchdesk/core, twitchdesk/storage), not interface texts: they are not in this catalogue.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "twitchdesk" / "ui", ROOT / "twitchdesk" / "drawing")
TRANSLATIONS = ROOT / "resources" / "translations"
CATALOGUE = "twitchdesk"
SOURCE_LANGUAGE = "en"
FIELD = re.compile(r"\{(\w*)\}")


def tool(name: str) -> str | None:
    """A PySide6 tool (pyside6-lupdate, pyside6-lrelease) beside this Python, or on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def ts_path(language: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"{CATALOGUE}_{language}.ts"


def extract(target: Path, language: str = SOURCE_LANGUAGE) -> None:
    """Run lupdate over twitchdesk/ui and twitchdesk/drawing into `target` (created or merged)."""
    lupdate = tool("pyside6-lupdate")
    if lupdate is None:
        raise SystemExit("pyside6-lupdate not found (it comes with the PySide6 wheels)")
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [
        lupdate,
        "-extensions", "py",
        # Line numbers relative to the previous message: moving code churns the file less.
        "-locations", "relative",
        "-source-language", SOURCE_LANGUAGE,
        "-target-language", language,
        *(str(folder) for folder in SOURCES),
        "-ts", str(target),
    ]  # fmt: skip
    if language == SOURCE_LANGUAGE:
        command.insert(1, "-no-obsolete")  # the source catalogue lists what the code has now
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True)


def messages(path: Path) -> set[tuple[str, str, str, bool]]:
    """(context, source, disambiguation, plural) of every current message in a .ts file."""
    found = set()
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else ""
            if kind in ("obsolete", "vanished"):
                continue
            found.add(
                (
                    name,
                    message.findtext("source", ""),
                    message.findtext("comment", ""),
                    message.get("numerus") == "yes",
                )
            )
    return found


def field_problems(path: Path) -> list[str]:
    """Translations whose {fields} differ from the English: a misspelt field would stop the
    text from being shown (KeyError), a missing one would drop a value from it."""
    problems = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] or [
                translation.text or ""
            ]
            for form in forms:
                if not form:
                    continue  # not translated yet: the English text is shown
                if set(FIELD.findall(form)) != set(FIELD.findall(source)):
                    problems.append(
                        f"{path.name}: {name}: {source!r} → {form!r}: {{fields}} differ"
                    )
    return problems


def check() -> list[str]:
    """Problems with the committed catalogue and translations (empty when all is well)."""
    problems = []
    committed = ts_path(SOURCE_LANGUAGE)
    if not committed.exists():
        return [f"{committed.relative_to(ROOT)} is missing: run tools/update_translations.py"]
    with tempfile.TemporaryDirectory() as folder:
        fresh = ts_path(SOURCE_LANGUAGE, Path(folder))
        extract(fresh)
        added = messages(fresh) - messages(committed)
        gone = messages(committed) - messages(fresh)
    for context, source, _comment, _plural in sorted(added):
        problems.append(f"not in the catalogue yet: {context}: {source!r}")
    for context, source, _comment, _plural in sorted(gone):
        problems.append(f"no longer in the code: {context}: {source!r}")
    if added or gone:
        problems.append("run tools/update_translations.py to refresh the catalogue")
    for path in sorted(TRANSLATIONS.glob(f"{CATALOGUE}_*.ts")):
        problems += field_problems(path)
    return problems


def release() -> list[Path]:
    lrelease = tool("pyside6-lrelease")
    if lrelease is None:
        raise SystemExit("pyside6-lrelease not found (it comes with the PySide6 wheels)")
    written = []
    for path in sorted(TRANSLATIONS.glob(f"{CATALOGUE}_*.ts")):
        if path == ts_path(SOURCE_LANGUAGE):
            continue  # English is the source text; it needs no .qm
        qm = path.with_suffix(".qm")
        subprocess.run([lrelease, str(path), "-qm", str(qm)], check=True, capture_output=True)
        written.append(qm)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("languages", nargs="*", help="also create/update these, e.g. de fr_CA")
    parser.add_argument("--check", action="store_true", help="report problems, change nothing")
    parser.add_argument("--release", action="store_true", help="compile every .ts to .qm")
    args = parser.parse_args()
    if args.check:
        problems = check()
        print("\n".join(problems) or "translations: all well")
        return 1 if problems else 0
    if args.release:
        for qm in release():
            print(qm.relative_to(ROOT))
        return 0
    for language in [SOURCE_LANGUAGE, *args.languages]:
        target = ts_path(language)
        extract(target, language)
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
