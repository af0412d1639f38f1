"""A number field that can be left blank: blank means "not recorded", which is not zero.

A plain line edit is the fastest by keyboard (type "7.5", Tab) and makes the difference between
blank and 0 visible: blank shows the grey "not recorded" placeholder, 0 shows "0". Up and Down
step the value like a spin box; the clear button (or selecting and deleting) makes it blank again.
Out-of-range numbers can be typed so that the message beside the field can explain them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from twitchdesk.i18n import TextContext
from twitchdesk.storage.vocabulary import DAILY_LIMITS

CHECKIN_FIELDS = TextContext("CHECKIN_FIELDS")
NOT_RECORDED = QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "not recorded")


@dataclass(frozen=True)
class NumberSpec:
    """What a field holds and its limits (the same as the diary's, phrased for people).

    The texts are English, marked for translation in SPECS and translated where shown."""

    name: str
    unit: str
    low: float
    high: float
    step: float
    whole: bool = False
    too_high: str = ""
    accessible_name: str = ""
    tooltip: str = ""
    hint: str = ""  # shown under the field, e.g. what the ends of a scale mean

    def parse(self, text: str) -> float | int | None:
        """The value typed in `text`, None when blank; ValueError with a message otherwise."""
        cleaned = text.strip().replace(",", ".")
        if not cleaned:
            return None
        try:
            value = float(cleaned)
        except ValueError:
            example = format_number(self.step * 3)
            message = CHECKIN_FIELDS.tr("Enter a number, like {example}.")
            raise ValueError(message.format(example=example)) from None
        if not math.isfinite(value):
            raise ValueError(CHECKIN_FIELDS.tr("Enter a number."))
        field = CHECKIN_FIELDS.tr(self.name)
        if value < self.low:
            #: {field} is "Caffeine", "Sleep", "Stress"…
            message = CHECKIN_FIELDS.tr(
                "{field} can't be negative. Leave it blank if not recorded."
            )
            raise ValueError(message.format(field=field))
        if value > self.high:
            if self.too_high:
                raise ValueError(CHECKIN_FIELDS.tr(self.too_high))
            message = CHECKIN_FIELDS.tr("{field} is at most {limit}.")
            raise ValueError(message.format(field=field, limit=format_number(self.high)))
        if self.whole:
            if not value.is_integer():
                message = CHECKIN_FIELDS.tr("{field} is a whole number.")
                raise ValueError(message.format(field=field))
            return int(value)
        return value


# The check-in's number fields, with the diary's own limits; messages say what to do.
SPECS: dict[str, NumberSpec] = {
    "caffeine_mg": NumberSpec(
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Caffeine"),
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "mg"),
        *DAILY_LIMITS["caffeine_mg"], 10,
        too_high=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Over 5000 mg in a day: check the number."),
        accessible_name=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Caffeine in milligrams"),
        tooltip=QT_TRANSLATE_NOOP(
            "CHECKIN_FIELDS", "All caffeine that day, in mg (blank: not recorded)"
        ),
    ),
    "sleep_h": NumberSpec(
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Sleep"),
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "h"),
        *DAILY_LIMITS["sleep_h"], 0.5,
        too_high=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Sleep can't be over 24 hours."),
        accessible_name=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Sleep in hours"),
        tooltip=QT_TRANSLATE_NOOP(
            "CHECKIN_FIELDS", "Hours slept the night before, 0–24 (Up/Down: ½ hour)"
        ),
    ),
    "stress": NumberSpec(
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Stress"),
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "/ 10"),
        *DAILY_LIMITS["stress"], 1, whole=True,
        too_high=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Stress goes from 0 to 10."),
        accessible_name=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Stress from 0 to 10"),
        tooltip=QT_TRANSLATE_NOOP(
            "CHECKIN_FIELDS", "How stressed you felt: 0 none, 5 moderate, 10 extreme"
        ),
        hint=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "0 none · 5 moderate · 10 extreme"),
    ),
    "exercise_min": NumberSpec(
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Exercise"),
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "min"),
        *DAILY_LIMITS["exercise_min"], 5, whole=True,
        too_high=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "At most 1440 min (24 hours)."),
        accessible_name=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Exercise in minutes"),
        tooltip=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Minutes of exercise that day"),
    ),
    "alcohol_units": NumberSpec(
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Alcohol"),
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "units"),
        *DAILY_LIMITS["alcohol_units"], 0.5,
        too_high=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Over 100 units: check the number."),
        accessible_name=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Alcohol in units"),
        tooltip=QT_TRANSLATE_NOOP(
            "CHECKIN_FIELDS", "Units of alcohol (a pint of beer ≈ 2–3 units)"
        ),
    ),
    "water_l": NumberSpec(
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Water"),
        QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "L"),
        *DAILY_LIMITS["water_l"], 0.25,
        too_high=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Over 20 litres: check the number."),
        accessible_name=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Water in litres"),
        tooltip=QT_TRANSLATE_NOOP("CHECKIN_FIELDS", "Water and other drinks, in litres"),
    ),
}  # fmt: skip


def format_number(value: float | None) -> str:
    """255.0 → "255", 7.5 → "7.5", None → ""."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("checkin_error")
    label.setWordWrap(True)
    label.setStyleSheet("QLabel#checkin_error { color: #b03a2e; }")
    label.setVisible(False)
    return label


def describe_buttons(box: QDialogButtonBox, save: str, cancel: str) -> None:
    """Names and tooltips for a dialog's Save and Cancel (screen readers and hover)."""
    for which, text in (
        (QDialogButtonBox.StandardButton.Save, save),
        (QDialogButtonBox.StandardButton.Cancel, cancel),
    ):
        button = box.button(which)
        button.setAccessibleName(text)
        button.setToolTip(text)


def hint_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("checkin_hint")
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


class _StepLineEdit(QLineEdit):
    stepped = Signal(int)  # +1 for Up, -1 for Down

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not event.modifiers():
            self.stepped.emit(1 if event.key() == Qt.Key.Key_Up else -1)
            return
        super().keyPressEvent(event)


class NumberField(QWidget):
    """Line edit + unit; under it an optional hint and the message (hidden while all is well)."""

    edited = Signal()

    def __init__(self, spec: NumberSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.edit = _StepLineEdit()
        not_recorded = CHECKIN_FIELDS.tr(NOT_RECORDED)
        self.edit.setPlaceholderText(not_recorded)
        self.edit.setClearButtonEnabled(True)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        pattern = QRegularExpression(r"^-?\d{0,6}([.,]\d{0,3})?$")
        self.edit.setValidator(QRegularExpressionValidator(pattern, self.edit))
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance(not_recorded) + 44)
        unit = CHECKIN_FIELDS.tr(spec.unit)
        hint = CHECKIN_FIELDS.tr(spec.hint) if spec.hint else ""
        self.unit_label = QLabel(unit)
        self.unit_label.setBuddy(self.edit)
        self.hint = hint_label(hint) if hint else None
        self.error = error_label()

        #: {unit} is a unit of measure: "mg", "h", "min", "units", "L"
        scale = f"{hint}." if hint else CHECKIN_FIELDS.tr("In {unit}.").format(unit=unit)
        #: {scale} is the sentence before, e.g. "In mg."
        description = CHECKIN_FIELDS.tr("{scale} Blank means not recorded.")
        self._description = description.format(scale=scale)
        self.edit.setAccessibleName(CHECKIN_FIELDS.tr(spec.accessible_name or spec.name))
        self.edit.setToolTip(CHECKIN_FIELDS.tr(spec.tooltip))
        self.edit.setAccessibleDescription(self._description)
        row = QHBoxLayout()
        self._row = row
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.edit)
        row.addWidget(self.unit_label)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        if self.hint is not None:
            column.addWidget(self.hint)
        column.addWidget(self.error)
        self.setFocusProxy(self.edit)

        self.edit.textEdited.connect(self._text_edited)
        self.edit.stepped.connect(self.step)

    def append(self, widget: QWidget) -> None:
        """Put another control on the field's line (before the trailing space)."""
        self._row.insertWidget(self._row.count() - 1, widget)

    # -- value ---------------------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def value(self) -> float | int | None:
        """The typed value; raises ValueError (with the message to show) if it is not valid."""
        return self.spec.parse(self.edit.text())

    def set_value(self, value: float | None) -> None:
        """Show `value` without counting as a user edit; None leaves the field blank."""
        if value is None and not self.edit.text().strip():
            return  # keep an untouched blank field exactly as it is
        try:
            if value is not None and self.value() == value:
                return  # "7,5" stays as typed when 7.5 comes back from the diary
        except ValueError:
            pass
        self.edit.setText(format_number(value))
        self.show_problem("")

    def add(self, amount: float) -> bool:
        """Add to the value (blank counts as zero); False, with the message shown, if invalid."""
        try:
            current = self.value() or 0
        except ValueError as problem:
            self.show_problem(str(problem))
            return False
        self._set_typed(format_number(round(current + amount, 3)))
        return True

    def step(self, direction: int) -> None:
        try:
            current = self.value()
        except ValueError:
            return
        if current is None:
            new = self.spec.low
        else:
            new = min(max(current + direction * self.spec.step, self.spec.low), self.spec.high)
        self._set_typed(format_number(round(new, 3)))

    def _set_typed(self, text: str) -> None:
        """Change the text as if the user had typed it (so it counts as an unsaved change)."""
        self.edit.setText(text)
        self._text_edited()

    # -- messages ------------------------------------------------------------------------
    def check(self) -> bool:
        try:
            self.value()
        except ValueError as problem:
            self.show_problem(str(problem))
            return False
        self.show_problem("")
        return True

    def show_problem(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.edit.setAccessibleDescription(message or self._description)

    def _text_edited(self, *_args: object) -> None:
        self.check()
        self.edited.emit()
