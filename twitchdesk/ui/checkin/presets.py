"""Caffeine quick-add presets: the usual drinks and how much caffeine the user's own cup holds.

Amounts are kept in the settings INI as JSON under CAFFEINE_PRESETS_KEY, keyed by drink code, so a
renamed label never loses a saved amount. A damaged value only costs the custom amounts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.i18n import TextContext
from twitchdesk.ui.checkin.fields import describe_buttons

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

CHECKIN_PRESETS = TextContext("CHECKIN_PRESETS")
CAFFEINE_PRESETS_KEY = "checkin/caffeine_presets"
PRESET_MAX_MG = 1000


@dataclass(frozen=True)
class CaffeinePreset:
    code: str
    label: str
    default_mg: int


# Typical amounts (Mayo Clinic's caffeine table, rounded): a cup of coffee is 8 oz / 240 ml.
# Labels are English here and translated where shown (`preset_label`).
PRESETS: tuple[CaffeinePreset, ...] = (
    CaffeinePreset("coffee", QT_TRANSLATE_NOOP("CHECKIN_PRESETS", "Coffee"), 95),
    CaffeinePreset("espresso", QT_TRANSLATE_NOOP("CHECKIN_PRESETS", "Espresso"), 65),
    CaffeinePreset("tea", QT_TRANSLATE_NOOP("CHECKIN_PRESETS", "Tea"), 47),
    CaffeinePreset("cola", QT_TRANSLATE_NOOP("CHECKIN_PRESETS", "Cola"), 34),
    CaffeinePreset("energy_drink", QT_TRANSLATE_NOOP("CHECKIN_PRESETS", "Energy drink"), 80),
)


def preset_label(preset: CaffeinePreset) -> str:
    """The drink's name in the user's language ("Coffee")."""
    return CHECKIN_PRESETS.tr(preset.label)


def default_amounts() -> dict[str, int]:
    return {preset.code: preset.default_mg for preset in PRESETS}


def load_amounts(qsettings: QSettings) -> dict[str, int]:
    """Preset code → mg, from the settings (defaults for anything missing or damaged)."""
    amounts = default_amounts()
    raw = qsettings.value(CAFFEINE_PRESETS_KEY, "")
    try:
        stored = json.loads(str(raw)) if raw else {}
    except ValueError:
        return amounts
    if not isinstance(stored, dict):
        return amounts
    for code in amounts:
        value = stored.get(code)
        if (
            isinstance(value, int | float)
            and not isinstance(value, bool)
            and 0 <= value <= PRESET_MAX_MG
        ):
            amounts[code] = int(value)
    return amounts


def save_amounts(qsettings: QSettings, amounts: dict[str, int]) -> None:
    qsettings.setValue(CAFFEINE_PRESETS_KEY, json.dumps(amounts, sort_keys=True))
    qsettings.sync()


class PresetsDialog(QDialog):
    """ "How much caffeine is in your cup?" — one spin box per drink."""

    def __init__(self, amounts: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(CHECKIN_PRESETS.tr("Caffeine presets"))
        self.setAccessibleName(CHECKIN_PRESETS.tr("Edit caffeine presets"))
        intro = QLabel(
            CHECKIN_PRESETS.tr(
                "How much caffeine each quick-add button adds. Check the label of your usual "
                "drink: a large coffee can hold twice the typical amount."
            )
        )
        intro.setWordWrap(True)
        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for preset in PRESETS:
            spin = QSpinBox()
            spin.setRange(0, PRESET_MAX_MG)
            label = preset_label(preset)
            spin.setSuffix(f" {CHECKIN_PRESETS.tr('mg')}")
            spin.setValue(amounts.get(preset.code, preset.default_mg))
            #: {drink} is a caffeine preset in lower case ("coffee")
            spin.setAccessibleName(
                CHECKIN_PRESETS.tr("Caffeine in one {drink}").format(drink=label.lower())
            )
            spin.setToolTip(CHECKIN_PRESETS.tr("Typical: {mg} mg").format(mg=preset.default_mg))
            self.spins[preset.code] = spin
            #: the label of a caffeine preset's field ("Coffee:")
            form.addRow(CHECKIN_PRESETS.tr("{drink}:").format(drink=label), spin)
        self.defaults_button = QPushButton(CHECKIN_PRESETS.tr("Typical amounts"))
        self.defaults_button.setAccessibleName(CHECKIN_PRESETS.tr("Reset to typical amounts"))
        self.defaults_button.setToolTip(
            CHECKIN_PRESETS.tr("Put back the typical amount for every drink")
        )
        self.defaults_button.setAutoDefault(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.addButton(self.defaults_button, QDialogButtonBox.ButtonRole.ResetRole)
        describe_buttons(
            buttons,
            CHECKIN_PRESETS.tr("Save these amounts"),
            CHECKIN_PRESETS.tr("Close without changing the amounts"),
        )
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.defaults_button.clicked.connect(self.restore_defaults)

    def amounts(self) -> dict[str, int]:
        return {code: spin.value() for code, spin in self.spins.items()}

    def restore_defaults(self) -> None:
        for preset in PRESETS:
            self.spins[preset.code].setValue(preset.default_mg)


class PresetButtons(QWidget):
    """One button per drink ("Coffee 95 mg") and "Edit presets…"; a click asks to add its mg."""

    add_requested = Signal(str, int)  # preset code, mg

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.qsettings: QSettings | None = None
        self.dialog: PresetsDialog | None = None
        self._amounts = default_amounts()
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        for index, preset in enumerate(PRESETS):
            button = QPushButton()
            button.setObjectName(f"preset_{preset.code}")
            # Reached with Alt+1…5 instead of Tab, so focus stays in the field being typed in.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, code=preset.code: self.request(code))
            self.buttons[preset.code] = button
            grid.addWidget(button, index // 2, index % 2)
        self.edit_button = QPushButton(CHECKIN_PRESETS.tr("Edit presets…"))
        self.edit_button.setAccessibleName(CHECKIN_PRESETS.tr("Edit caffeine presets"))
        self.edit_button.setToolTip(
            CHECKIN_PRESETS.tr("Change how much caffeine each drink button adds")
        )
        self.edit_button.setAutoDefault(True)
        self.edit_button.clicked.connect(self.edit)
        grid.addWidget(self.edit_button, len(PRESETS) // 2, len(PRESETS) % 2)
        self._show_amounts()

    def bind_shortcuts(self, scope: QWidget) -> list[QShortcut]:
        """Alt+1…Alt+5 press the buttons while focus is anywhere inside `scope`."""
        shortcuts = []
        for index, preset in enumerate(PRESETS, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{index}"), scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda code=preset.code: self.request(code))
            shortcuts.append(shortcut)
        return shortcuts

    def use_settings(self, qsettings: QSettings) -> None:
        self.qsettings = qsettings
        self._amounts = load_amounts(qsettings)
        self._show_amounts()

    def amounts(self) -> dict[str, int]:
        return dict(self._amounts)

    def request(self, code: str) -> None:
        self.add_requested.emit(code, self._amounts[code])

    def edit(self) -> None:
        # open(), not exec(): window-modal without a nested event loop.
        self.dialog = PresetsDialog(self._amounts, self)
        self.dialog.accepted.connect(self._accepted)
        self.dialog.finished.connect(self.dialog.deleteLater)
        self.dialog.open()

    def _accepted(self) -> None:
        if self.dialog is None:
            return
        self._amounts = self.dialog.amounts()
        if self.qsettings is not None:
            save_amounts(self.qsettings, self._amounts)
        self._show_amounts()

    def _show_amounts(self) -> None:
        for index, preset in enumerate(PRESETS, start=1):
            mg = self._amounts[preset.code]
            label = preset_label(preset)
            drink = label.lower()
            button = self.buttons[preset.code]
            #: a quick-add button: "Coffee 95 mg"
            button.setText(CHECKIN_PRESETS.tr("{drink} {mg} mg").format(drink=label, mg=mg))
            #: {drink} is a caffeine preset in lower case ("coffee")
            name = CHECKIN_PRESETS.tr("Add {drink}, {mg} milligrams of caffeine")
            button.setAccessibleName(name.format(drink=drink, mg=mg))
            #: {drink} is a caffeine preset in lower case ("coffee"), {key} is 1 to 5
            tooltip = CHECKIN_PRESETS.tr("Add one {drink}: {mg} mg of caffeine (Alt+{key})")
            button.setToolTip(tooltip.format(drink=drink, mg=mg, key=index))
