"""The daily check-in form: one day's caffeine, sleep, stress, exercise, alcohol, water and a note.

Blank fields are "not recorded" (stored as None), never zero. Saving goes through the undo stack,
so Edit → Undo puts the day back as it was. Changing day with unsaved changes saves them first
(input is never dropped); if a value is impossible, the form stays on its day with the message
shown instead. Keys, local to this form so they never clash with other panels (the Reader has
Alt+Left/Right): Ctrl+[ / Ctrl+] and Ctrl+PgUp / Ctrl+PgDn for the previous / next day,
Alt+1…Alt+5 for the caffeine presets, Enter in a field or Ctrl+Enter anywhere to save.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import DailyFactors
from twitchdesk.ui.checkin.fields import SPECS, NumberField, to_qdate
from twitchdesk.ui.checkin.presets import PRESETS, PresetButtons, preset_label
from twitchdesk.ui.checkin.undo_commands import SaveDayCommand, day_text

if TYPE_CHECKING:
    from twitchdesk.ui.panel_context import PanelContext

CHECKIN_DAY_FORM = TextContext("CHECKIN_DAY_FORM")
PREVIOUS_DAY_KEYS = ("Ctrl+[", "Ctrl+PgUp")
NEXT_DAY_KEYS = ("Ctrl+]", "Ctrl+PgDown")
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
EARLIEST_DAY = date(2000, 1, 1)
_INVALID = object()  # a field whose text is not a valid value (counts as an unsaved change)

FIELDS = (*SPECS, "exercise_intensity", "notes")


class DailyCheckInWidget(QWidget):
    day_changed = Signal(object)  # datetime.date now shown
    saved = Signal(object)  # the DailyFactors just stored

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: PanelContext | None = None
        self._day = date.today()
        self._baseline = DailyFactors(day=self._day)
        self._following_today = True
        self._build()
        self._connect_signals()
        self.setEnabled(False)  # until the diary is attached
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()

    # -- construction --------------------------------------------------------------------
    def _build(self) -> None:
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setKeyboardTracking(False)  # typing "15" must not visit the 1st first
        self.date_edit.setDateRange(to_qdate(EARLIEST_DAY), to_qdate(date.today()))
        self.date_edit.setDate(to_qdate(self._day))
        self.date_edit.setAccessibleName(CHECKIN_DAY_FORM.tr("Check-in day"))
        self.date_edit.setToolTip(
            CHECKIN_DAY_FORM.tr(
                "The day this check-in is for (no future days).\n"
                "Previous / next day: Ctrl+[ / Ctrl+] or Ctrl+PgUp / Ctrl+PgDn"
            )
        )
        self.previous_button = self._tool_button(
            "◀",
            CHECKIN_DAY_FORM.tr("Previous day"),
            CHECKIN_DAY_FORM.tr("Go to the previous day (Ctrl+[ or Ctrl+PgUp)"),
        )
        self.next_button = self._tool_button(
            "▶",
            CHECKIN_DAY_FORM.tr("Next day"),
            CHECKIN_DAY_FORM.tr("Go to the next day (Ctrl+] or Ctrl+PgDn)"),
        )
        self.today_button = QPushButton(CHECKIN_DAY_FORM.tr("Today"))
        self.today_button.setAccessibleName(CHECKIN_DAY_FORM.tr("Go to today"))
        self.today_button.setToolTip(CHECKIN_DAY_FORM.tr("Go back to today's check-in"))
        self.today_button.setAutoDefault(True)
        nav = QHBoxLayout()
        nav.setSpacing(4)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.date_edit, 1)
        nav.addWidget(self.next_button)
        nav.addSpacing(6)
        nav.addWidget(self.today_button)

        self.fields = {name: NumberField(spec) for name, spec in SPECS.items()}
        self.caffeine = self.fields["caffeine_mg"]

        self.presets = PresetButtons()
        self.presets.setAccessibleName(CHECKIN_DAY_FORM.tr("Caffeine quick-add"))

        self.intensity_combo = QComboBox()
        self.intensity_combo.addItem(CHECKIN_DAY_FORM.tr("intensity not recorded"), None)
        for code, label in vocabulary.EXERCISE_INTENSITIES.items():
            self.intensity_combo.addItem(label, code)
        self.intensity_combo.setAccessibleName(CHECKIN_DAY_FORM.tr("Exercise intensity"))
        self.intensity_combo.setToolTip(
            CHECKIN_DAY_FORM.tr("How hard the exercise was: light, moderate or vigorous")
        )
        self.fields["exercise_min"].append(self.intensity_combo)

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText(
            CHECKIN_DAY_FORM.tr("Anything else about the day (optional)")
        )
        self.notes_edit.setAccessibleName(CHECKIN_DAY_FORM.tr("Note about the day"))
        self.notes_edit.setToolTip(
            CHECKIN_DAY_FORM.tr("A note about the day. Enter: new line; Ctrl+Enter: save")
        )
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)

        self.save_button = QPushButton(CHECKIN_DAY_FORM.tr("Save day"))
        self.save_button.setAccessibleName(CHECKIN_DAY_FORM.tr("Save this day's check-in"))
        self.save_button.setToolTip(
            CHECKIN_DAY_FORM.tr("Save this day's check-in (Enter or Ctrl+Enter); undo with Ctrl+Z")
        )
        self.save_button.setAutoDefault(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("checkin_status")
        self.status_label.setAccessibleName(CHECKIN_DAY_FORM.tr("Check-in status"))
        self.status_label.setWordWrap(True)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.status_label, 1)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        rows = [
            (CHECKIN_DAY_FORM.tr("Caffeine:"), self.fields["caffeine_mg"]),
            ("", self.presets),
            (CHECKIN_DAY_FORM.tr("Sleep:"), self.fields["sleep_h"]),
            (CHECKIN_DAY_FORM.tr("Stress:"), self.fields["stress"]),
            (CHECKIN_DAY_FORM.tr("Exercise:"), self.fields["exercise_min"]),
            (CHECKIN_DAY_FORM.tr("Alcohol:"), self.fields["alcohol_units"]),
            (CHECKIN_DAY_FORM.tr("Water:"), self.fields["water_l"]),
            (CHECKIN_DAY_FORM.tr("Note:"), self.notes_edit),
        ]
        for text, field in rows:
            label = QLabel(text)
            if isinstance(field, QWidget):
                label.setBuddy(field.focusProxy() or field)
            form.addRow(label, field)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(nav)
        layout.addLayout(form)
        layout.addLayout(save_row)

        chain = [
            self.date_edit,
            self.today_button,
            *(self.fields[name].edit for name in ("caffeine_mg", "sleep_h", "stress")),
            self.fields["exercise_min"].edit,
            self.intensity_combo,
            self.fields["alcohol_units"].edit,
            self.fields["water_l"].edit,
            self.notes_edit,
            self.save_button,
            self.presets.edit_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

        self.shortcuts: list[QShortcut] = []
        for keys, slot in (
            (PREVIOUS_DAY_KEYS, self.previous_day),
            (NEXT_DAY_KEYS, self.next_day),
            (SAVE_KEYS, self.save),
        ):
            for key in keys:
                self._bind(key, slot)
        self.shortcuts += self.presets.bind_shortcuts(self)

    def _tool_button(self, text: str, name: str, tooltip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(tooltip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # reached by its shortcut instead
        button.setAutoRaise(True)
        return button

    def _bind(self, key: str, slot: Any) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
        self.shortcuts.append(shortcut)

    def _connect_signals(self) -> None:
        self.date_edit.dateChanged.connect(lambda qd: self.set_day(qd.toPython()))
        self.previous_button.clicked.connect(self.previous_day)
        self.next_button.clicked.connect(self.next_day)
        self.today_button.clicked.connect(self.go_to_today)
        self.save_button.clicked.connect(self.save)
        self.presets.add_requested.connect(self.add_caffeine)
        for field in self.fields.values():
            field.edited.connect(self._edited)
        self.intensity_combo.activated.connect(self._edited)
        self.notes_edit.textChanged.connect(self._edited)

    def attach(self, context: PanelContext) -> None:
        self.context = context
        self.presets.use_settings(context.settings.qsettings)
        context.bridge.changed.connect(self._diary_changed)
        self.setEnabled(True)
        self._show_date()
        self._load()

    # -- the day shown -------------------------------------------------------------------
    def day(self) -> date:
        return self._day

    def set_day(self, day: date) -> bool:
        """Show `day`, saving unsaved changes first; False (and stay) if they can't be saved."""
        day = min(max(day, EARLIEST_DAY), date.today())
        if day == self._day:
            self._show_date()
            return True
        left_behind = self._day
        saved_on_leaving = self.context is not None and self.is_dirty()
        if saved_on_leaving and not self.save():
            self._show_date()
            #: {day} like "Mon 3 Mar"
            still = CHECKIN_DAY_FORM.tr(
                "Still on {day}: correct or clear the marked value first. Nothing was lost."
            )
            self._set_status(still.format(day=day_text(self._day)))
            return False
        self._day = day
        self._following_today = day == date.today()
        self._show_date()
        self._load()
        if saved_on_leaving:
            moment = datetime.now().strftime("%H:%M")
            #: {day} like "Mon 3 Mar", {time} like 21:40
            saved = CHECKIN_DAY_FORM.tr("Saved your changes to {day} at {time}.")
            self._set_status(saved.format(day=day_text(left_behind), time=moment))
        self.day_changed.emit(day)
        return True

    def previous_day(self) -> None:
        self.set_day(self._day - timedelta(days=1))

    def next_day(self) -> None:
        self.set_day(self._day + timedelta(days=1))

    def go_to_today(self) -> None:
        self.set_day(date.today())

    def _show_date(self) -> None:
        today = date.today()
        self.date_edit.blockSignals(True)
        self.date_edit.setMaximumDate(to_qdate(today))
        self.date_edit.setDate(to_qdate(self._day))
        self.date_edit.blockSignals(False)
        self.next_button.setEnabled(self._day < today)
        self.today_button.setEnabled(self._day != today)

    def _tick(self) -> None:
        """After midnight: allow the new day, and move to it if the form was following today."""
        today = date.today()
        if self.date_edit.maximumDate() == to_qdate(today):
            return  # same day: leave the date box alone (the user may be typing in it)
        if self._following_today and self._day != today and not self.is_dirty():
            self.set_day(today)
        else:
            self._show_date()

    # -- values --------------------------------------------------------------------------
    def _value(self, name: str) -> Any:
        if name in self.fields:
            try:
                return self.fields[name].value()
            except ValueError:
                return _INVALID
        if name == "exercise_intensity":
            return self.intensity_combo.currentData()
        return self.notes_edit.toPlainText().strip()

    def _set_value(self, name: str, value: Any) -> None:
        if name in self.fields:
            self.fields[name].set_value(value)
        elif name == "exercise_intensity":
            self.intensity_combo.setCurrentIndex(max(0, self.intensity_combo.findData(value)))
        elif self.notes_edit.toPlainText().strip() != value:
            self.notes_edit.blockSignals(True)
            self.notes_edit.setPlainText(value)
            self.notes_edit.blockSignals(False)

    def current_factors(self) -> DailyFactors | None:
        """What the form holds, or None (with the messages shown) if a value is impossible."""
        valid = [field.check() for field in self.fields.values()]
        if not all(valid):
            return None
        return DailyFactors(day=self._day, **{name: self._value(name) for name in FIELDS})

    def is_dirty(self) -> bool:
        return any(self._value(name) != getattr(self._baseline, name) for name in FIELDS)

    def _load(self) -> None:
        if self.context is None:
            return
        self._baseline = self.context.diary.day(self._day)
        for name in FIELDS:
            self._set_value(name, getattr(self._baseline, name))
        for field in self.fields.values():
            field.show_problem("")
        self._show_resting_status()

    def _show_resting_status(self) -> None:
        """The status when the form holds exactly what is stored."""
        recorded = not self._baseline.is_empty()
        self._set_status(
            CHECKIN_DAY_FORM.tr("Saved.")
            if recorded
            else CHECKIN_DAY_FORM.tr("Nothing recorded for this day yet.")
        )

    def _diary_changed(self, topic: str) -> None:
        """Show a change made elsewhere (undo, import), keeping what the user is typing."""
        if topic not in ("daily", "all") or self.context is None:
            return
        stored = self.context.diary.day(self._day)
        if stored == self._baseline:
            return
        for name in FIELDS:
            if self._value(name) == getattr(self._baseline, name):  # not touched by the user
                self._set_value(name, getattr(stored, name))
        self._baseline = stored
        if not self.is_dirty():
            self._show_resting_status()

    # -- saving --------------------------------------------------------------------------
    def save(self) -> bool:
        """Store the form for the day shown (through the undo stack); False if a value is wrong."""
        if self.context is None:
            return False
        factors = self.current_factors()
        if factors is None:
            self._set_status(CHECKIN_DAY_FORM.tr("Not saved: correct or clear the marked value."))
            return False
        before = self.context.diary.day(self._day)
        if factors == before:
            self._baseline = before
            return True
        try:
            self.context.diary.save_day(factors)
        except ValueError as problem:  # the diary's own check (InvalidRecord) has the last word
            self._set_status(CHECKIN_DAY_FORM.tr("Not saved: {problem}").format(problem=problem))
            return False
        # Written already, so a refusal never leaves a step on the undo stack that did nothing.
        command = SaveDayCommand(self.context.diary, before, factors, written=True)
        self.context.undo_stack.push(command)
        self._baseline = factors
        moment = datetime.now().strftime("%H:%M")
        if self._day == date.today():
            #: {time} like 21:40
            saved = CHECKIN_DAY_FORM.tr("Saved {time}.")
        else:
            #: {day} like "Mon 3 Mar", {time} like 21:40
            saved = CHECKIN_DAY_FORM.tr("Saved for {day} {time}.")
        self._set_status(saved.format(day=day_text(self._day), time=moment))
        self.saved.emit(factors)
        return True

    def _edited(self, *_args: object) -> None:
        if self.is_dirty():
            self._set_status(
                CHECKIN_DAY_FORM.tr("Unsaved changes · Enter saves (changing day saves too).")
            )
        else:
            self._show_resting_status()

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)

    # -- caffeine presets ----------------------------------------------------------------
    def add_caffeine(self, code: str, mg: int) -> None:
        """A preset was pressed: add its mg (a blank field counts as 0)."""
        if self.caffeine.add(mg):
            label = preset_label(next(p for p in PRESETS if p.code == code)).lower()
            #: {drink} is a caffeine preset in lower case ("coffee"), {mg} its milligrams
            added = CHECKIN_DAY_FORM.tr("Added {drink} ({mg} mg) · not saved yet.")
            self._set_status(added.format(drink=label, mg=mg))

    # -- keyboard and leaving ------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in a one-line field (which passes it on) saves; the note keeps Enter for lines.
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.save()
            return
        super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Closing the dock or the window keeps what was typed (valid values only).
        if self.context is not None and not event.spontaneous() and self.is_dirty():
            self.save()
        super().hideEvent(event)
