"""The body map's cached painting: same pixels as a full paint, repainted only when it must be.

The widget keeps its still picture (figure, heat colours, details, outline, side letters, legend)
in a pixmap and repaints only the boxes of the hovered, selected and focused regions on top. Each
state here is compared with the old full paint (`bodymap_reference.full_paint`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from bodymap_reference import TOLERANCE, difference, differs_from_full_paint
from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from pytestqt.qtbot import QtBot

from twitchdesk.core.regions import load_atlas
from twitchdesk.drawing.bodymap import MapColors, ViewPainter, fit_transform, heat_color
from twitchdesk.ui.bodymap import BodyMapWidget

VIEWS = ("front", "back", "face")


@pytest.fixture
def body_map(qtbot: QtBot) -> Iterator[BodyMapWidget]:
    widget = BodyMapWidget()
    qtbot.addWidget(widget)
    widget.resize(367, 626)  # the map's size in the Log panel of a 1480x920 window
    widget.show()
    qtbot.waitExposed(widget)
    widget.clearFocus()
    yield widget


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.Base, "#1b1c1f"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
        (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def assert_like_full_paint(body_map: BodyMapWidget, state: str) -> None:
    assert differs_from_full_paint(body_map) <= TOLERANCE, state


def outside_the_figure(body_map: BodyMapWidget) -> QPoint:
    return QPoint(3, body_map.height() // 2)


@pytest.mark.slow
@pytest.mark.parametrize("view", VIEWS)
def test_every_hover_selection_and_focus_looks_as_a_full_paint(
    qtbot: QtBot, body_map: BodyMapWidget, view: str
) -> None:
    walk_through_the_marks(qtbot, body_map, view, every=1)


@pytest.mark.parametrize("view", VIEWS)
def test_the_marks_look_as_a_full_paint_in_a_dark_theme(
    qtbot: QtBot, body_map: BodyMapWidget, view: str
) -> None:
    body_map.setPalette(dark_palette())
    walk_through_the_marks(qtbot, body_map, view, every=5)


def walk_through_the_marks(qtbot: QtBot, body_map: BodyMapWidget, view: str, every: int) -> None:
    """Hover every `every`-th region, select some with a neighbour hovered, add heat and focus."""
    body_map.setView(view)
    shapes = body_map.atlas.shapes(view)
    qtbot.mouseMove(body_map, outside_the_figure(body_map))
    assert body_map.hoveredRegion() is None
    assert_like_full_paint(body_map, "nothing marked")
    for shape in shapes[::every]:
        qtbot.mouseMove(body_map, body_map.centerOf(shape.region_id, shape.side))
        assert body_map.hoveredRegion() is not None
        assert_like_full_paint(body_map, f"hover on {shape.region_id} ({shape.side})")
    for index in range(0, len(shapes), 3 * every):
        shape, neighbour = shapes[index], shapes[(index + 1) % len(shapes)]
        qtbot.mouseClick(
            body_map, Qt.MouseButton.LeftButton, pos=body_map.centerOf(shape.region_id, shape.side)
        )
        assert_like_full_paint(body_map, f"{shape.region_id} selected and hovered")
        qtbot.mouseMove(body_map, body_map.centerOf(neighbour.region_id, neighbour.side))
        assert_like_full_paint(body_map, f"{shape.region_id} selected, neighbour hovered")
    body_map.setHeat({(s.region_id, s.side): (i * 7) % 11 for i, s in enumerate(shapes)})
    assert_like_full_paint(body_map, "heat, selection and hover")
    body_map.setFocus()
    qtbot.waitUntil(body_map.hasFocus)
    assert_like_full_paint(body_map, "focus on the selection, heat")
    body_map.setHeat(None)
    for _ in range(3):
        qtbot.keyClick(body_map, Qt.Key.Key_Tab)
        assert_like_full_paint(body_map, f"focus on {body_map.focusedRegion()}")
    qtbot.mouseMove(body_map, outside_the_figure(body_map))
    assert_like_full_paint(body_map, "focus and selection, no hover")


def test_marking_regions_reuses_the_still_picture(qtbot: QtBot, body_map: BodyMapWidget) -> None:
    body_map.setView("back")
    body_map.grab()
    renders = body_map._scene.renders
    for region, side in (("calf", "left"), ("calf", "right"), ("buttock", "left")):
        qtbot.mouseMove(body_map, body_map.centerOf(region, side))
        body_map.grab()
    qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=body_map.centerOf("calf", "right"))
    body_map.setFocus()
    qtbot.waitUntil(body_map.hasFocus)
    qtbot.keyClick(body_map, Qt.Key.Key_Down)
    body_map.grab()
    body_map.clearFocus()
    body_map.grab()
    assert body_map._scene.renders == renders
    assert_like_full_paint(body_map, "after hover, click and focus changes")


def test_the_still_picture_is_painted_again_when_what_it_shows_changes(
    qtbot: QtBot, body_map: BodyMapWidget
) -> None:
    body_map.setView("back")
    qtbot.mouseClick(body_map, Qt.MouseButton.LeftButton, pos=body_map.centerOf("calf", "left"))
    body_map.grab()

    def repainted(change: str) -> None:
        renders = body_map._scene.renders
        assert_like_full_paint(body_map, change)
        assert body_map._scene.renders == renders + 1, change

    body_map.resize(420, 700)
    repainted("resize")
    body_map.setPalette(dark_palette())
    repainted("palette")
    corner = body_map.grab().toImage().pixelColor(outside_the_figure(body_map))
    assert corner == dark_palette().color(QPalette.ColorRole.Base)
    font = QFont(body_map.font())
    font.setPixelSize(19)
    body_map.setFont(font)
    repainted("font")
    body_map.setView("front")
    repainted("view")
    body_map.setView("back")
    body_map.grab()
    calf = body_map.centerOf("calf", "right")
    body_map.setHeat({("calf", "right"): 9, ("calf", "left"): 2})
    repainted("heat")
    assert body_map.grab().toImage().pixelColor(calf) == heat_color(1.0)
    body_map.setHeat({("calf", "right"): 1, ("calf", "left"): 9})
    repainted("other heat")
    assert body_map.grab().toImage().pixelColor(calf) != heat_color(1.0)


@pytest.mark.parametrize("view", VIEWS)
def test_painting_only_near_a_box_gives_the_full_figures_pixels_there(view: str) -> None:
    """`within` skips what cannot reach the box; tiles painted that way rebuild the whole figure
    as paint_figure (the printed report's way) paints it."""
    atlas = load_atlas()
    drawer = ViewPainter(atlas)
    colors = MapColors.from_palette(QPalette())
    transform = fit_transform(atlas.views[view], QRectF(8, 8, 351, 580))
    inverse, _invertible = transform.inverted()
    shapes = atlas.shapes(view)
    marks = {"hover": shapes[1], "selected": shapes[-2], "focus": shapes[len(shapes) // 2]}

    def image() -> QImage:
        picture = QImage(367, 600, QImage.Format.Format_ARGB32_Premultiplied)
        picture.fill(colors.background)
        return picture

    whole = image()
    painter = QPainter(whole)
    drawer.paint_figure(painter, atlas.views[view], transform, colors, **marks)
    painter.end()
    tiled = image()
    painter = QPainter(tiled)
    step = 23  # small tiles: every outline run, piece boundary and wrap-around gets a border
    for x in range(0, tiled.width(), step):
        for y in range(0, tiled.height(), step):
            tile = QRect(x, y, step, step)
            margin = 4 / transform.m11()
            within = inverse.mapRect(QRectF(tile)).adjusted(-margin, -margin, margin, margin)
            painter.save()
            painter.setClipRect(tile)
            drawer.paint_silhouette(painter, atlas.views[view], transform, colors)
            drawer.paint_regions(
                painter, atlas.views[view], transform, colors, within=within, **marks
            )
            painter.restore()
    painter.end()
    assert difference(whole, tiled) <= TOLERANCE


HIDPI_SCREENS = {
    "synchronousWindowSystemEvents": True,
    "windowFrameMargins": False,
    "screens": [
        {"name": "low", "x": 0, "y": 0, "width": 1200, "height": 1000, "logicalDpi": 96},
        {"name": "high", "x": 1200, "y": 0, "width": 1200, "height": 1000, "logicalDpi": 96},
    ],
}

HIDPI_SCRIPT = """
import json, os, sys
sys.path.insert(0, sys.argv[1])
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from bodymap_reference import differs_from_full_paint
from twitchdesk.ui.bodymap import BodyMapWidget

app = QApplication([])
widget = BodyMapWidget()
widget.resize(367, 626)
widget.move(100, 100)
widget.show()
QTest.qWaitForWindowExposed(widget)
widget.setSelection("calf", "left")
QTest.mouseMove(widget, widget.centerOf("calf", "right"))
found = []
for x in (1300, 100):  # onto the 2x screen, then back
    renders = widget._scene.renders
    widget.move(x, 100)
    QTest.qWait(20)
    picture = widget.grab()
    found.append({
        "ratio": widget.devicePixelRatioF(),
        "pixels": [picture.width(), picture.height()],
        "new_renders": widget._scene.renders - renders,
        "difference": differs_from_full_paint(widget),
        "hover": widget.hoveredRegion(),
    })
print(json.dumps(found))
"""


def test_moving_to_a_hidpi_screen_paints_a_sharp_picture_again(tmp_path: Path) -> None:
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps(HIDPI_SCREENS), encoding="utf-8")
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screens}"
    env["QT_SCREEN_SCALE_FACTORS"] = "low=1;high=2"
    tests_folder = str(Path(__file__).resolve().parent)
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(HIDPI_SCRIPT), tests_folder],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    high, low = json.loads(result.stdout.strip().splitlines()[-1])
    assert high["ratio"] == 2.0 and high["pixels"] == [734, 1252]
    assert high["new_renders"] == 1 and high["difference"] <= TOLERANCE
    assert high["hover"] == ["calf", "right"]
    assert low["ratio"] == 1.0 and low["pixels"] == [367, 626]
    assert low["new_renders"] == 1 and low["difference"] <= TOLERANCE
