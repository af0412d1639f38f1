"""The Log panel: click where it twitches, press Enter. History with editing and undo below.

Every change goes through the undo stack (Edit → Undo names what it will undo). The panel
refreshes itself from the diary's change signal, so an undo, an import or an edit made anywhere
shows here at once.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.core.regions import load_atlas
from twitchdesk.core.validation import episode_problems
from twitchdesk.i18n import TextContext
from twitchdesk.storage import vocabulary
from twitchdesk.storage.records import EpisodeDraft, EpisodeRecord
from twitchdesk.ui.bodymap.view import BodyMapView
from twitchdesk.ui.log.episode_dialog import EpisodeDialog
from twitchdesk.ui.log.fields import EpisodeFields, error_label
from twitchdesk.ui.log.history_view import HistoryView
from twitchdesk.ui.log.undo_commands import (
    AddEpisodeCommand,
    DeleteEpisodesCommand,
    EditEpisodeCommand,
)

if TYPE_CHECKING:
    from twitchdesk.ui.panel_context import PanelContext

LOG_PANEL = TextContext("LOG_PANEL")
DEFAULTS_KEY = "log/defaults"
REMEMBERED = ("kind", "intensity", "duration_s", "context", "seen")
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class LogPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: PanelContext | None = None
        self.atlas = load_atlas()
        self._dirty = False
        self._adding = False
        self._build()
        self._connect_signals()

    # -- construction --------------------------------------------------------------------
    def _build(self) -> None:
        self.body_map = BodyMapView(self.atlas)
        self.body_map.setAccessibleName(LOG_PANEL.tr("Where it twitches"))
        self.heat_check = QCheckBox(
            LOG_PANEL.tr("Colour by number of episodes in the history period")
        )
        self.heat_check.setAccessibleName(LOG_PANEL.tr("Heat map: colour regions by episode count"))
        map_column = QVBoxLayout()
        map_column.setContentsMargins(0, 0, 0, 0)
        map_column.addWidget(self.body_map, 1)
        map_column.addWidget(self.heat_check)
        map_box = QWidget()
        map_box.setLayout(map_column)

        self.where_label = QLabel()
        self.where_label.setObjectName("where_label")
        self.where_label.setAccessibleName(LOG_PANEL.tr("Chosen region"))
        self.side_combo = QComboBox()
        self.side_combo.setAccessibleName(LOG_PANEL.tr("Side"))
        for code, label in vocabulary.SIDES.items():
            self.side_combo.addItem(label, code)
        self.region_error = error_label()
        where_row = QHBoxLayout()
        where_row.addWidget(self.where_label, 1)
        where_row.addWidget(self.side_combo)

        self.fields = EpisodeFields()
        self.log_button = QPushButton(LOG_PANEL.tr("&Log episode"))
        self.log_button.setAccessibleName(LOG_PANEL.tr("Log episode"))
        self.log_button.setToolTip(LOG_PANEL.tr("Log this episode (Enter)"))
        self.log_button.setDefault(True)
        self.repeat_button = QPushButton(LOG_PANEL.tr("Repeat &last"))
        self.repeat_button.setAccessibleName(LOG_PANEL.tr("Log the same as last time, now"))
        self.repeat_button.setToolTip(
            LOG_PANEL.tr("Log the same place and details as your last entry, now")
        )
        self.status_label = QLabel()
        self.status_label.setObjectName("log_status")
        self.status_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.repeat_button)
        buttons.addStretch(1)

        form_column = QVBoxLayout()
        title = QLabel(f"<h3 style='margin:0'>{LOG_PANEL.tr('New episode')}</h3>")
        form_column.addWidget(title)
        form_column.addLayout(where_row)
        form_column.addWidget(self.region_error)
        form_column.addWidget(self.fields)
        form_column.addLayout(buttons)
        form_column.addWidget(self.status_label)
        form_inner = QFrame()
        form_inner.setLayout(form_column)
        # In a narrow window the form scrolls rather than being cut off at the right.
        form_box = QScrollArea()
        form_box.setWidget(form_inner)
        form_box.setWidgetResizable(True)
        form_box.setFrameShape(QFrame.Shape.NoFrame)
        form_box.setMinimumWidth(320)
        # Never hide the Log button below a scroll: the form keeps its full height.
        form_box.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form_box.setMinimumHeight(form_inner.sizeHint().height() + 4)

        # The figure is tall and narrow: it gets the full height on the left; the form and the
        # history share the right-hand side.
        self.history = HistoryView(self.atlas.label)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(form_box)
        right.addWidget(self.history)
        right.setStretchFactor(0, 0)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(map_box)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._show_where(None, None)

        # Enter anywhere in the form or on the map logs (the notes box keeps Enter for lines).
        for widget in (self.body_map, *self.fields.findChildren(QWidget)):
            if widget is not self.fields.notes_edit:
                widget.installEventFilter(self)
        self.repeat_shortcut = QShortcut(QKeySequence("Ctrl+R"), self)
        self.repeat_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _connect_signals(self) -> None:
        self.body_map.regionSelected.connect(self._region_chosen)
        self.side_combo.currentIndexChanged.connect(self._side_changed)
        self.log_button.clicked.connect(self.log_episode)
        self.repeat_button.clicked.connect(self.repeat_last)
        self.repeat_shortcut.activated.connect(self.repeat_last)
        self.fields.submit_requested.connect(self.log_episode)
        self.heat_check.toggled.connect(self._update_heat)
        self.history.listing_changed.connect(self._update_heat)
        self.history.edit_requested.connect(self.edit_episode)
        self.history.delete_requested.connect(self.delete_episodes)

    def attach(self, context: PanelContext) -> None:
        self.context = context
        self.fields.set_defaults(self._remembered_defaults())
        self.history.set_diary(context.diary)
        context.bridge.changed.connect(self._diary_changed)
        self._update_repeat()

    # -- logging -------------------------------------------------------------------------
    def selected_region(self) -> tuple[str | None, str | None]:
        return self._region, self._side

    def current_draft(self) -> EpisodeDraft:
        side = self.side_combo.currentData() if self._region else "midline"
        return EpisodeDraft(region_id=self._region or "", side=side, **self.fields.values())

    def log_episode(self) -> EpisodeRecord | None:
        if self.context is None:
            return None
        draft = self.current_draft()
        problems = episode_problems(draft, datetime.now().astimezone())
        self.fields.show_problems(problems)
        self.region_error.setText(problems.get("region", ""))
        self.region_error.setVisible("region" in problems)
        if problems:
            self.status_label.setText(LOG_PANEL.tr("Not logged yet: see the message above."))
            return None
        description = self.atlas.label(draft.region_id, draft.side).lower()
        command = AddEpisodeCommand(self.context.diary, draft, description)
        # The new row goes straight into the table: re-reading the whole history period for
        # every logged episode made logging slow on a long diary.
        self._adding = True
        try:
            self.context.undo_stack.push(command)
        finally:
            self._adding = False
        assert command.record is not None
        self.history.add_episode(command.record)
        self.repeat_button.setEnabled(True)
        self._remember_defaults(draft)
        self.fields.clear_after_log()
        when = draft.started_at.strftime("%H:%M")
        undo_keys = QKeySequence("Ctrl+Z").toString(QKeySequence.SequenceFormat.NativeText)
        #: {what} is a body region in lower case ("left calf"), {time} like 21:40
        text = LOG_PANEL.tr("Logged {what} at {time}. Undo with {shortcut}.")
        self.status_label.setText(text.format(what=description, time=when, shortcut=undo_keys))
        self.history.select_episode(command.record.id)
        return command.record

    def repeat_last(self) -> None:
        if self.context is None:
            return
        last = self.context.diary.episodes(limit=1)
        if not last:
            self.status_label.setText(
                LOG_PANEL.tr("Nothing to repeat yet: log your first episode.")
            )
            return
        previous = last[0]
        self.body_map.setSelection(previous.region_id, previous.side)
        self._region_chosen(previous.region_id, previous.side)
        self.fields.set_defaults(vars(previous))
        self.fields.set_now()
        self.log_episode()

    # -- editing -------------------------------------------------------------------------
    def edit_episode(self, episode_id: int) -> None:
        if self.context is None:
            return
        before = self.context.diary.get_episode(episode_id)
        dialog = EpisodeDialog(self.atlas, before, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_draft is None:
            return
        if dialog.result_draft == before.draft():
            return
        description = self.atlas.label(before.region_id, before.side).lower()
        command = EditEpisodeCommand(self.context.diary, before, dialog.result_draft, description)
        self.context.undo_stack.push(command)
        self.history.select_episode(episode_id)

    def delete_episodes(self, episode_ids: list[int]) -> None:
        if self.context is None or not episode_ids:
            return
        if len(episode_ids) == 1:
            episode = self.context.diary.get_episode(episode_ids[0])
            description = self.atlas.label(episode.region_id, episode.side).lower()
        else:
            description = LOG_PANEL.tr("%n episode(s)", None, len(episode_ids))
        self.context.undo_stack.push(
            DeleteEpisodesCommand(self.context.diary, episode_ids, description)
        )
        #: {what} is a body region in lower case ("left calf") or a count ("3 episodes")
        self.status_label.setText(
            LOG_PANEL.tr("Deleted {what}. Undo with Ctrl+Z.").format(what=description)
        )

    # -- reacting ------------------------------------------------------------------------
    def _region_chosen(self, region_id: str, side: str) -> None:
        self._show_where(region_id, side)

    def _show_where(self, region_id: str | None, side: str | None) -> None:
        self._region, self._side = region_id, side
        self.side_combo.blockSignals(True)
        if region_id is None:
            self.where_label.setText(
                LOG_PANEL.tr("<b>Where:</b> click the body map or search the list")
            )
        else:
            self.side_combo.setCurrentIndex(max(0, self.side_combo.findData(side)))
            self._show_region_label(self.atlas.label(region_id, side or ""))
            self.region_error.setVisible(False)
        paired = region_id is not None and self.atlas.region(region_id).paired
        self.side_combo.setEnabled(paired)
        self.side_combo.blockSignals(False)

    def _side_changed(self) -> None:
        if self._region is not None:
            side = self.side_combo.currentData()
            self._side = side
            self._show_region_label(self.atlas.label(self._region, side))
            if side in ("left", "right"):
                self.body_map.setSelection(self._region, side)

    def _show_region_label(self, label: str) -> None:
        self.where_label.setText(LOG_PANEL.tr("<b>Where:</b> {region}").format(region=label))

    def _diary_changed(self, topic: str) -> None:
        if topic not in ("episodes", "all") or self._adding:
            return
        self._dirty = True
        if self.isVisible():
            self._refresh()  # at once: the new row must be there when the user looks

    def _refresh(self) -> None:
        if self._dirty:
            self._dirty = False
            self.history.reload()
            self._update_repeat()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._refresh()

    def _update_heat(self, *_args: object) -> None:
        if not self.heat_check.isChecked():
            self.body_map.setHeat(None)
            return
        counts: dict[tuple[str, str], int] = {}
        for episode in self.history.episodes():
            sides = ("left", "right") if episode.side == "both" else (episode.side,)
            for side in sides:
                key = (episode.region_id, side)
                counts[key] = counts.get(key, 0) + 1
        self.body_map.setHeat(counts)

    def _update_repeat(self) -> None:
        has_any = self.context is not None and self.context.diary.episode_count() > 0
        self.repeat_button.setEnabled(has_any)

    # -- remembered defaults -------------------------------------------------------------
    def _remembered_defaults(self) -> dict[str, Any]:
        assert self.context is not None
        raw = self.context.settings.qsettings.value(DEFAULTS_KEY, "")
        try:
            stored = json.loads(str(raw)) if raw else {}
        except ValueError:
            stored = {}  # a damaged setting only costs the remembered defaults
        return {key: stored[key] for key in REMEMBERED if key in stored}

    def _remember_defaults(self, draft: EpisodeDraft) -> None:
        assert self.context is not None
        values = {key: getattr(draft, key) for key in REMEMBERED}
        self.context.settings.qsettings.setValue(DEFAULTS_KEY, json.dumps(values))

    # -- keyboard ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in ENTER_KEYS and not key_event.modifiers() & ~(
                Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ControlModifier
            ):
                if watched is self.body_map or self.body_map.isAncestorOf(watched):  # type: ignore[arg-type]
                    self.body_map.select_focused()
                self.log_episode()
                return True
        return super().eventFilter(watched, event)
