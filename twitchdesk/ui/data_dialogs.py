"""File → Export… and File → Import…: choose a file, preview, and never import half a file.

The exchange modules (and with them SQLAlchemy) are imported when a dialog opens, not when this
module is imported, so the main window may import it at start-up. The restore and start-up
problem dialogs live in backup_dialogs.py and are re-exported here.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QIODevice, QSaveFile, QStandardPaths, Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import MedicationRecord
from twitchdesk.ui.backup_dialogs import (
    DatabaseProblemDialog,
    RestoreBackupDialog,
    StartupChoice,
)

if TYPE_CHECKING:
    from twitchdesk.core.regions import RegionAtlas
    from twitchdesk.storage.exchange.common import DayEntry, EpisodeEntry, Finding
    from twitchdesk.storage.exchange.importer import ImportPlan, ImportResult
    from twitchdesk.storage.repository import Diary

__all__ = [
    "DatabaseProblemDialog",
    "ImportCommand",
    "ImportPreviewDialog",
    "RestoreBackupDialog",
    "StartupChoice",
    "export_dialog",
    "import_dialog",
    "save_atomically",
]

DATA_DIALOGS = TextContext("DATA_DIALOGS")
# File-type filters; translated when a dialog opens (keep the "(*.csv)" parts as they are).
CSV_FILTER = QT_TRANSLATE_NOOP("DATA_DIALOGS", "Spreadsheet, episodes only (*.csv)")
JSON_FILTER = QT_TRANSLATE_NOOP("DATA_DIALOGS", "Everything, to import into TwitchDesk (*.json)")
IMPORT_FILTER = QT_TRANSLATE_NOOP(
    "DATA_DIALOGS",
    "Diary files (*.csv *.json);;Spreadsheet (*.csv);;TwitchDesk export (*.json)",
)
MAX_LISTED = 1000  # per group in the preview; the counts are always complete


def _documents_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


# -- export -----------------------------------------------------------------------------------
def export_dialog(parent: QWidget | None, diary: Diary) -> Path | None:
    """Ask where to save, then write CSV or JSON atomically. Returns the file, or None."""
    from sqlalchemy.exc import SQLAlchemyError

    from twitchdesk.storage.exchange.exporter import export_bytes, format_for_path

    suggested = _documents_dir() / f"twitchdesk-{date.today().isoformat()}.csv"
    csv_filter, json_filter = DATA_DIALOGS.tr(CSV_FILTER), DATA_DIALOGS.tr(JSON_FILTER)
    chosen, selected_filter = QFileDialog.getSaveFileName(
        parent,
        DATA_DIALOGS.tr("Export your diary"),
        str(suggested),
        f"{csv_filter};;{json_filter}",
    )
    if not chosen:
        return None
    path = Path(chosen)
    fmt = format_for_path(path)
    if fmt is None:
        fmt = "json" if selected_filter == json_filter else "csv"
        path = path.with_name(f"{path.name}.{fmt}")
    try:
        data = export_bytes(diary, fmt)
    except SQLAlchemyError as error:
        problem_text = DATA_DIALOGS.tr("Your diary could not be read: {error}")
        _warn(parent, DATA_DIALOGS.tr("Export failed"), problem_text.format(error=error))
        return None
    problem = save_atomically(path, data)
    if problem is not None:
        #: {path} is the file chosen, {problem} the system's reason
        problem_text = DATA_DIALOGS.tr(
            "The file could not be saved:\n{path}\n\n{problem}\n\n"
            "Check that the folder can be written to and the disk has room. "
            "No file was changed."
        )
        _warn(
            parent,
            DATA_DIALOGS.tr("Export failed"),
            problem_text.format(path=path, problem=problem),
        )
        return None
    return path


def save_atomically(path: Path, data: bytes) -> str | None:
    """Write through QSaveFile (a temporary file renamed at the end); the error text or None."""
    saver = QSaveFile(str(path))
    if not saver.open(QIODevice.OpenModeFlag.WriteOnly):
        return saver.errorString()
    if saver.write(data) != len(data):
        problem = saver.errorString()
        saver.cancelWriting()
        saver.commit()  # discards the temporary file
        return problem
    if not saver.commit():
        return saver.errorString()
    return None


# -- import -----------------------------------------------------------------------------------
def import_dialog(
    parent: QWidget | None,
    diary: Diary,
    undo_stack: QUndoStack | None = None,
    atlas: RegionAtlas | None = None,
) -> ImportResult | None:
    """Choose a file, show what it adds and every problem, import all of it or nothing."""
    from twitchdesk.core.regions import load_atlas
    from twitchdesk.storage.exchange.importer import ImportFailed, apply_import, plan_import

    chosen, _filter = QFileDialog.getOpenFileName(
        parent,
        DATA_DIALOGS.tr("Import into your diary"),
        str(_documents_dir()),
        DATA_DIALOGS.tr(IMPORT_FILTER),
    )
    if not chosen:
        return None
    atlas = atlas or load_atlas()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        plan = plan_import(diary, Path(chosen), atlas)
    finally:
        QApplication.restoreOverrideCursor()
    if ImportPreviewDialog(plan, atlas, parent).exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        result = apply_import(diary, plan)
    except ImportFailed as error:
        _warn(parent, DATA_DIALOGS.tr("Nothing was imported"), str(error))
        return None
    if undo_stack is not None:
        undo_stack.push(ImportCommand(diary, result))
    return result


class ImportPreviewDialog(QDialog):
    """What an import will add, what is already there, and every problem, before anything."""

    def __init__(self, plan: ImportPlan, atlas: RegionAtlas, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.atlas = atlas
        #: the window title; {file} is the file's name
        self.setWindowTitle(DATA_DIALOGS.tr("Import {file}").format(file=plan.path.name))
        self.setAccessibleName(DATA_DIALOGS.tr("Import preview"))
        self.resize(720, 480)

        self.summary_label = QLabel(plan.summary())
        self.summary_label.setObjectName("import_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")

        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problem_list")
        self.problem_list.setAccessibleName(DATA_DIALOGS.tr("Problems in the file"))
        self.problem_list.setWordWrap(True)  # long reasons list the allowed codes: wrap, not scroll
        self.problem_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.problem_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problem_list.setSpacing(2)
        for finding in plan.problems:
            self.problem_list.addItem(_finding_text(finding))
        problem_intro = QLabel(
            DATA_DIALOGS.tr(
                "Nothing will be imported until these are fixed in the file. Open it in a "
                "spreadsheet or text editor, correct the lines below, and import again."
            )
        )
        problem_intro.setWordWrap(True)

        self.item_tree = QTreeWidget()
        self.item_tree.setObjectName("import_items")
        self.item_tree.setAccessibleName(DATA_DIALOGS.tr("What the import will add"))
        self.item_tree.setHeaderHidden(True)
        self.item_tree.setUniformRowHeights(True)
        self._fill_tree()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton(_import_label(plan))
        self.import_button.setObjectName("import_button")
        self.import_button.setEnabled(plan.can_apply)
        self.import_button.setDefault(plan.can_apply)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        if plan.problems:
            layout.addWidget(problem_intro)
            layout.addWidget(self.problem_list, 1)
            self.item_tree.setVisible(False)
        else:
            self.problem_list.setVisible(False)
            layout.addWidget(self.item_tree, 1)
        layout.addWidget(buttons)

    def _fill_tree(self) -> None:
        plan = self.plan
        # (title, lines, open when short): what is skipped starts folded.
        groups: list[tuple[str, list[str], bool]] = [
            (
                DATA_DIALOGS.tr("Episodes"),
                [self._episode_text(e) for e in plan.episodes[:MAX_LISTED]],
                True,
            ),
            (
                DATA_DIALOGS.tr("Daily check-ins"),
                [_day_text(d) for d in plan.days[:MAX_LISTED]],
                True,
            ),
            (
                DATA_DIALOGS.tr("Medicines"),
                [_medicine_text(m.record) for m in plan.medications[:MAX_LISTED]],
                True,
            ),
            (
                DATA_DIALOGS.tr("Advice settings"),
                [a.state.rule_id for a in plan.advice[:MAX_LISTED]],
                True,
            ),
            (
                DATA_DIALOGS.tr("Already in your diary (skipped)"),
                [_finding_text(f) for f in plan.duplicates],
                False,
            ),
            (
                DATA_DIALOGS.tr("Different in your diary (yours is kept)"),
                [_finding_text(f) for f in plan.kept],
                True,
            ),
        ]
        totals = [
            len(plan.episodes),
            len(plan.days),
            len(plan.medications),
            len(plan.advice),
            len(plan.duplicates),
            len(plan.kept),
        ]
        for (title, lines, open_when_short), total in zip(groups, totals, strict=True):
            if not total:
                continue
            group = QTreeWidgetItem(self.item_tree, [f"{title}: {total}"])
            for line in lines[:MAX_LISTED]:
                QTreeWidgetItem(group, [line])
            if total > MAX_LISTED:
                more = DATA_DIALOGS.tr("… and %n more", None, total - MAX_LISTED)
                QTreeWidgetItem(group, [more])
            group.setExpanded(total <= 50 and open_when_short)

    def _episode_text(self, entry: EpisodeEntry) -> str:
        record = entry.record
        try:
            where = self.atlas.label(record.region_id, record.side)
        except (KeyError, ValueError):
            where = record.region_id
        kind = vocabulary.KINDS.get(record.kind, record.kind).split(" (")[0]
        text = f"{record.started_at:%a %d %b %Y %H:%M} · {where} · {kind} · {record.intensity}/10"
        notes = " ".join(record.notes.split())
        if notes:
            text += f" · “{notes[:60]}{'…' if len(notes) > 60 else ''}”"
        return text


class ImportCommand(QUndoCommand):
    """Edit → Undo import: the rows the import added go again; redo brings the same rows back."""

    def __init__(self, diary: Diary, result: ImportResult) -> None:
        #: after "Undo"/"Redo" in the Edit menu; {file} is the imported file's name
        super().__init__(DATA_DIALOGS.tr("import of {file}").format(file=result.plan.path.name))
        self.diary = diary
        self.result = result
        self._applied = True  # pushed after the import was stored: the first redo does nothing

    def redo(self) -> None:
        from twitchdesk.storage.exchange.importer import redo_import

        if self._applied:
            self._applied = False
            return
        redo_import(self.diary, self.result)

    def undo(self) -> None:
        from twitchdesk.storage.exchange.importer import undo_import

        undo_import(self.diary, self.result)


# -- wording ----------------------------------------------------------------------------------
def _finding_text(finding: Finding) -> str:
    where = finding.where
    if finding.line is not None:
        # "Line 12", capitalised: it starts the entry in the list.
        where = DATA_DIALOGS.tr("Line {line}").format(line=finding.line)
    return f"{where} — {finding.reason}"


def _import_label(plan: ImportPlan) -> str:
    if not plan.can_apply:
        return DATA_DIALOGS.tr("&Import")
    return DATA_DIALOGS.tr("&Import %n item(s)", None, plan.new_count)


def _day_text(entry: DayEntry) -> str:
    factors = entry.factors
    parts = []
    if factors.caffeine_mg is not None:
        parts.append(
            DATA_DIALOGS.tr("caffeine {value} mg").format(value=f"{factors.caffeine_mg:g}")
        )
    if factors.sleep_h is not None:
        parts.append(DATA_DIALOGS.tr("sleep {value} h").format(value=f"{factors.sleep_h:g}"))
    if factors.stress is not None:
        parts.append(DATA_DIALOGS.tr("stress {value}/10").format(value=factors.stress))
    if factors.exercise_min is not None:
        parts.append(DATA_DIALOGS.tr("exercise {value} min").format(value=factors.exercise_min))
    if factors.alcohol_units is not None:
        alcohol = DATA_DIALOGS.tr("alcohol {value} units")
        parts.append(alcohol.format(value=f"{factors.alcohol_units:g}"))
    if factors.water_l is not None:
        parts.append(DATA_DIALOGS.tr("water {value} l").format(value=f"{factors.water_l:g}"))
    summary = ", ".join(parts) or DATA_DIALOGS.tr("notes only")
    return f"{factors.day:%a %d %b %Y}: {summary}"


def _medicine_text(record: MedicationRecord) -> str:
    category = vocabulary.MEDICATION_CATEGORIES.get(record.category, record.category)
    #: a medicine in the import preview: "Magnesium (supplement), from 03 Mar 2026"
    text = DATA_DIALOGS.tr("{medicine} ({kind}), from {date}")
    return text.format(medicine=record.name, kind=category, date=f"{record.started_on:%d %b %Y}")


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)
