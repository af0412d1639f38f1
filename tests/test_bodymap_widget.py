"""The body-map widget, its view switcher and the region list, used the way a person uses them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from twitchdesk.core.regions import load_atlas
from twitchdesk.drawing.bodymap import heat_color
from twitchdesk.ui.bodymap import BodyMapView, BodyMapWidget, RegionPicker


@pytest.fixture
def body_map(qtbot: QtBot) -> Iterator[BodyMapWidget]:
    widget = BodyMapWidget()
    qtbot.addWidget(widget)
    widget.resize(600, 900)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def click(qtbot: QtBot, widget: QWidget, pos: QPoint) -> None:
    qtbot.mouseMove(widget, pos)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def pixel(widget: QWidget, pos: QPoint) -> QColor:
    image: QImage = widget.grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(pos.x() * ratio), round(pos.y() * ratio))


@pytest.mark.parametrize(
    ("view", "region", "side"),
    [
        ("back", "calf", "left"),
        ("back", "calf", "right"),
        ("back", "upper_back", "midline"),
        ("back", "sole", "right"),
        ("front", "thumb", "right"),
        ("front", "thumb", "left"),
        ("front", "knee", "left"),
        ("front", "abdomen", "right"),
        ("front", "forehead", "midline"),
        ("face", "upper_eyelid", "left"),
        ("face", "lower_eyelid", "right"),
        ("face", "mouth_corner", "left"),
        ("face", "chin", "midline"),
    ],
)
def test_clicking_a_region_selects_it_and_emits(
    qtbot: QtBot, body_map: BodyMapWidget, view: str, region: str, side: str
) -> None:
    body_map.setView(view)
    pos = body_map.centerOf(region, side)
    assert body_map.rect().contains(pos)
    with qtbot.waitSignal(body_map.regionSelected, timeout=1000) as blocker:
        click(qtbot, body_map, pos)
    assert blocker.args == [region, side]
    assert body_map.selection() == (region, side)
    assert body_map.regionAt(QPointF(pos)) == (region, side)


def test_left_and_right_sit_where_the_person_has_them(body_map: BodyMapWidget) -> None:
    middle = body_map.width() / 2
    body_map.setView("front")
    assert body_map.centerOf("thumb", "left").x() > middle  # facing us: their left, our right
    body_map.setView("back")
    assert body_map.centerOf("calf", "left").x() < middle
    body_map.setView("face")
    assert body_map.centerOf("upper_eyelid", "left").x() > middle


def test_clicking_outside_the_figure_selects_nothing(qtbot: QtBot, body_map: BodyMapWidget) -> None:
    corner = QPoint(5, body_map.height() // 2)
    assert body_map.regionAt(QPointF(corner)) is None
    with qtbot.assertNotEmitted(body_map.regionSelected):
        click(qtbot, body_map, corner)
    assert body_map.selection() is None


def test_hover_highlights_the_region_under_the_pointer(
    qtbot: QtBot, body_map: BodyMapWidget
) -> None:
    body_map.setView("back")
    calf = body_map.centerOf("calf", "left")
    before = pixel(body_map, calf)
    with qtbot.waitSignal(body_map.regionHovered) as blocker:
        qtbot.mouseMove(body_map, calf)
    assert blocker.args == ["calf", "left"]
    assert body_map.hoveredRegion() == ("calf", "left")
    assert pixel(body_map, calf) != before
    qtbot.mouseMove(body_map, body_map.centerOf("buttock", "right"))
    assert body_map.hoveredRegion() == ("buttock", "right")
    assert pixel(body_map, calf) == before


def test_set_view_and_set_selection_switch_views(qtbot: QtBot, body_map: BodyMapWidget) -> None:
    with qtbot.waitSignal(body_map.viewChanged) as blocker:
        body_map.setView("face")
    assert blocker.args == ["face"] and body_map.view() == "face"
    with qtbot.assertNotEmitted(body_map.regionSelected):
        body_map.setSelection("calf", "right")
    assert body_map.view() == "back"  # the calf is only drawn on the back
    assert body_map.selection() == ("calf", "right")
    body_map.setSelection("upper_eyelid", "left")
    assert body_map.view() == "face"
    with pytest.raises(ValueError):
        body_map.setView("sideways")


def test_selection_is_painted_strongly(body_map: BodyMapWidget) -> None:
    body_map.setView("front")
    knee = body_map.centerOf("knee", "right")
    plain = pixel(body_map, knee)
    body_map.setSelection("knee", "right")
    assert pixel(body_map, knee) != plain
    assert "right knee" in body_map.accessibleDescription().lower()


def test_keyboard_moves_between_regions_and_enter_selects(
    qtbot: QtBot, body_map: BodyMapWidget
) -> None:
    body_map.setView("front")
    body_map.setFocus()
    qtbot.waitUntil(body_map.hasFocus)
    first = body_map.focusedRegion()
    assert first is not None
    assert "Focused:" in body_map.accessibleName()
    qtbot.keyClick(body_map, Qt.Key.Key_Down)
    qtbot.keyClick(body_map, Qt.Key.Key_Down)
    moved = body_map.focusedRegion()
    assert moved is not None and moved != first
    qtbot.keyClick(body_map, Qt.Key.Key_Tab)
    after_tab = body_map.focusedRegion()
    assert after_tab is not None and after_tab != moved
    assert body_map.hasFocus()  # Tab moved within the map, not away from it
    with qtbot.waitSignal(body_map.regionSelected) as blocker:
        qtbot.keyClick(body_map, Qt.Key.Key_Return)
    assert tuple(blocker.args) == after_tab
    assert body_map.selection() == after_tab
    label = load_atlas().label(*after_tab).lower()
    assert label in body_map.accessibleName().lower()


def test_every_region_of_a_view_is_reachable_with_tab(
    qtbot: QtBot, body_map: BodyMapWidget
) -> None:
    body_map.setView("face")
    body_map.setFocus()
    qtbot.waitUntil(body_map.hasFocus)
    qtbot.keyClick(body_map, Qt.Key.Key_Home)
    seen = {body_map.focusedRegion()}
    for _ in range(60):
        qtbot.keyClick(body_map, Qt.Key.Key_Tab)
        if not body_map.hasFocus():
            break
        seen.add(body_map.focusedRegion())
    expected = {(s.region_id, s.side) for s in body_map.atlas.shapes("face")}
    assert seen == expected


def test_view_keys_change_the_view(qtbot: QtBot, body_map: BodyMapWidget) -> None:
    body_map.setFocus()
    qtbot.waitUntil(body_map.hasFocus)
    qtbot.keyClick(body_map, Qt.Key.Key_3)
    assert body_map.view() == "face"
    qtbot.keyClick(body_map, Qt.Key.Key_2)
    assert body_map.view() == "back"
    qtbot.keyClick(body_map, Qt.Key.Key_PageDown)
    assert body_map.view() == "face"
    qtbot.keyClick(body_map, Qt.Key.Key_PageDown)
    assert body_map.view() == "front"
    assert body_map.accessibleName().startswith("Body map, front view")


def test_heat_mode_colours_regions_by_count(body_map: BodyMapWidget) -> None:
    body_map.setView("back")
    busy, quiet = body_map.centerOf("calf", "left"), body_map.centerOf("calf", "right")
    body_map.setHeat({("calf", "left"): 0, ("calf", "right"): 0})
    none_yet = pixel(body_map, busy)
    body_map.setHeat({("calf", "left"): 30, ("calf", "right"): 1})
    hot, mild = pixel(body_map, busy), pixel(body_map, quiet)
    assert hot != none_yet
    assert hot == heat_color(1.0)
    assert mild != hot and mild != none_yet
    body_map.setHeat(None)
    assert pixel(body_map, busy) == none_yet


def test_heat_counts_for_both_sides_colour_each_side(body_map: BodyMapWidget) -> None:
    body_map.setView("back")
    left = body_map.centerOf("calf", "left")
    body_map.setHeat({("calf", "both"): 4})
    assert body_map.heat() == {("calf", "left"): 4, ("calf", "right"): 4}
    assert pixel(body_map, left) == heat_color(1.0)


def test_double_click_on_the_face_opens_the_close_up(qtbot: QtBot, body_map: BodyMapWidget) -> None:
    body_map.setView("front")
    face = body_map.centerOf("face", "midline")
    qtbot.mouseDClick(body_map, Qt.MouseButton.LeftButton, pos=face)
    assert body_map.view() == "face"


# -- the region list ---------------------------------------------------------------------------
def test_region_picker_filters_and_choosing_emits(qtbot: QtBot) -> None:
    picker = RegionPicker(load_atlas())
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.search, "calf")
    assert picker.visibleChoices() == [("calf", "left"), ("calf", "right")]
    labels = [picker.model.index(r, 0).data() for r in range(picker.model.rowCount())]
    assert labels == ["Left calf", "Right calf"]
    second = picker.list.visualRect(picker.model.index(1, 0)).center()
    with qtbot.waitSignal(picker.regionChosen) as blocker:
        qtbot.mouseClick(picker.list.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert blocker.args == ["calf", "right"]


def test_region_picker_works_from_the_keyboard(qtbot: QtBot) -> None:
    picker = RegionPicker(load_atlas())
    qtbot.addWidget(picker)
    picker.show()
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "upper eyelid")
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.regionChosen) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert blocker.args == ["upper_eyelid", "right"]
    picker.search.clear()
    assert len(picker.visibleChoices()) == len(load_atlas().choices())


def test_region_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: object) -> None:
    picker = RegionPicker(load_atlas())
    qtbot.addWidget(picker)
    qtmodeltester.check(picker.model)  # type: ignore[attr-defined]
    picker.setFilterText("left")
    qtmodeltester.check(picker.model)  # type: ignore[attr-defined]


# -- the composite --------------------------------------------------------------------------
def test_body_map_view_switches_views_and_syncs_the_list(qtbot: QtBot) -> None:
    view = BodyMapView()
    qtbot.addWidget(view)
    view.resize(520, 1000)
    view.show()
    qtbot.waitExposed(view)
    buttons = {b.text(): b for b in view.findChildren(QPushButton)}
    assert set(buttons) == {"Front", "Back", "Face"}
    qtbot.mouseClick(buttons["Face"], Qt.MouseButton.LeftButton)
    assert view.view() == "face" and buttons["Face"].isChecked()
    with qtbot.waitSignal(view.regionSelected) as blocker:
        click(qtbot, view.map, view.map.centerOf("lower_eyelid", "left"))
    assert blocker.args == ["lower_eyelid", "left"]
    assert view.picker.currentChoice() == ("lower_eyelid", "left")
    view.picker.setFilterText("calf")
    with qtbot.waitSignal(view.regionSelected) as blocker:
        qtbot.mouseClick(
            view.picker.list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=view.picker.list.visualRect(view.picker.model.index(0, 0)).center(),
        )
    assert blocker.args == ["calf", "left"]
    assert view.selection() == ("calf", "left") and view.view() == "back"
    assert buttons["Back"].isChecked()


def test_every_control_has_an_accessible_name(qtbot: QtBot) -> None:
    view = BodyMapView()
    qtbot.addWidget(view)
    view.show()
    controls = [w for w in view.findChildren(QWidget) if w.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert controls
    unnamed = [type(w).__name__ for w in controls if not w.accessibleName()]
    assert unnamed == []
