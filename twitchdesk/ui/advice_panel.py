"""The Advice panel: "should I worry? what can I do?", answered from the user's own diary.

The work is done by core (facts.py computes named facts, rules.py evaluates the rule files); this
panel only shows the result as cards, most urgent first, and records snooze and dismiss through
the undo stack. It re-evaluates after every change to the diary (debounced, since an import or an
undo can send several changes in a row) and when it is shown after changes made elsewhere.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.core.rules import (
    LEVEL_LABELS,
    LEVELS,
    Advice,
    AdviceItem,
    Rule,
    RuleError,
    advise,
    dismissed,
    load_rules,
    snoozed,
)
from twitchdesk.i18n import TextContext
from twitchdesk.storage.records import AdviceStateRecord
from twitchdesk.ui.advice.card import AdviceCard, level_style_sheet
from twitchdesk.ui.advice.commands import SetAdviceStateCommand

if TYPE_CHECKING:
    from twitchdesk.ui.panel_context import PanelContext

ADVICE_PANEL = TextContext("ADVICE_PANEL")
REFRESH_DELAY_MS = 150
READABLE_WIDTH = 900  # px; lines much longer than ~100 characters are hard to follow
MIN_CHECK_INS = 7  # in the last 14 days; fewer and the factor-based advice cannot speak


class AdvicePanel(QWidget):
    open_article = Signal(str)  # "article-id#anchor", for the main window to open in the Reader
    red_flags_changed = Signal(int)  # warning signs shown now, e.g. for a badge on the tab

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: PanelContext | None = None
        self.reference_date: date | None = None  # None: the local date at each evaluation
        self.advice: Advice | None = None
        self._rules: list[Rule] | None = None
        self._cards: list[AdviceCard] = []
        self._expanded: set[str] = set()  # "why" sections the user opened, kept across refreshes
        self._dirty = True
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._build()
        self._connect_signals()

    # -- construction --------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel(f"<h2 style='margin:0'>{ADVICE_PANEL.tr('Advice')}</h2>")
        title.setAccessibleName(ADVICE_PANEL.tr("Advice"))
        self.intro_label = QLabel(
            ADVICE_PANEL.tr(
                "Advice drawn from your own diary. Each card says why it appears, and warning "
                "signs that mean you should see a doctor come first."
            )
        )
        self.intro_label.setWordWrap(True)
        self.intro_label.setAccessibleName(ADVICE_PANEL.tr("About this panel"))
        # Permanent and above the cards, so it is read before any advice, not scrolled away.
        self.disclaimer_label = QLabel(
            ADVICE_PANEL.tr(
                "TwitchDesk does not diagnose. This advice is general information drawn from "
                "what you logged, not a substitute for a doctor who can examine you. If you are "
                "worried, or something feels wrong, seek advice whatever this panel shows."
            )
        )
        self.disclaimer_label.setObjectName("advice_disclaimer")
        self.disclaimer_label.setWordWrap(True)
        self.disclaimer_label.setMaximumWidth(READABLE_WIDTH)
        self.disclaimer_label.setAccessibleName(
            ADVICE_PANEL.tr("Note: TwitchDesk does not diagnose")
        )

        # The scroll area spans the panel (its scroll bar stays at the edge) while the cards sit
        # in a column of readable width.
        self.content = QWidget()
        self.content.setObjectName("advice_content")
        self.column = QWidget()
        self.column.setMaximumWidth(READABLE_WIDTH)
        content_row = QHBoxLayout(self.content)
        content_row.setContentsMargins(0, 0, 0, 0)
        content_row.addWidget(self.column, 1)
        content_row.addStretch(0)
        self.cards_layout = QVBoxLayout(self.column)
        self.cards_layout.setContentsMargins(2, 4, 12, 4)
        self.cards_layout.setSpacing(10)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.content)
        self.scroll_area.setAccessibleName(ADVICE_PANEL.tr("Advice cards"))

        self.empty_label = QLabel()
        self.empty_label.setObjectName("advice_empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setAccessibleName(ADVICE_PANEL.tr("No advice right now"))
        self.empty_label.hide()
        # Layout: the empty state first, then headings and cards, then a stretch at the end.
        self.cards_layout.addWidget(self.empty_label)
        self.cards_layout.addStretch(1)
        self.error_label = QLabel()
        self.error_label.setObjectName("advice_error")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setAccessibleName(ADVICE_PANEL.tr("Problem with the advice rules"))
        self.error_label.hide()

        self.show_hidden_check = QCheckBox(ADVICE_PANEL.tr("Show snoozed and dismissed advice"))
        self.show_hidden_check.setAccessibleName(
            ADVICE_PANEL.tr("Show snoozed and dismissed advice")
        )
        self.status_label = QLabel()
        self.status_label.setObjectName("advice_status")
        self.status_label.setAccessibleName(ADVICE_PANEL.tr("Advice status"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_hidden_check)
        bottom.addStretch(1)
        bottom.addWidget(self.status_label)

        column = QVBoxLayout(self)
        column.addWidget(title)
        column.addWidget(self.intro_label)
        column.addWidget(self.disclaimer_label)
        column.addWidget(self.error_label)
        column.addWidget(self.scroll_area, 1)
        column.addLayout(bottom)
        self._apply_colours()

    def _connect_signals(self) -> None:
        self._refresh_timer.timeout.connect(self.refresh)
        self.show_hidden_check.toggled.connect(lambda _on: self._show_advice())

    def attach(self, context: PanelContext) -> None:
        """Evaluate now: even unseen, the panel keeps the tab's count of warning signs."""
        self.context = context
        context.bridge.changed.connect(self._on_diary_changed)
        self.refresh()

    # -- refreshing ----------------------------------------------------------------------
    def _on_diary_changed(self, _topic: str) -> None:
        # Also while another panel is on show: a warning sign just logged must reach the
        # tab's count. Restarted by each change, so a burst of changes costs one evaluation.
        self._dirty = True
        self._refresh_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and self.context is not None:
            self._refresh_timer.start(0)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The user switched between light and dark: recolour, and rebuild the cards, whose
            # muted text colour is blended from the palette when they are made.
            self._apply_colours()
            self._show_advice()

    def _apply_colours(self) -> None:
        palette = self.palette()
        self.content.setStyleSheet(level_style_sheet(palette))
        # A quiet note, set apart from the text around it but clearly not an input field.
        note = palette.color(QPalette.ColorRole.AlternateBase).name()
        edge = palette.color(QPalette.ColorRole.Mid).name()
        self.disclaimer_label.setStyleSheet(
            f"QLabel#advice_disclaimer {{ background: {note}; border: 1px solid {edge};"
            " border-left: 4px solid " + edge + "; border-radius: 4px; padding: 6px 10px; }"
        )

    def refresh(self) -> None:
        """Evaluate the rules now and rebuild the cards."""
        self._refresh_timer.stop()
        if self.context is None:
            return
        self._dirty = False
        try:
            if self._rules is None:
                self._rules = load_rules()
            self.advice = advise(self.context.diary, self.reference_date, self._rules)
        except RuleError as error:
            # A broken rule file must not take the app down; say what is wrong instead.
            self.advice = None
            problem = ADVICE_PANEL.tr("The advice rules could not be loaded: {error}")
            self.error_label.setText(problem.format(error=error))
            self.error_label.show()
        else:
            self.error_label.hide()
        self._show_advice()

    def _show_advice(self) -> None:
        for card in self._cards:
            if card.expanded:
                self._expanded.add(card.rule.id)
            else:
                self._expanded.discard(card.rule.id)
        scroll_value = self.scroll_area.verticalScrollBar().value()
        self._clear()
        advice = self.advice
        items = [] if advice is None else list(advice.items)
        shown = [item for item in items if not item.hidden]
        hidden = [item for item in items if item.hidden]
        for level in LEVELS:
            level_items = [item for item in shown if item.fired.level == level]
            if level_items:
                self._add_heading(LEVEL_LABELS[level])
                for item in level_items:
                    self._add_card(item)
        if hidden and self.show_hidden_check.isChecked():
            self._add_heading(ADVICE_PANEL.tr("Snoozed and dismissed"))
            for item in hidden:
                self._add_card(item)
        self._update_empty_state(advice, shown, hidden)
        #: the check box with the number of hidden cards
        show_hidden = ADVICE_PANEL.tr("Show snoozed and dismissed advice ({count})")
        self.show_hidden_check.setText(show_hidden.format(count=len(hidden)))
        self.show_hidden_check.setEnabled(bool(hidden))
        if advice is not None:
            day = advice.today
            #: {date} like "Tuesday 3 March 2026"
            based_on = ADVICE_PANEL.tr("Based on your diary up to {date}")
            self.status_label.setText(based_on.format(date=f"{day:%A} {day.day} {day:%B %Y}"))
        self.scroll_area.verticalScrollBar().setValue(scroll_value)
        self.red_flags_changed.emit(sum(1 for item in shown if item.fired.rule.is_red_flag))

    def _update_empty_state(
        self, advice: Advice | None, shown: list[AdviceItem], hidden: list[AdviceItem]
    ) -> None:
        if shown or advice is None:
            self.empty_label.hide()
            return
        paragraphs = [
            ADVICE_PANEL.tr(
                "This panel reads your episodes, daily check-ins and medicines, and shows advice "
                "when they match a common cause of twitching or a sign that you should see a "
                "doctor."
            )
        ]
        check_ins = advice.facts.values.get("days_logged_14d")
        if isinstance(check_ins, int) and check_ins < MIN_CHECK_INS:
            paragraphs.append(
                ADVICE_PANEL.tr(
                    "You have only a few daily check-ins so far. Log caffeine, sleep, stress and "
                    "exercise for a week or so, and this panel can tell you more."
                )
            )
        if hidden:
            paragraphs.append(
                ADVICE_PANEL.tr(
                    "%n snoozed or dismissed: tick the box below to see them.", None, len(hidden)
                )
            )
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        title = ADVICE_PANEL.tr("Nothing in your diary needs attention right now")
        self.empty_label.setText(f"<h3>{html.escape(title)}</h3>{body}")
        self.empty_label.show()

    def _clear(self) -> None:
        for card in self._cards:
            card.hide()
            card.deleteLater()
        self._cards = []
        while self.cards_layout.count() > 2:  # keep the empty state and the final stretch
            item = self.cards_layout.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    def _add_heading(self, text: str) -> None:
        heading = QLabel(f"<h3 style='margin:0'>{text}</h3>")
        heading.setAccessibleName(text)
        self.cards_layout.insertWidget(self.cards_layout.count() - 1, heading)

    def _add_card(self, item: AdviceItem) -> None:
        card = AdviceCard(item, expanded=item.fired.id in self._expanded)
        card.read_more.connect(self.open_article)
        card.snooze.connect(self.snooze)
        card.dismiss.connect(self.dismiss)
        card.restore.connect(self.restore)
        self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
        self._cards.append(card)

    # -- access for the window and tests -------------------------------------------------
    def cards(self) -> list[AdviceCard]:
        return list(self._cards)

    def card(self, rule_id: str) -> AdviceCard | None:
        return next((card for card in self._cards if card.rule.id == rule_id), None)

    # -- snooze and dismiss (undoable) ---------------------------------------------------
    def _item(self, rule_id: str) -> AdviceItem | None:
        if self.advice is None:
            return None
        return next((item for item in self.advice.items if item.fired.id == rule_id), None)

    def _push_state(self, rule_id: str, after: AdviceStateRecord, undo_text: str) -> None:
        """`undo_text` names the change after "Undo" in the Edit menu, with a {title} field."""
        item = self._item(rule_id)
        if self.context is None or item is None:
            return
        diary = self.context.diary
        before = diary.advice_states().get(rule_id)
        description = undo_text.format(title=item.fired.rule.title)
        self.context.undo_stack.push(SetAdviceStateCommand(diary, before, after, description))

    def snooze(self, rule_id: str) -> None:
        item = self._item(rule_id)
        if item is not None and self.advice is not None:
            #: after "Undo"/"Redo" in the Edit menu; {title} is the advice's title
            undo_text = ADVICE_PANEL.tr("snooze advice “{title}”")
            self._push_state(rule_id, snoozed(item.fired.rule, self.advice.today), undo_text)

    def dismiss(self, rule_id: str) -> None:
        item = self._item(rule_id)
        if item is not None and item.fired.rule.can_dismiss:
            now = datetime.now(UTC).replace(tzinfo=None)  # the diary stores naive UTC
            #: after "Undo"/"Redo" in the Edit menu; {title} is the advice's title
            undo_text = ADVICE_PANEL.tr("dismiss advice “{title}”")
            self._push_state(rule_id, dismissed(item.fired.rule, now), undo_text)

    def restore(self, rule_id: str) -> None:
        #: after "Undo"/"Redo" in the Edit menu; {title} is the advice's title
        undo_text = ADVICE_PANEL.tr("show again advice “{title}”")
        self._push_state(rule_id, AdviceStateRecord(rule_id), undo_text)
