"""The episode fields other than where: when, what kind, how strong, how long, and the rest.

Shared by the Log panel (quick entry beside the body map) and the edit dialog. Defaults are
remembered between entries so that a repeat episode is one click and Enter.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.storage import vocabulary

LOG_FIELDS = TextContext("LOG_FIELDS")
# Unit names are both the combo's data and (translated) its text.
DURATION_UNITS = {
    QT_TRANSLATE_NOOP("LOG_FIELDS", "seconds"): 1,
    QT_TRANSLATE_NOOP("LOG_FIELDS", "minutes"): 60,
    QT_TRANSLATE_NOOP("LOG_FIELDS", "hours"): 3600,
}


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("field_error")
    label.setWordWrap(True)
    label.setStyleSheet("QLabel#field_error { color: #c0392b; }")
    label.setVisible(False)
    return label


class EpisodeFields(QWidget):
    """Fields of one episode; `values()` gives them as EpisodeDraft keyword arguments."""

    submit_requested = Signal()  # Ctrl+Enter in the notes

    def __init__(self, parent: QWidget | None = None, follow_clock: bool = True) -> None:
        super().__init__(parent)
        self._follow_clock = follow_clock
        self._following = follow_clock
        self._build()
        if follow_clock:
            # Until the user changes the time, it stays "now" (checked each half minute).
            self._clock = QTimer(self)
            self._clock.setInterval(30_000)
            self._clock.timeout.connect(self._tick)
            self._clock.start()
            self._tick()

    # -- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.time_edit = QDateTimeEdit()
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.time_edit.setAccessibleName(LOG_FIELDS.tr("When it started"))
        self.now_button = QPushButton(LOG_FIELDS.tr("Now"))
        self.now_button.setAccessibleName(LOG_FIELDS.tr("Set the time to now"))
        self.now_button.setToolTip(LOG_FIELDS.tr("Set the time back to now"))
        time_row = QHBoxLayout()
        time_row.addWidget(self.time_edit, 1)
        time_row.addWidget(self.now_button)

        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName(LOG_FIELDS.tr("Kind of movement"))
        for code, label in vocabulary.KINDS.items():
            self.kind_combo.addItem(label, code)

        self.intensity_slider = QSlider(Qt.Orientation.Horizontal)
        self.intensity_slider.setRange(vocabulary.INTENSITY_MIN, vocabulary.INTENSITY_MAX)
        self.intensity_slider.setPageStep(1)
        self.intensity_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.intensity_slider.setAccessibleName(LOG_FIELDS.tr("Intensity from 1 to 10"))
        self.intensity_label = QLabel()
        self.intensity_label.setMinimumWidth(150)
        intensity_row = QHBoxLayout()
        intensity_row.addWidget(self.intensity_slider, 1)
        intensity_row.addWidget(self.intensity_label)

        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(1, 999)
        self.duration_spin.setAccessibleName(LOG_FIELDS.tr("How long it lasted"))
        self.duration_unit = QComboBox()
        self.duration_unit.setAccessibleName(LOG_FIELDS.tr("Duration unit"))
        for unit in DURATION_UNITS:
            self.duration_unit.addItem(LOG_FIELDS.tr(unit), unit)
        self.duration_unknown = QCheckBox(LOG_FIELDS.tr("Still going / not sure"))
        self.duration_unknown.setAccessibleName(LOG_FIELDS.tr("Duration still going or not known"))
        duration_row = QHBoxLayout()
        duration_row.addWidget(self.duration_spin)
        duration_row.addWidget(self.duration_unit)
        duration_row.addWidget(self.duration_unknown, 1)

        self.context_combo = QComboBox()
        self.context_combo.setAccessibleName(LOG_FIELDS.tr("What you were doing"))
        self.context_combo.addItem(LOG_FIELDS.tr("Not recorded"), None)
        for code, label in vocabulary.CONTEXTS.items():
            self.context_combo.addItem(label, code)

        self.seen_group = QButtonGroup(self)
        seen_row = QHBoxLayout()
        seen_choices = (
            (LOG_FIELDS.tr("Visible"), True),
            (LOG_FIELDS.tr("Only felt"), False),
            (LOG_FIELDS.tr("Not sure"), None),
        )
        for text, value in seen_choices:
            button = QRadioButton(text)
            button.setAccessibleName(LOG_FIELDS.tr("Seen or felt: {choice}").format(choice=text))
            button.setProperty("seen_value", value)
            self.seen_group.addButton(button)
            seen_row.addWidget(button)
        seen_row.addStretch(1)

        self.symptom_boxes: dict[str, QCheckBox] = {}
        symptoms = QGridLayout()
        for index, (code, label) in enumerate(vocabulary.SYMPTOMS.items()):
            box = QCheckBox(label)
            box.setAccessibleName(LOG_FIELDS.tr("Also noticed: {symptom}").format(symptom=label))
            self.symptom_boxes[code] = box
            symptoms.addWidget(box, index // 2, index % 2)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(
            LOG_FIELDS.tr("Anything else worth remembering (optional)")
        )
        self.notes_edit.setAccessibleName(LOG_FIELDS.tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(64)
        self.notes_edit.installEventFilter(self)

        self.errors = {name: error_label() for name in ("time", "duration", "intensity")}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def add_row(text: str, field: Any, buddy: QWidget | None = None) -> None:
            label = QLabel(text)
            if buddy is not None:
                label.setBuddy(buddy)  # Alt+letter jumps to the field
            form.addRow(label, field)

        add_row(LOG_FIELDS.tr("&When:"), time_row, self.time_edit)
        form.addRow("", self.errors["time"])
        add_row(LOG_FIELDS.tr("&Kind:"), self.kind_combo, self.kind_combo)
        add_row(LOG_FIELDS.tr("&Intensity:"), intensity_row, self.intensity_slider)
        form.addRow("", self.errors["intensity"])
        add_row(LOG_FIELDS.tr("&Duration:"), duration_row, self.duration_spin)
        form.addRow("", self.errors["duration"])
        add_row(LOG_FIELDS.tr("Doin&g:"), self.context_combo, self.context_combo)
        add_row(LOG_FIELDS.tr("Seen:"), seen_row)
        add_row(LOG_FIELDS.tr("Also:"), symptoms)
        add_row(LOG_FIELDS.tr("N&otes:"), self.notes_edit, self.notes_edit)

        self.now_button.clicked.connect(self.set_now)
        self.time_edit.dateTimeChanged.connect(self._time_edited)
        self.intensity_slider.valueChanged.connect(self._show_intensity)
        self.duration_unknown.toggled.connect(self._duration_toggled)
        self.set_defaults({})

    # -- values --------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        started = self.time_edit.dateTime().toPython()
        if self._follow_clock and self._following:
            started = datetime.now()
        seen_button = self.seen_group.checkedButton()
        duration = None
        if not self.duration_unknown.isChecked():
            unit = DURATION_UNITS[self.duration_unit.currentData()]
            duration = self.duration_spin.value() * unit
        return {
            # The local zone in force at that moment (right across daylight-saving changes).
            "started_at": started.astimezone(),
            "kind": self.kind_combo.currentData(),
            "intensity": self.intensity_slider.value(),
            "duration_s": duration,
            "context": self.context_combo.currentData(),
            "seen": seen_button.property("seen_value") if seen_button else None,
            "symptoms": frozenset(c for c, box in self.symptom_boxes.items() if box.isChecked()),
            "notes": self.notes_edit.toPlainText().strip(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        """Show an existing episode (for editing); the time then no longer follows the clock."""
        self._following = False
        local = values["started_at"].astimezone().replace(tzinfo=None)
        self.time_edit.setDateTime(QDateTime(local))
        self._following = False
        self.set_defaults(values)
        for code, box in self.symptom_boxes.items():
            box.setChecked(code in values.get("symptoms", ()))
        self.notes_edit.setPlainText(values.get("notes", ""))

    def set_defaults(self, values: dict[str, Any]) -> None:
        self._select(self.kind_combo, values.get("kind", "twitch"))
        self.intensity_slider.setValue(int(values.get("intensity", 3)))
        self._show_intensity(self.intensity_slider.value())
        duration = values.get("duration_s", 10)
        self.duration_unknown.setChecked(duration is None)
        if duration is not None:
            for unit, factor in reversed(DURATION_UNITS.items()):
                if duration >= factor and duration % factor == 0:
                    self.duration_spin.setValue(max(1, duration // factor))
                    self._select(self.duration_unit, unit)
                    break
        self._select(self.context_combo, values.get("context"))
        seen = values.get("seen")
        for button in self.seen_group.buttons():
            if button.property("seen_value") == seen:
                button.setChecked(True)

    def clear_after_log(self) -> None:
        """After logging: back to now, free-text and symptoms cleared, the rest remembered."""
        for box in self.symptom_boxes.values():
            box.setChecked(False)
        self.notes_edit.clear()
        self.set_now()
        self.show_problems({})

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)

    # -- time following the clock --------------------------------------------------------
    def set_now(self) -> None:
        self._following = True
        self._tick()

    def _tick(self) -> None:
        if self._following:
            self.time_edit.blockSignals(True)
            self.time_edit.setDateTime(QDateTime.currentDateTime())
            self.time_edit.blockSignals(False)

    def _time_edited(self) -> None:
        self._following = False

    # -- small helpers -------------------------------------------------------------------
    def _show_intensity(self, value: int) -> None:
        self.intensity_label.setText(f"{value} – {vocabulary.INTENSITY_LABELS[value]}")
        self.intensity_slider.setAccessibleDescription(vocabulary.INTENSITY_LABELS[value])

    def _duration_toggled(self, unknown: bool) -> None:
        self.duration_spin.setEnabled(not unknown)
        self.duration_unit.setEnabled(not unknown)

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        index = combo.findData(data)
        if index >= 0:
            combo.setCurrentIndex(index)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        # In the notes, Enter makes a new line; Ctrl+Enter logs, as in most chat and mail apps.
        if watched is self.notes_edit and event.type() == QEvent.Type.KeyPress:
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.submit_requested.emit()
                return True
        return super().eventFilter(watched, event)
