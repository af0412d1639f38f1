"""The clickable body map: one view at a time, hover, selection, heat colouring, keyboard.

Mouse: hover names the region, a click selects it, a double-click on a coarse region that has a
close-up (the face on the front view) opens that view. Keyboard: arrows move spatially, Tab and
Shift+Tab in reading order (leaving the map after the last region), Space or Enter select the
focused region, PageUp/PageDown or 1/2/3 change the view. Enter is passed on after selecting, so a
form around the map can treat it as "log it" (click, Enter).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from twitchdesk.core.regions import VIEW_NAMES, RegionAtlas, Shape, load_atlas
from twitchdesk.drawing.bodymap import (
    MapColors,
    ViewPainter,
    fit_transform,
    paint_heat_legend,
    paint_side_labels,
)
from twitchdesk.i18n import TextContext
from twitchdesk.ui.bodymap.navigation import nearest_in_direction, reading_order
from twitchdesk.ui.bodymap.scene_cache import SceneCache

BODYMAP_WIDGET = TextContext("BODYMAP_WIDGET")

Key = Qt.Key
ARROWS = {Key.Key_Left: (-1, 0), Key.Key_Right: (1, 0), Key.Key_Up: (0, -1), Key.Key_Down: (0, 1)}
VIEW_KEYS = {Key.Key_1: 0, Key.Key_2: 1, Key.Key_3: 2}
# Logical pixels around a marked region that its strokes reach: half the 3 px selection pen,
# antialiasing and round joins, with room to spare.
MARK_MARGIN = 4


class BodyMapWidget(QWidget):
    regionSelected = Signal(str, str)  # region id, person's side; user actions only
    regionHovered = Signal(str, str)  # ("", "") when the pointer leaves every region
    viewChanged = Signal(str)

    def __init__(self, atlas: RegionAtlas | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.atlas = atlas if atlas is not None else load_atlas()
        self._painter = ViewPainter(self.atlas)
        self._views = tuple(v for v in VIEW_NAMES if v in self.atlas.views)
        self._view = self._views[0]
        self._selected: tuple[str, str] | None = None
        self._hover: Shape | None = None
        self._focus: Shape | None = None
        self._heat: dict[tuple[str, str], int] | None = None
        self._heat_version = 0  # part of the still picture's key: any setHeat repaints it
        self._base = SceneCache()  # background and silhouette
        self._scene = SceneCache()  # everything but hover, selection, focus and the overlays
        self._text_areas: tuple[QRectF, ...] = ()  # side letters and legend, as last painted
        self._order_cache: dict[str, tuple[Shape, ...]] = {}
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._update_accessible_text()

    # -- public API --------------------------------------------------------------------------
    def view(self) -> str:
        return self._view

    def views(self) -> tuple[str, ...]:
        return self._views

    def setView(self, name: str) -> None:
        if name not in self._views:
            raise ValueError(f"unknown body-map view {name!r}")
        if name == self._view:
            return
        self._view = name
        self._hover = None
        self._focus = self._selected_shape() if self._focus is not None else None
        self._update_accessible_text()
        self.update()
        self.viewChanged.emit(name)

    def selection(self) -> tuple[str, str] | None:
        return self._selected

    def setSelection(self, region_id: str, side: str) -> None:
        """Select without emitting regionSelected; shows a view that contains the region."""
        shape = self.atlas.find_shape(region_id, side, self._view) or self.atlas.find_shape(
            region_id, side
        )
        if shape is None:
            raise ValueError(f"no body-map shape for {region_id!r} on side {side!r}")
        self._selected = (shape.region_id, shape.side)
        if shape.view != self._view:
            self.setView(shape.view)
        self._focus = shape
        self._update_accessible_text()
        self.update()

    def clearSelection(self) -> None:
        self._selected = None
        self._update_accessible_text()
        self.update()

    def heat(self) -> dict[tuple[str, str], int] | None:
        return None if self._heat is None else dict(self._heat)

    def setHeat(self, counts: dict[tuple[str, str], int] | None) -> None:
        """Colour regions by count (None turns heat mode off); "both" counts for each side."""
        if counts is None:
            self._heat = None
        else:
            heat: dict[tuple[str, str], int] = {}
            for (region_id, side), count in counts.items():
                sides = ("left", "right") if side == "both" else (side,)
                for s in sides:
                    heat[(region_id, s)] = heat.get((region_id, s), 0) + int(count)
            self._heat = heat
        self._heat_version += 1
        self.update()

    def hoveredRegion(self) -> tuple[str, str] | None:
        return None if self._hover is None else (self._hover.region_id, self._hover.side)

    def focusedRegion(self) -> tuple[str, str] | None:
        return None if self._focus is None else (self._focus.region_id, self._focus.side)

    def select_focused(self) -> bool:
        """Select the keyboard-focused region (emitting regionSelected); False if there is none."""
        if self._focus is None:
            return False
        self._choose(self._focus)
        return True

    def regionAt(self, pos: QPointF) -> tuple[str, str] | None:
        shape = self._shape_at(pos)
        return None if shape is None else (shape.region_id, shape.side)

    def centerOf(self, region_id: str, side: str) -> QPoint:
        """A point well inside the region's shape on the current view, in widget pixels."""
        shape = self.atlas.find_shape(region_id, side, self._view)
        if shape is None:
            raise LookupError(f"{region_id!r} ({side}) is not drawn on the {self._view} view")
        x, y = shape.anchor
        return self._transform().map(QPointF(x, y)).toPoint()

    def sizeHint(self) -> QSize:
        return QSize(420, 760)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 320)

    # -- geometry ------------------------------------------------------------------------------
    def _caption_height(self) -> float:
        return QFontMetricsF(self.font()).height() * 1.9

    def _transform(self) -> QTransform:
        rect = QRectF(self.rect()).adjusted(8, 8, -8, -8 - self._caption_height())
        return fit_transform(self.atlas.views[self._view], rect)

    def _shape_at(self, pos: QPointF) -> Shape | None:
        inverse, invertible = self._transform().inverted()
        if not invertible:
            return None
        p = inverse.map(QPointF(pos))
        # Topmost first, matching paint order; Qt's even-odd test on the painted polygon.
        x, y = p.x(), p.y()
        for shape in reversed(self.atlas.shapes(self._view)):
            left, top, right, bottom = shape.bounds
            if not (left <= x <= right and top <= y <= bottom):
                continue
            if self._painter.polygon_of(shape).containsPoint(p, Qt.FillRule.OddEvenFill):
                return shape
        return None

    def _selected_shape(self) -> Shape | None:
        if self._selected is None:
            return None
        return self.atlas.find_shape(*self._selected, view=self._view)

    def _reading_order(self) -> tuple[Shape, ...]:
        cached = self._order_cache.get(self._view)
        if cached is None:
            height = self.atlas.views[self._view].height
            cached = reading_order(self.atlas.shapes(self._view), height)
            self._order_cache[self._view] = cached
        return cached

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        colors = MapColors.from_palette(self.palette())
        transform = self._transform()
        hover, selected = self._hover, self._selected_shape()
        focus = self._focus if self.hasFocus() else None
        base = self._base_picture(colors, transform)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.drawPixmap(QPoint(0, 0), self._still_picture(colors, transform, base))
        # Hover, selection and focus change a few regions only: the scene is painted again
        # clipped to each marked region's box, so later (overlapping) regions, the details, the
        # eye openings and the labels stay on top exactly as in a full paint.
        for shape in {shape for shape in (hover, selected, focus) if shape is not None}:
            self._paint_scene(
                painter,
                transform,
                colors,
                base,
                hover=hover,
                selected=selected,
                focus=focus,
                clip=self._mark_box(transform, shape),
            )
        self._paint_overlays(painter, transform, colors)
        painter.end()

    def _picture_key(self, colors: MapColors) -> tuple[object, ...]:
        """Everything the cached pictures depend on: any change paints them afresh."""
        ratio = self.devicePixelRatioF()
        return (self.size(), ratio, self._view, colors, self._heat_version, self.font())

    def _base_picture(self, colors: MapColors, transform: QTransform) -> QPixmap:
        """Background and the figure's silhouette: what every (re)painted box starts from."""

        def paint(painter: QPainter) -> None:
            painter.fillRect(self.rect(), colors.background)
            self._painter.paint_silhouette(painter, self.atlas.views[self._view], transform, colors)

        key = self._picture_key(colors)
        ratio = self.devicePixelRatioF()
        return self._base.pixmap(key, self.size(), ratio, colors.background, paint)

    def _still_picture(self, colors: MapColors, transform: QTransform, base: QPixmap) -> QPixmap:
        """The scene without hover, selection or focus, repainted only when its inputs change."""
        return self._scene.pixmap(
            self._picture_key(colors),
            self.size(),
            self.devicePixelRatioF(),
            colors.background,
            lambda painter: self._paint_scene(painter, transform, colors, base),
        )

    def _paint_scene(
        self,
        painter: QPainter,
        transform: QTransform,
        colors: MapColors,
        base: QPixmap,
        *,
        hover: Shape | None = None,
        selected: Shape | None = None,
        focus: Shape | None = None,
        clip: QRect | None = None,
    ) -> None:
        """The base picture, regions, side letters and heat legend: all under the overlays.

        With `clip`, only those widget pixels are painted, and only what can reach them is
        drawn (the text areas are the ones the last full paint recorded)."""
        view = self.atlas.views[self._view]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        within = None
        if clip is not None:
            painter.setClipRect(clip)
            inverse, _invertible = transform.inverted()
            margin = MARK_MARGIN / max(transform.m11(), 1e-6)
            within = inverse.mapRect(QRectF(clip)).adjusted(-margin, -margin, margin, margin)
        painter.drawPixmap(QPoint(0, 0), base)
        self._painter.paint_regions(
            painter,
            view,
            transform,
            colors,
            heat=self._heat,
            hover=hover,
            selected=selected,
            focus=focus,
            within=within,
        )
        if clip is None or any(area.intersects(QRectF(clip)) for area in self._text_areas):
            areas = [paint_side_labels(painter, view, transform, colors, self.font())]
            if self._heat is not None:
                bottom_left = QPointF(10, self.height() - self._caption_height() - 6)
                maximum = max(self._heat.values(), default=0)
                areas.append(paint_heat_legend(painter, bottom_left, maximum, colors, self.font()))
            if clip is None:
                # Glyphs and the legend's frame may overhang their boxes a little.
                self._text_areas = tuple(area.adjusted(-3, -3, 3, 3) for area in areas)
        painter.restore()

    def _mark_box(self, transform: QTransform, shape: Shape) -> QRect:
        """The widget pixels a marked shape's fill and strokes can touch."""
        left, top, right, bottom = shape.bounds
        box = transform.mapRect(QRectF(left, top, right - left, bottom - top))
        return box.adjusted(-MARK_MARGIN, -MARK_MARGIN, MARK_MARGIN, MARK_MARGIN).toAlignedRect()

    def _paint_overlays(self, painter: QPainter, transform: QTransform, colors: MapColors) -> None:
        """What is drawn over the scene: the hover label, the caption, the focus frame."""
        self._paint_hover_label(painter, transform, colors)
        self._paint_caption(painter, colors)
        if self.hasFocus():
            pen = QPen(colors.focus, 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))

    def _paint_hover_label(
        self, painter: QPainter, transform: QTransform, colors: MapColors
    ) -> None:
        shape = self._hover or (self._focus if self.hasFocus() else None)
        if shape is None:
            return
        text = self.atlas.label(shape.region_id, shape.side)
        metrics = QFontMetricsF(self.font())
        width, height = metrics.horizontalAdvance(text) + 16, metrics.height() + 8
        anchor = transform.map(QPointF(*shape.anchor))
        x = min(max(4.0, anchor.x() - width / 2), self.width() - width - 4)
        y = anchor.y() - height - 14
        if y < 4:
            y = anchor.y() + 14
        box = QRectF(x, y, width, height)
        painter.save()
        painter.setPen(QPen(colors.selected_line, 1))
        painter.setBrush(colors.background)
        painter.drawRoundedRect(box, height / 2, height / 2)
        painter.setPen(colors.text)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def _paint_caption(self, painter: QPainter, colors: MapColors) -> None:
        band = QRectF(
            8, self.height() - self._caption_height(), self.width() - 16, self._caption_height()
        )
        if self._selected is not None:
            region = self.atlas.label(*self._selected)
            text = BODYMAP_WIDGET.tr("Selected: {region}").format(region=region)
            painter.setPen(colors.text)
        else:
            text = BODYMAP_WIDGET.tr("Click where it twitches")
            painter.setPen(colors.muted)
        if self._hover is not None and self.atlas.region(self._hover.region_id).detail_view:
            detail = self.atlas.region(self._hover.region_id).detail_view or ""
            #: {view} is the name of a body-map view in lower case ("face")
            text = BODYMAP_WIDGET.tr("Double-click for the {view} close-up").format(
                view=self.atlas.views[detail].label.lower()
            )
            painter.setPen(colors.muted)
        font = self.font()
        font.setBold(self._selected is not None)
        painter.setFont(font)
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, text)

    # -- mouse ---------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(self._shape_at(event.position()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._set_hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        shape = self._shape_at(event.position())
        if shape is not None:
            self._focus = shape
            self._choose(shape)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        shape = self._shape_at(event.position())
        detail = None if shape is None else self.atlas.region(shape.region_id).detail_view
        if detail and detail in self._views:
            self.setView(detail)
            event.accept()
            return
        self.mousePressEvent(event)

    def _set_hover(self, shape: Shape | None) -> None:
        if shape == self._hover:
            return
        self._hover = shape
        self.setCursor(Qt.CursorShape.PointingHandCursor if shape else Qt.CursorShape.ArrowCursor)
        self.update()
        if shape is None:
            self.regionHovered.emit("", "")
        else:
            self.regionHovered.emit(shape.region_id, shape.side)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            shape = self._shape_at(QPointF(event.pos()))
            if shape is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(
                    event.globalPos(), self.atlas.label(shape.region_id, shape.side), self
                )
            return True
        return super().event(event)

    # -- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in ARROWS and modifiers == Qt.KeyboardModifier.NoModifier:
            self._move_focus_spatially(*ARROWS[Key(key)])
        elif key in (Key.Key_Home, Key.Key_End):
            order = self._reading_order()
            self._set_focus_shape(order[0] if key == Key.Key_Home else order[-1])
        elif key == Key.Key_Space:
            self.select_focused()
        elif key in (Key.Key_Return, Key.Key_Enter):
            self.select_focused()
            event.ignore()  # let the surrounding form use Enter as "log it"
            return
        elif key in (Key.Key_PageUp, Key.Key_PageDown):
            step = 1 if key == Key.Key_PageDown else -1
            index = (self._views.index(self._view) + step) % len(self._views)
            self.setView(self._views[index])
        elif key in VIEW_KEYS and VIEW_KEYS[Key(key)] < len(self._views):
            self.setView(self._views[VIEW_KEYS[Key(key)]])
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:
        order = self._reading_order()
        if self.hasFocus() and order:
            if self._focus is None or self._focus not in order:
                self._set_focus_shape(order[0] if next else order[-1])
                return True
            index = order.index(self._focus) + (1 if next else -1)
            if 0 <= index < len(order):
                self._set_focus_shape(order[index])
                return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        order = self._reading_order()
        if self._focus is None or self._focus.view != self._view:
            selected = self._selected_shape()
            if selected is not None:
                self._focus = selected
            elif order and event.reason() == Qt.FocusReason.BacktabFocusReason:
                self._focus = order[-1]
            elif order:
                self._focus = order[0]
        self._update_accessible_text()
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def _move_focus_spatially(self, dx: int, dy: int) -> None:
        order = self._reading_order()
        if self._focus is None or self._focus.view != self._view:
            self._set_focus_shape(order[0])
            return
        best = nearest_in_direction(order, self._focus, dx, dy)
        if best is not None:
            self._set_focus_shape(best)

    def _set_focus_shape(self, shape: Shape) -> None:
        self._focus = shape
        self._update_accessible_text()
        self.update()

    def _choose(self, shape: Shape) -> None:
        self._selected = (shape.region_id, shape.side)
        self._update_accessible_text()
        self.update()
        self.regionSelected.emit(shape.region_id, shape.side)

    # -- accessibility -------------------------------------------------------------------------
    def _update_accessible_text(self) -> None:
        # setAccessibleName/Description send NameChanged/DescriptionChanged to assistive tech.
        view = self.atlas.views[self._view].label.lower()
        if self._focus is None:
            #: spoken by screen readers; {view} is "front", "back" or "face"
            name = BODYMAP_WIDGET.tr("Body map, {view} view").format(view=view)
        else:
            focused = self.atlas.label(self._focus.region_id, self._focus.side).lower()
            #: spoken by screen readers; {view} is "front", "back" or "face", {region} "left calf"
            name = BODYMAP_WIDGET.tr("Body map, {view} view. Focused: {region}").format(
                view=view, region=focused
            )
        parts = []
        if self._selected is not None:
            selected = self.atlas.label(*self._selected).lower()
            parts.append(BODYMAP_WIDGET.tr("Selected: {region}.").format(region=selected))
        parts.append(
            BODYMAP_WIDGET.tr(
                "Arrow keys or Tab move between regions, Space or Enter selects, "
                "1, 2, 3 or Page Up and Page Down change the view (front, back, face). "
                "Left and right are the person's own sides."
            )
        )
        description = " ".join(parts)
        if name != self.accessibleName():
            self.setAccessibleName(name)
        if description != self.accessibleDescription():
            self.setAccessibleDescription(description)
