"""One piece of advice as a card: title, advice, "Why am I seeing this?", sources and actions.

Colours come from the level, blended into the current palette's base colour, so a card is
tinted but its text keeps the palette's own text colour: readable in light and dark themes alike.
Warning signs get a stronger tint and a coloured edge; nothing flashes or shouts.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.core.rules import LEVEL_LABELS, AdviceItem, Rule
from twitchdesk.i18n import TextContext

ADVICE_CARD = TextContext("ADVICE_CARD")

# Hues chosen to be told apart without relying on colour alone (each card also has a text badge).
LEVEL_HUES = {
    "urgent": "#c62828",
    "see-doctor": "#c76a00",
    "self-care": "#2e7d5b",
    "info": "#2f5fa8",
}
# How much of the hue goes into the card background: warnings stand out, the rest stay quiet.
LEVEL_TINT = {"urgent": 0.16, "see-doctor": 0.12, "self-care": 0.05, "info": 0.05}


def _blend(base: QColor, hue: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        base.redF() + (hue.redF() - base.redF()) * amount,
        base.greenF() + (hue.greenF() - base.greenF()) * amount,
        base.blueF() + (hue.blueF() - base.blueF()) * amount,
    )


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _readable_on(background: QColor) -> str:
    black, white = QColor("#000000"), QColor("#ffffff")
    return (
        "#000000"
        if contrast_ratio(background, black) >= contrast_ratio(background, white)
        else "#ffffff"
    )


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def level_style_sheet(palette: QPalette) -> str:
    """Style rules for cards and badges of every level, computed from `palette`."""
    base = palette.color(QPalette.ColorRole.Base)
    mid = palette.color(QPalette.ColorRole.Mid)
    dark = is_dark(palette)
    rules = []
    for level, hue_name in LEVEL_HUES.items():
        hue = QColor(hue_name)
        accent = hue.lighter(150) if dark else hue
        background = _blend(base, hue, LEVEL_TINT[level] * (1.4 if dark else 1.0))
        border = accent if level in ("urgent", "see-doctor") else _blend(base, mid, 0.9)
        badge_text = _readable_on(accent)
        rules.append(
            f'QFrame#advice_card[level="{level}"] {{ background: {background.name()};'
            f" border: 1px solid {border.name()}; border-left: 5px solid {accent.name()};"
            " border-radius: 6px; }"
        )
        rules.append(
            f'QLabel#advice_badge[level="{level}"] {{ background: {accent.name()};'
            f" color: {badge_text}; border-radius: 3px; padding: 1px 6px; font-weight: bold; }}"
        )
    return "\n".join(rules)


class AdviceCard(QFrame):
    read_more = Signal(str)  # "article-id#anchor"
    snooze = Signal(str)  # rule id
    dismiss = Signal(str)
    restore = Signal(str)  # show a snoozed or dismissed card again

    def __init__(
        self, item: AdviceItem, expanded: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.rule: Rule = item.fired.rule
        self.setObjectName("advice_card")
        self.setProperty("level", self.rule.level)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setAccessibleName(f"{LEVEL_LABELS[self.rule.level]}: {self.rule.title}")
        self._build()
        self.set_expanded(expanded)

    def _build(self) -> None:
        rule = self.rule
        self.badge = QLabel(LEVEL_LABELS[rule.level])
        self.badge.setObjectName("advice_badge")
        self.badge.setProperty("level", rule.level)
        self.badge.setAccessibleName(
            ADVICE_CARD.tr("Level: {level}").format(level=LEVEL_LABELS[rule.level])
        )
        self.title_label = QLabel(rule.title)
        self.title_label.setObjectName("advice_title")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.title_label.setAccessibleName(ADVICE_CARD.tr("Advice title"))
        title_font = QFont(self.title_label.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self.title_label.setFont(title_font)
        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        # The panel's headings already name the level; the badge repeats it in words where it
        # matters most (warning signs) and where cards of mixed levels sit together (hidden ones).
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        if not (rule.is_red_flag or self.item.hidden):
            self.badge.hide()  # hide(), never show() on a widget that has no parent yet

        # Rule text comes from files: plain text, so a stray "<" can never turn into markup.
        self.advice_label = QLabel(rule.advice)
        self.advice_label.setObjectName("advice_text")
        self.advice_label.setWordWrap(True)
        self.advice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.advice_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.advice_label.setAccessibleName(ADVICE_CARD.tr("Advice"))

        self.why_button = QToolButton()
        self.why_button.setObjectName("why_button")
        self.why_button.setText(ADVICE_CARD.tr("Why am I seeing this?"))
        self.why_button.setCheckable(True)
        self.why_button.setAutoRaise(True)
        self.why_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        #: {title} is the advice's title, here and in the other buttons' names
        why_name = ADVICE_CARD.tr("Why am I seeing this: {title}").format(title=rule.title)
        self.why_button.setAccessibleName(why_name)
        self.why_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.why_label = QLabel(self._reasons_html())
        self.why_label.setObjectName("why_text")
        self.why_label.setWordWrap(True)
        self.why_label.setTextFormat(Qt.TextFormat.RichText)
        self.why_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.why_label.setAccessibleName(
            ADVICE_CARD.tr("Reasons for: {title}").format(title=rule.title)
        )

        sources = ADVICE_CARD.tr("Sources: {sources}").format(sources="; ".join(rule.sources))
        self.sources_label = QLabel(sources)
        self.sources_label.setObjectName("advice_sources")
        self.sources_label.setWordWrap(True)
        self.sources_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sources_label.setAccessibleName(ADVICE_CARD.tr("Sources"))
        # Muted, but blended from the text colour so it keeps enough contrast on the tint.
        palette = self.sources_label.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = _blend(text, palette.color(QPalette.ColorRole.Base), 0.3)
        palette.setColor(QPalette.ColorRole.WindowText, muted)
        self.sources_label.setPalette(palette)
        small = QFont(self.sources_label.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.sources_label.setFont(small)

        self.read_button = QPushButton(ADVICE_CARD.tr("Read more"))
        self.read_button.setObjectName("read_more_button")
        self.read_button.setAccessibleName(
            ADVICE_CARD.tr("Read more about: {title}").format(title=rule.title)
        )
        self.read_button.setToolTip(ADVICE_CARD.tr("Open the article about this in the Reader"))
        days = rule.snooze_days
        snooze_text = (
            ADVICE_CARD.tr("Snooze until tomorrow")
            if days == 1
            else ADVICE_CARD.tr("Snooze %n days", None, days)
        )
        self.snooze_button = QPushButton(snooze_text)
        self.snooze_button.setObjectName("snooze_button")
        self.snooze_button.setAccessibleName(f"{snooze_text}: {rule.title}")
        self.snooze_button.setToolTip(
            ADVICE_CARD.tr("Hide this for now; it comes back afterwards if it still applies")
        )
        self.dismiss_button = QPushButton(ADVICE_CARD.tr("Dismiss"))
        self.dismiss_button.setObjectName("dismiss_button")
        self.dismiss_button.setAccessibleName(
            ADVICE_CARD.tr("Dismiss: {title}").format(title=rule.title)
        )
        self.dismiss_button.setToolTip(
            ADVICE_CARD.tr("Hide this advice for good (Edit → Undo brings it back)")
        )
        self.restore_button = QPushButton(ADVICE_CARD.tr("Show again"))
        self.restore_button.setObjectName("restore_button")
        self.restore_button.setAccessibleName(
            ADVICE_CARD.tr("Show again: {title}").format(title=rule.title)
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.read_button)
        buttons.addStretch(1)
        if self.item.hidden:
            note = QLabel(f"({self.item.hidden_because})")
            note.setAccessibleName(ADVICE_CARD.tr("Hidden because"))
            offered: list[QWidget] = [note, self.restore_button]
        else:
            # Warning signs can be put off for a few days but never hidden for good.
            offered = [self.snooze_button]
            if rule.can_dismiss:
                offered.append(self.dismiss_button)
        for widget in offered:
            buttons.addWidget(widget)
        for button in (self.snooze_button, self.dismiss_button, self.restore_button):
            if button not in offered:
                button.setParent(self)
                button.hide()

        column = QVBoxLayout(self)
        column.setContentsMargins(16, 12, 14, 12)
        column.setSpacing(6)
        column.addLayout(head)
        column.addWidget(self.advice_label)
        column.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.why_label)
        column.addWidget(self.sources_label)
        column.addLayout(buttons)

        self.why_button.toggled.connect(self.set_expanded)
        self.read_button.clicked.connect(lambda: self.read_more.emit(self.rule.article))
        self.snooze_button.clicked.connect(lambda: self.snooze.emit(self.rule.id))
        self.dismiss_button.clicked.connect(lambda: self.dismiss.emit(self.rule.id))
        self.restore_button.clicked.connect(lambda: self.restore.emit(self.rule.id))

    def _reasons_html(self) -> str:
        lines = []
        for condition in self.item.fired.conditions:
            # Marked in words as well as by weight, so it does not rely on seeing bold text.
            text = html.escape(condition.describe())
            if condition.supports:
                lines.append(f"<li><b>{text}</b></li>")
            else:
                #: a condition of the advice that does not hold; {condition} describes it
                not_met = ADVICE_CARD.tr("{condition} — <i>not met</i>").format(condition=text)
                lines.append(f"<li>{not_met}</li>")
        intro = (
            ADVICE_CARD.tr("This appears because all of these hold:")
            if len(lines) == 1 or self._all_needed()
            else ADVICE_CARD.tr("This appears because the conditions in bold hold:")
        )
        return f"<p style='margin:0'>{intro}</p><ul style='margin-top:2px'>{''.join(lines)}</ul>"

    def _all_needed(self) -> bool:
        return all(c.supports for c in self.item.fired.conditions)

    @property
    def expanded(self) -> bool:
        return self.why_button.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        if self.why_button.isChecked() != expanded:
            self.why_button.setChecked(expanded)  # re-enters through `toggled`
            return
        self.why_button.setArrowType(
            Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow
        )
        self.why_label.setVisible(expanded)
