"""Keyboard order on the body map: reading order for Tab, nearest neighbour for the arrows.

Pure functions of the shapes' anchor points (Qt-free), so the order is the same at any size.
"""

from __future__ import annotations

from collections.abc import Sequence

from twitchdesk.core.regions import Shape


def reading_order(shapes: Sequence[Shape], view_height: float) -> tuple[Shape, ...]:
    """Top to bottom in rows, left to right within a row, as a sighted reader scans."""
    by_height = sorted(shapes, key=lambda s: s.anchor[1])
    tolerance = view_height * 0.02  # anchors this close in height count as one row
    rows: list[list[Shape]] = []
    for shape in by_height:
        if rows and shape.anchor[1] - rows[-1][0].anchor[1] <= tolerance:
            rows[-1].append(shape)
        else:
            rows.append([shape])
    return tuple(s for row in rows for s in sorted(row, key=lambda s: s.anchor[0]))


def nearest_in_direction(shapes: Sequence[Shape], current: Shape, dx: int, dy: int) -> Shape | None:
    """The shape an arrow key should go to: ahead in (dx, dy), preferring straight ahead."""
    fx, fy = current.anchor
    best: Shape | None = None
    best_score = float("inf")
    for shape in shapes:
        if shape == current:
            continue
        sx, sy = shape.anchor
        along = (sx - fx) * dx + (sy - fy) * dy
        if along <= 0.5:
            continue
        across = abs((sx - fx) * dy) + abs((sy - fy) * dx)
        score = along + 2.5 * across  # a near region off to the side loses to one ahead
        if score < best_score:
            best, best_score = shape, score
    return best
