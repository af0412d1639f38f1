"""The Advice panel driven like a user: real diary, real clicks, the undo stack, the signals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from factories import episode
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QWidget
from pytestqt.qtbot import QtBot

from twitchdesk.storage.database import open_diary
from twitchdesk.storage.records import DailyFactors
from twitchdesk.storage.repository import Diary
from twitchdesk.ui.advice.card import (
    LEVEL_HUES,
    AdviceCard,
    contrast_ratio,
    level_style_sheet,
)
from twitchdesk.ui.advice_panel import AdvicePanel
from twitchdesk.ui.appearance import dark_palette
from twitchdesk.ui.diary_bridge import DiaryBridge
from twitchdesk.ui.panel_context import PanelContext
from twitchdesk.ui.settings import AppSettings


@dataclass
class Setup:
    panel: AdvicePanel
    context: PanelContext
    diary: Diary
    today: date


@pytest.fixture
def setup(qtbot: QtBot, isolated_data_dir: Path) -> Iterator[Setup]:
    # Built as MainWindow.attach_diary builds it; the panel evaluates for the real local today.
    diary = open_diary(isolated_data_dir)
    bridge = DiaryBridge(diary)
    undo_stack = QUndoStack()
    settings = AppSettings(isolated_data_dir / "settings.ini")
    context = PanelContext(diary, bridge, undo_stack, settings, isolated_data_dir)
    panel = AdvicePanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 750)
    panel.attach(context)
    panel.show()
    qtbot.waitExposed(panel)
    yield Setup(panel, context, diary, datetime.now().astimezone().date())
    undo_stack.clear()
    bridge.detach()
    diary.close()


def noon(day: date) -> datetime:
    local_zone = datetime.now().astimezone().tzinfo
    return datetime.combine(day, time(12, 0), tzinfo=local_zone)


def log_a_coffee_week_with_weakness(s: Setup) -> None:
    """Seven check-ins at 600 mg of caffeine, three calf twitches, one with weakness."""
    s.diary.add_all(
        days=[
            DailyFactors(s.today - timedelta(days=d), caffeine_mg=600.0, sleep_h=8.0, stress=2)
            for d in range(7)
        ]
    )
    s.diary.add_episode(episode(noon(s.today - timedelta(days=4)), region_id="calf"))
    s.diary.add_episode(episode(noon(s.today - timedelta(days=2)), region_id="calf"))
    s.diary.add_episode(episode(noon(s.today), region_id="calf", symptoms=frozenset({"weakness"})))


def card_ids(panel: AdvicePanel) -> list[str]:
    return [card.rule.id for card in panel.cards()]


def click(qtbot: QtBot, panel: AdvicePanel, button: QAbstractButton) -> None:
    qtbot.waitUntil(button.isVisible)  # cards added to a shown panel appear on the next loop
    panel.scroll_area.ensureWidgetVisible(button)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_red_flag_first_with_reasons_link_and_no_dismiss(qtbot: QtBot, setup: Setup) -> None:
    panel = setup.panel
    log_a_coffee_week_with_weakness(setup)
    qtbot.waitUntil(lambda: card_ids(panel) == ["weakness", "caffeine-high"])
    weakness, caffeine = panel.cards()

    # Why am I seeing this? The actual value and the rule's threshold, in words.
    assert not caffeine.why_label.isVisible()
    click(qtbot, panel, caffeine.why_button)
    assert caffeine.why_label.isVisible()
    why = caffeine.why_label.text()
    assert "Average caffeine a day over the last 7 days: 600 mg (rule: more than 400 mg)" in why
    assert "Episodes in the last 7 days: 3 episodes (rule: at least 2 episodes)" in why
    click(qtbot, panel, caffeine.why_button)
    assert not caffeine.why_label.isVisible()

    with qtbot.waitSignal(panel.open_article, timeout=1000) as blocker:
        click(qtbot, panel, weakness.read_button)
    assert blocker.args == ["when-to-see-a-doctor#see-a-doctor-soon"]

    # A warning sign can be snoozed, never dismissed; self-care advice can be both.
    assert weakness.snooze_button.isVisible()
    assert not weakness.dismiss_button.isVisible()
    visible_texts = [b.text() for b in weakness.findChildren(QAbstractButton) if b.isVisible()]
    assert "Dismiss" not in visible_texts
    assert caffeine.dismiss_button.isVisible()
    assert "Sources: NHS — Twitching eyes and muscles" in weakness.sources_label.text()


def test_snooze_and_undo(qtbot: QtBot, setup: Setup) -> None:
    panel, diary, undo_stack = setup.panel, setup.diary, setup.context.undo_stack
    log_a_coffee_week_with_weakness(setup)
    qtbot.waitUntil(lambda: card_ids(panel) == ["weakness", "caffeine-high"])
    red_flags: list[int] = []
    panel.red_flags_changed.connect(red_flags.append)

    click(qtbot, panel, panel.card("weakness").snooze_button)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: card_ids(panel) == ["caffeine-high"])
    state = diary.advice_states()["weakness"]
    assert state.snoozed_until == setup.today + timedelta(days=7)
    assert state.dismissed_at is None
    assert undo_stack.undoText() == "snooze advice “Twitching with weakness or stiffness”"
    assert red_flags[-1] == 0

    undo_stack.undo()
    qtbot.waitUntil(lambda: card_ids(panel) == ["weakness", "caffeine-high"])
    assert "weakness" not in diary.advice_states()
    assert red_flags[-1] == 1
    undo_stack.redo()
    qtbot.waitUntil(lambda: card_ids(panel) == ["caffeine-high"])


def test_dismiss_show_hidden_and_undo(qtbot: QtBot, setup: Setup) -> None:
    panel, diary, undo_stack = setup.panel, setup.diary, setup.context.undo_stack
    log_a_coffee_week_with_weakness(setup)
    qtbot.waitUntil(lambda: card_ids(panel) == ["weakness", "caffeine-high"])
    click(qtbot, panel, panel.card("caffeine-high").dismiss_button)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: card_ids(panel) == ["weakness"])
    assert diary.advice_states()["caffeine-high"].dismissed_at is not None

    check = panel.show_hidden_check
    assert check.text() == "Show snoozed and dismissed advice (1)"
    click(qtbot, panel, check)
    assert card_ids(panel) == ["weakness", "caffeine-high"]
    hidden = panel.card("caffeine-high")
    assert hidden is not None
    qtbot.waitUntil(hidden.restore_button.isVisible)  # new widgets show on the next event loop
    assert not hidden.dismiss_button.isVisible() and not hidden.snooze_button.isVisible()

    undo_stack.undo()
    qtbot.waitUntil(lambda: "caffeine-high" not in diary.advice_states())
    qtbot.waitUntil(lambda: panel.show_hidden_check.text().endswith("(0)"))
    restored = panel.card("caffeine-high")
    assert restored is not None
    qtbot.waitUntil(restored.dismiss_button.isVisible)


def test_new_data_is_picked_up_and_reasons_stay_open(qtbot: QtBot, setup: Setup) -> None:
    panel = setup.panel
    log_a_coffee_week_with_weakness(setup)
    qtbot.waitUntil(lambda: card_ids(panel) == ["weakness", "caffeine-high"])
    click(qtbot, panel, panel.card("weakness").why_button)  # type: ignore[union-attr]
    setup.diary.add_episode(
        episode(noon(setup.today), region_id="calf", symptoms=frozenset({"numbness_tingling"}))
    )
    qtbot.waitUntil(lambda: "numbness-tingling" in card_ids(panel))
    assert card_ids(panel)[:2] == ["weakness", "numbness-tingling"]
    weakness = panel.card("weakness")
    assert weakness is not None and weakness.expanded
    assert "Episodes with “weakness or stiffness” in the last 30 days" in weakness.why_label.text()


def test_changes_while_hidden_are_evaluated_for_the_tabs_count(qtbot: QtBot, setup: Setup) -> None:
    panel = setup.panel
    qtbot.waitUntil(lambda: card_ids(panel) == ["not-enough-data"])
    panel.hide()
    red_flags: list[int] = []
    panel.red_flags_changed.connect(red_flags.append)
    log_a_coffee_week_with_weakness(setup)
    # Unseen, but the window's Advice tab shows how many warning signs there are.
    qtbot.waitUntil(lambda: red_flags[-1:] == [1])
    panel.show()
    assert card_ids(panel) == ["weakness", "caffeine-high"]


def test_empty_state_explains_the_panel_and_encourages_check_ins(
    qtbot: QtBot, setup: Setup
) -> None:
    panel = setup.panel
    qtbot.waitUntil(lambda: card_ids(panel) == ["not-enough-data"])
    assert not panel.empty_label.isVisible()
    click(qtbot, panel, panel.card("not-enough-data").dismiss_button)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: panel.cards() == [])
    assert panel.empty_label.isVisible()
    text = panel.empty_label.text()
    assert "Nothing in your diary needs attention right now" in text
    assert "shows advice when" in text
    assert "Log caffeine, sleep, stress and exercise" in text  # fewer than 7 check-ins
    assert "1 snoozed or dismissed" in text

    setup.diary.add_all(
        days=[DailyFactors(setup.today - timedelta(days=d), sleep_h=8.0) for d in range(7)]
    )
    qtbot.waitUntil(lambda: "Log caffeine" not in panel.empty_label.text())
    assert panel.empty_label.isVisible()


def test_disclaimer_is_always_there(qtbot: QtBot, setup: Setup) -> None:
    panel = setup.panel
    log_a_coffee_week_with_weakness(setup)
    qtbot.waitUntil(lambda: len(panel.cards()) == 2)
    assert panel.disclaimer_label.isVisible()
    assert panel.disclaimer_label.text().startswith("TwitchDesk does not diagnose.")


def test_every_control_has_an_accessible_name(qtbot: QtBot, setup: Setup) -> None:
    panel = setup.panel
    log_a_coffee_week_with_weakness(setup)
    qtbot.waitUntil(lambda: len(panel.cards()) == 2)
    # Widgets added to a shown layout become visible one event-loop turn later.
    qtbot.waitUntil(lambda: all(card.isVisible() for card in panel.findChildren(AdviceCard)))
    controls: list[QWidget] = [*panel.findChildren(QAbstractButton), panel.scroll_area]
    controls += panel.findChildren(AdviceCard)
    assert len(controls) > 10
    for control in controls:
        if control.isVisible():
            assert control.accessibleName().strip(), control.objectName() or repr(control)
    names = {b.accessibleName() for b in panel.findChildren(QAbstractButton) if b.isVisible()}
    assert "Read more about: Twitching with weakness or stiffness" in names
    assert "Snooze 7 days: Twitching with weakness or stiffness" in names
    assert isinstance(panel.show_hidden_check, QCheckBox)


def test_warning_cards_are_visibly_different(qtbot: QtBot, setup: Setup) -> None:
    panel = setup.panel
    log_a_coffee_week_with_weakness(setup)
    qtbot.waitUntil(lambda: len(panel.cards()) == 2)
    weakness, caffeine = panel.cards()
    red_edge = weakness.grab().toImage().pixelColor(QPoint(2, weakness.height() // 2))
    calm_edge = caffeine.grab().toImage().pixelColor(QPoint(2, caffeine.height() // 2))
    assert red_edge.name() == LEVEL_HUES["see-doctor"]
    assert calm_edge.name() == LEVEL_HUES["self-care"]
    inside_red = weakness.grab().toImage().pixelColor(QPoint(weakness.width() // 2, 6))
    inside_calm = caffeine.grab().toImage().pixelColor(QPoint(caffeine.width() // 2, 6))
    assert inside_red != inside_calm


@pytest.mark.parametrize(("base", "text"), [("#ffffff", "#000000"), ("#1e1e1e", "#e8e8e8")])
def test_card_colours_keep_text_readable_in_light_and_dark(base: str, text: str) -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    sheet = level_style_sheet(palette)
    backgrounds = [QColor(c) for c in _values(sheet, 'QFrame#advice_card[level="', "background: ")]
    assert len(backgrounds) == 4
    for background in backgrounds:
        assert contrast_ratio(background, QColor(text)) >= 7  # WCAG AAA for body text
    badges = _values(sheet, 'QLabel#advice_badge[level="', "background: ")
    badge_texts = _values(sheet, 'QLabel#advice_badge[level="', " color: ")
    for badge, badge_text in zip(badges, badge_texts, strict=True):
        assert contrast_ratio(QColor(badge), QColor(badge_text)) >= 4.5  # WCAG AA


def _values(sheet: str, selector: str, key: str) -> list[str]:
    lines = [line for line in sheet.splitlines() if line.startswith(selector)]
    return [line.split(key, 1)[1].split(";", 1)[0] for line in lines]


def test_cards_follow_a_switch_to_dark(qtbot: QtBot, setup: Setup) -> None:
    panel = setup.panel
    log_a_coffee_week_with_weakness(setup)
    qtbot.waitUntil(lambda: len(panel.cards()) == 2)
    light_sheet = panel.content.styleSheet()
    panel.setPalette(dark_palette())
    assert panel.content.styleSheet() != light_sheet
    weakness = panel.card("weakness")
    assert weakness is not None
    qtbot.waitUntil(weakness.isVisible)
    inside = weakness.grab().toImage().pixelColor(QPoint(weakness.width() // 2, 6))
    assert inside.lightness() < 90  # a dark tint, under the palette's light text
