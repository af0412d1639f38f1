"""Editing one logged episode: every field, including where, with the same checks as logging."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.core.validation import episode_problems
from twitchdesk.i18n import TextContext
from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import EpisodeDraft, EpisodeRecord
from twitchdesk.ui.log.fields import EpisodeFields, error_label

if TYPE_CHECKING:
    from twitchdesk.core.regions import RegionAtlas

LOG_EPISODE_DIALOG = TextContext("LOG_EPISODE_DIALOG")


class EpisodeDialog(QDialog):
    def __init__(self, atlas: RegionAtlas, episode: EpisodeRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(LOG_EPISODE_DIALOG.tr("Edit episode"))
        self.setAccessibleName(LOG_EPISODE_DIALOG.tr("Edit episode"))
        self.atlas = atlas
        self.result_draft: EpisodeDraft | None = None

        self.region_combo = QComboBox()
        self.region_combo.setAccessibleName(LOG_EPISODE_DIALOG.tr("Where it twitched"))
        for region in sorted(atlas.regions, key=lambda r: r.label.lower()):
            self.region_combo.addItem(region.label, region.id)
        self.side_combo = QComboBox()
        self.side_combo.setAccessibleName(LOG_EPISODE_DIALOG.tr("Side"))
        for code, label in vocabulary.SIDES.items():
            self.side_combo.addItem(label, code)
        self.region_error = error_label()
        where = QHBoxLayout()
        where.addWidget(self.region_combo, 2)
        where.addWidget(self.side_combo, 1)
        where_form = QFormLayout()
        where_label = QLabel(LOG_EPISODE_DIALOG.tr("Wh&ere:"))
        where_label.setBuddy(self.region_combo)
        where_form.addRow(where_label, where)
        where_form.addRow("", self.region_error)

        self.fields = EpisodeFields(follow_clock=False)
        self.fields.set_values(episode.__dict__)
        self.region_combo.setCurrentIndex(self.region_combo.findData(episode.region_id))
        self.side_combo.setCurrentIndex(self.side_combo.findData(episode.side))
        self.fields.notes_edit.setFixedHeight(120)  # room for long notes when editing

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.fields.submit_requested.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(where_form)
        layout.addWidget(self.fields)
        layout.addWidget(buttons)

    def draft(self) -> EpisodeDraft:
        return EpisodeDraft(
            region_id=self.region_combo.currentData() or "",
            side=self.side_combo.currentData(),
            **self.fields.values(),
        )

    def accept(self) -> None:
        draft = self.draft()
        problems = episode_problems(draft, datetime.now().astimezone())
        self.fields.show_problems(problems)
        self.region_error.setText(problems.get("region", ""))
        self.region_error.setVisible("region" in problems)
        if problems:
            return  # stay open with the messages shown; nothing is saved
        self.result_draft = draft
        super().accept()
