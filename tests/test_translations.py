"""The interface can be translated: every text goes through Qt's translation, end to end.

Three layers, each checked here:
- the source: no literal text handed straight to a Qt or matplotlib text call, and every
  `CONTEXT.tr(...)` written so that pyside6-lupdate extracts it under the context the code
  looks it up in (see twitchdesk/i18n.py for the convention and why);
- the catalogue: resources/translations/twitchdesk_en.ts holds exactly what the code has;
- the running app: a .qm compiled from a small .ts changes the window's texts, plural forms
  and Qt's own buttons included, and English without any .qm reads as it always has.
"""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox

from twitchdesk.i18n import TextContext, english_plural, install_translators
from twitchdesk.storage.database import open_diary
from twitchdesk.ui.main_window import MainWindow
from twitchdesk.ui.settings import AppSettings

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "twitchdesk" / "ui"
# Drawing shared with the report (chart labels, body-map captions) is interface text too.
DRAWING = ROOT / "twitchdesk" / "drawing"
TOOLS = Path(sys.executable).parent

# -- (a) the source ---------------------------------------------------------------------------
# Calls that show their text arguments: name → positions of the text arguments (None: all).
TEXT_CALLS: dict[str, tuple[int, ...] | None] = {
    # Qt setters and adders
    **dict.fromkeys(
        (
            "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setAccessibleName",
            "setAccessibleDescription", "setStatusTip", "setWhatsThis", "setTitle", "setSuffix",
            "setPrefix", "setSpecialValueText", "setHtml", "setMarkdown", "setHeaderLabel",
            "setHeaderLabels", "setLabelText", "addItem", "addItems", "addMenu", "addAction",
            "addRow",
        ),
        (0,),  # only the text: addItem(text, "code") may well pass a literal code second
    ),
    "showMessage": (0, 1),  # QStatusBar(text, timeout) and QSystemTrayIcon(title, text, …)
    "insertItem": (1,), "setItemText": (1,), "setTabText": (1,), "setTabToolTip": (1,),
    "addTab": (1, 2), "insertTab": (2, 3), "createUndoAction": (1,), "createRedoAction": (1,),
    "drawText": None,
    # Qt widgets built with their text
    **dict.fromkeys(
        (
            "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QAction", "QGroupBox",
            "QToolButton", "QDockWidget", "QMenu", "QCommandLinkButton", "QListWidgetItem",
            "QTreeWidgetItem", "QTableWidgetItem", "QUndoCommand",
        ),
        None,
    ),
    # Qt's ready-made dialogs: (parent, title, text…) and (parent, caption, folder, filter)
    **dict.fromkeys(("warning", "question", "information", "critical", "about"), (1, 2)),
    **dict.fromkeys(
        ("getSaveFileName", "getOpenFileName", "getOpenFileNames", "getExistingDirectory"),
        (1, 3),
    ),
    # matplotlib
    **dict.fromkeys(("set_title", "set_xlabel", "set_ylabel", "set_label", "annotate"), (0,)),
    "text": None,  # Axes.text(x, y, s); QLineEdit.text() has no arguments to check
    # the panels' own small helpers that put text on screen
    **dict.fromkeys(
        ("_heading", "_add_heading", "hint_label", "_show_message", "_set_status", "_say"), (0,)
    ),
    "_show_problem": (0,), "_warn": (1, 2), "_tool_button": (1, 2), "describe_buttons": (1, 2),
    "_button": (0, 1),  # the Reader's third argument is a key sequence ("Alt+Left")
}  # fmt: skip
TEXT_KEYWORDS = {"text", "title", "label", "caption", "filter", "tooltip", "toolTip"}
# Classes whose constructor takes a text: `super().__init__("…")` in a subclass counts too.
TEXT_BASES = {"QUndoCommand", "QDockWidget", "QAction", "QLabel", "QPushButton", "QGroupBox"}
# Literal text that may go on screen untranslated. Empty on purpose: text without letters
# ("", "…", "◀", "▶", "1", "{value} – {label}", "<b>{x}</b>") is never text to translate, and
# everything with words in it is. Add an entry only with the reason it is not language.
ALLOWED: dict[str, str] = {}

# Not language: HTML tags, {fields}, %-codes and colours ("#1f2933", a keyword `text=` colour).
_MARKUP = re.compile(r"<[^>]*>|\{[^{}]*\}|%\w|#[0-9a-fA-F]{3,8}\b")


def ui_modules() -> list[Path]:
    return sorted([*UI.rglob("*.py"), *DRAWING.rglob("*.py")])


def _has_words(text: str) -> bool:
    """Letters outside tags, fields, codes and colours: there is language in it."""
    stripped = _MARKUP.sub("", text)
    return any(char.isalpha() for char in stripped) and text not in ALLOWED


def untranslated(node: ast.expr) -> bool:
    """True for text written straight into the code: a literal with words, an f-string around
    words, or a literal template with `.format()`; translated calls and variables are fine."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        return _has_words("{}".join(str(p) for p in parts))
    if isinstance(node, ast.BinOp):
        return untranslated(node.left) or untranslated(node.right)
    if isinstance(node, ast.IfExp):
        return untranslated(node.body) or untranslated(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):
        return any(untranslated(element) for element in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and untranslated(node.func.value)
    return False


def _call_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return ""


def _is_super_init(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "__init__"
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    )


def _text_arguments(call: ast.Call, text_base: bool) -> Iterator[ast.expr]:
    name = _call_name(call)
    if text_base and _is_super_init(call):
        yield from call.args
    elif name in TEXT_CALLS:
        positions = TEXT_CALLS[name]
        for index, argument in enumerate(call.args):
            if positions is None or index in positions:
                yield argument
    for keyword in call.keywords:
        if keyword.arg in TEXT_KEYWORDS:
            yield keyword.value


def _bases(node: ast.ClassDef) -> set[str]:
    return {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}


def untranslated_texts(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, text_base: bool) -> None:
        if isinstance(node, ast.ClassDef):
            text_base = bool(_bases(node) & TEXT_BASES)
        if isinstance(node, ast.Call):
            for argument in _text_arguments(node, text_base):
                if untranslated(argument):
                    where = f"{path.relative_to(ROOT)}:{argument.lineno}"
                    found.append(f"{where}: {ast.unparse(argument)[:80]}")
        for child in ast.iter_child_nodes(node):
            visit(child, text_base)

    visit(tree, False)
    return found


def test_ui_texts_go_through_translation() -> None:
    found = [problem for path in ui_modules() for problem in untranslated_texts(path)]
    assert not found, "text shown without CONTEXT.tr(...):\n" + "\n".join(found)


def test_the_scan_finds_untranslated_text() -> None:
    """The check itself: each of these would show English whatever the language."""
    bad = [
        'button.setText("Save day")',
        'label.setToolTip(f"Add {name}")',
        'QPushButton("&Log episode")',
        'QMessageBox.warning(self, "Export failed", text)',
        'QLabel("<b>Where:</b> " + where)',
        'ax.set_title("Episodes per day, {p}".format(p=span))',
        'ax.text(0.5, 0.5, "Not recorded", transform=t)',
        'ax.plot(x, y, label="7-day average")',
        'form.addRow("Name:", edit)',
        'tree.setHeaderLabels(["Medicine", "Taken"])',
    ]
    good = [
        'button.setText(LOG_PANEL.tr("Save day"))',
        "label.setText(f\"<b>{LOG_PANEL.tr('History')}</b>\")",
        'button.setText("◀")',
        'label.setText("")',
        'label.setText(f"{value} – {label}")',
        'form.addRow("", edit)',
        'edit.setObjectName("checkin_status")',
    ]
    for source in bad:
        call = ast.parse(source).body[0].value  # type: ignore[attr-defined]
        assert any(untranslated(a) for a in _text_arguments(call, False)), source
    for source in good:
        call = ast.parse(source).body[0].value  # type: ignore[attr-defined]
        assert not any(untranslated(a) for a in _text_arguments(call, False)), source


def _module_context(tree: ast.Module) -> list[tuple[str, str]]:
    """(variable, context name) of each module-level `NAME = TextContext("NAME")`."""
    contexts = []
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and _call_name(node.value) == "TextContext"
        ):
            target = node.targets[0]
            argument = node.value.args[0] if node.value.args else None
            contexts.append(
                (
                    target.id if isinstance(target, ast.Name) else ast.unparse(target),
                    argument.value if isinstance(argument, ast.Constant) else "",
                )
            )
    return contexts


def context_problems(path: Path) -> list[str]:
    """Ways a module's texts would be missed by lupdate or looked up under another context."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT)
    problems = []
    contexts = _module_context(tree)
    if len(contexts) > 1:
        problems.append(f"{where}: more than one TextContext")
    # Named after the module (log/history_view.py: LOG_HISTORY_VIEW), so unique, and a
    # translator can tell from the context which file a text comes from.
    # (drawing/charts/over_time.py: DRAWING_CHARTS_OVER_TIME; ui/ modules leave out "ui").
    parts = path.relative_to(ROOT / "twitchdesk").with_suffix("").parts
    expected = "_".join(parts[1:] if parts[0] == "ui" else parts).upper()
    for variable, name in contexts:
        if variable != name:
            problems.append(f"{where}: {variable} = TextContext({name!r}): the names must match")
        if name != expected:
            problems.append(f"{where}: call the context {expected}, after the module")
    own = contexts[0][0] if contexts else None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        line = f"{where}:{node.lineno}"
        if _call_name(node) == "QT_TRANSLATE_NOOP":
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and first.value == own):
                problems.append(f"{line}: QT_TRANSLATE_NOOP must name this module's context {own}")
            continue
        if _call_name(node) != "tr" or path.name == "i18n.py":
            continue
        prefix = node.func.value if isinstance(node.func, ast.Attribute) else None
        if not (isinstance(prefix, ast.Name) and prefix.id == own):
            problems.append(
                f"{line}: use this module's context ({own}.tr), not {ast.unparse(node)}"
            )
        if node.keywords:
            problems.append(f"{line}: lupdate ignores keyword arguments: pass them by position")
        text = node.args[0] if node.args else None
        if isinstance(text, ast.JoinedStr | ast.BinOp) or (
            isinstance(text, ast.Call) and _call_name(text) == "format"
        ):
            problems.append(f"{line}: translate the template, then .format() the result")
        if isinstance(text, ast.Constant) and "%n" in str(text.value) and len(node.args) != 3:
            problems.append(f"{line}: a %n text needs its count: .tr(text, None, count)")
        if len(node.args) > 1 and not isinstance(node.args[1], ast.Constant):
            problems.append(f"{line}: the disambiguation must be a literal string or None")
    return problems


def test_every_text_is_found_by_lupdate_under_its_runtime_context() -> None:
    problems = [problem for path in ui_modules() for problem in context_problems(path)]
    names = [
        name
        for path in ui_modules()
        for _variable, name in _module_context(ast.parse(path.read_text()))
    ]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"contexts used by two modules: {duplicates}"
    assert not problems, "\n".join(problems)


# -- English without a .qm --------------------------------------------------------------------
def test_english_plurals_without_any_translation() -> None:
    texts = TextContext("TEST_ONLY")
    assert texts.tr("%n episode(s)", None, 1) == "1 episode"
    assert texts.tr("%n episode(s)", None, 0) == "0 episodes"
    assert texts.tr("%n episode(s)", None, 412) == "412 episodes"
    assert texts.tr("%n article(s) mention(s|) “{q}”", None, 1) == "1 article mentions “{q}”"
    assert texts.tr("%n article(s) mention(s|) “{q}”", None, 2) == "2 articles mention “{q}”"
    # Brackets after a space, and text without a count, are left alone.
    assert texts.tr("Report saved (%n page(s)).", None, 1) == "Report saved (1 page)."
    assert texts.tr("Anything else worth remembering (optional)") == (
        "Anything else worth remembering (optional)"
    )
    assert english_plural("Snooze %n days", 1) == "Snooze %n days"


# -- (b) the running app with a translation -----------------------------------------------------
GERMAN = {
    ("MAIN_WINDOW", "&File"): "&Datei",
    ("LOG_PANEL", "&Log episode"): "Episode &eintragen",
    ("MAIN_WINDOW", "%n episode(s) in your diary · kept in {folder}"): (
        "%n Episode in Ihrem Tagebuch · gespeichert in {folder}",
        "%n Episoden in Ihrem Tagebuch · gespeichert in {folder}",
    ),
}


def write_ts(
    path: Path, language: str, texts: dict[tuple[str, str], str | tuple[str, ...]]
) -> None:
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    contexts: dict[str, ET.Element] = {}
    for (context, source), translated in texts.items():
        if context not in contexts:
            contexts[context] = ET.SubElement(root, "context")
            ET.SubElement(contexts[context], "name").text = context
        message = ET.SubElement(contexts[context], "message")
        ET.SubElement(message, "source").text = source
        translation = ET.SubElement(message, "translation")
        if isinstance(translated, tuple):
            message.set("numerus", "yes")
            for form in translated:
                ET.SubElement(translation, "numerusform").text = form
        else:
            translation.text = translated
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


@pytest.fixture
def german(qapp, tmp_path: Path) -> Iterator[None]:
    lrelease = TOOLS / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed beside this Python: no .qm can be built")
    folder = tmp_path / "translations"
    folder.mkdir()
    source = folder / "twitchdesk_de.ts"
    write_ts(source, "de", GERMAN)
    subprocess.run(
        [str(lrelease), str(source), "-qm", str(folder / "twitchdesk_de.qm")],
        check=True,
        capture_output=True,
    )
    installed = install_translators(qapp, QLocale(QLocale.Language.German), folder)
    try:
        assert any(t.filePath().endswith("twitchdesk_de.qm") for t in installed)
        yield
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()


def test_a_translation_changes_the_main_window(german, qtbot, isolated_data_dir: Path) -> None:
    window = MainWindow(AppSettings(isolated_data_dir / "settings.ini"), isolated_data_dir)
    qtbot.addWidget(window)
    diary = open_diary(isolated_data_dir)
    try:
        window.attach_diary(diary)
        assert window.file_menu.title() == "&Datei"
        assert window.log_panel.log_button.text() == "Episode &eintragen"
        # A plural form chosen for the count, with the {folder} field filled in.
        message = window.statusBar().currentMessage()
        assert message == f"0 Episoden in Ihrem Tagebuch · gespeichert in {isolated_data_dir}"
        # Texts the translation does not have stay English; Qt's own come from qtbase_de.
        assert window.edit_menu.title() == "&Edit"
        cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.button(QDialogButtonBox.StandardButton.Cancel).text() == "Abbrechen"
    finally:
        diary.close()


def test_english_ships_without_a_qm(qapp, tmp_path: Path) -> None:
    """An English user gets the source texts; loading finds no TwitchDesk file to install."""
    installed = install_translators(qapp, QLocale(QLocale.Language.English), tmp_path)
    try:
        assert not any("twitchdesk" in t.filePath() for t in installed)
        assert TextContext("MAIN_WINDOW").tr("&File") == "&File"
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
            translator.deleteLater()


# -- the catalogue ------------------------------------------------------------------------------
def _update_translations() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogue_holds_what_the_code_has() -> None:
    if not (TOOLS / "pyside6-lupdate").exists() and shutil.which("pyside6-lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed: the catalogue cannot be compared")
    tool = _update_translations()
    assert tool.check() == []
    catalogue = tool.messages(tool.ts_path("en"))
    # The strings the runtime test translates are in it, under the contexts it used.
    for context, source in GERMAN:
        assert any(m[0] == context and m[1] == source for m in catalogue), (context, source)
    plural = ("MAIN_WINDOW", "%n episode(s) in your diary · kept in {folder}", "", True)
    assert plural in catalogue
