"""The body-map atlas: anatomical regions, their polygons per view, labels and search.

Pure Python (no Qt), so storage, import/export, the report and the tests share one source of truth.

File format (`resources/bodymap/regions.json`, drawn by `tools/draw_bodymap.py`)::

    {"version": 1,
     "views": {"front": {"label": "Front", "width": 400, "height": 900,
                         "outline": [[x, y], ...],          # ONE closed polygon: the silhouette
                         "details": [[[x, y], ...], ...]},  # optional; closed = an opening
               "back": {...}, "face": {...}},
     "regions": [{"id": "calf", "label": "Calf", "group": "leg", "paired": true,
                  "aliases": ["calves"],          # optional extra search words
                  "detail_view": "face",          # optional: a view that shows it in detail
                  "shapes": [{"view": "back", "side": "left", "points": [[x, y], ...]}, ...]}]}

Coordinates are in the view's own box, y pointing down. `side` is the *person's* side: on the
front and face views the person's left is on the viewer's right, on the back view on the viewer's
left. Unpaired regions have side "midline". Shapes of one view are painted in file order and
hit-tested in reverse (the last one drawn is on top); the drawn atlas tiles each view without
overlaps, so the order only matters on a shared border.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from twitchdesk.resources import resource_path

Point = tuple[float, float]

VIEW_NAMES: tuple[str, ...] = ("front", "back", "face")
GROUPS: tuple[str, ...] = ("face", "head_neck", "arm", "hand", "trunk", "leg", "foot")
GROUP_LABELS: Mapping[str, str] = {
    "face": "Face",
    "head_neck": "Head and neck",
    "arm": "Arm",
    "hand": "Hand",
    "trunk": "Trunk",
    "leg": "Leg",
    "foot": "Foot",
}
PAIRED_SIDES: tuple[str, ...] = ("left", "right")
MIDLINE = "midline"
BOTH = "both"
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_WORD_RE = re.compile(r"[a-z0-9]+")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


@dataclass(frozen=True)
class View:
    name: str
    label: str
    width: float
    height: float
    outline: tuple[Point, ...]
    details: tuple[tuple[Point, ...], ...] = ()


@dataclass(frozen=True)
class Shape:
    """One polygon of a region on one view, for one side of the person."""

    region_id: str
    view: str
    side: str
    points: tuple[Point, ...]

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom)."""
        xs = [x for x, _ in self.points]
        ys = [y for _, y in self.points]
        return min(xs), min(ys), max(xs), max(ys)

    @cached_property
    def area(self) -> float:
        return abs(_signed_area(self.points))

    def contains(self, x: float, y: float) -> bool:
        """Even-odd point-in-polygon (the same rule Qt's containsPoint uses by default)."""
        inside = False
        pts = self.points
        x0, y0 = pts[-1]
        for x1, y1 in pts:
            if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
            x0, y0 = x1, y1
        return inside

    @cached_property
    def anchor(self) -> Point:
        """A point well inside the polygon, for labels, keyboard order and test clicks.

        The centroid can fall outside a curved shape (an ear, a jaw), so the widest horizontal
        spans are tried and the candidate farthest from every edge wins."""
        left, top, right, bottom = self.bounds
        best: Point = ((left + right) / 2, (top + bottom) / 2)
        best_clearance = -1.0
        edges = _edges(self.points)
        for i in range(1, 16):
            y = top + (bottom - top) * i / 16
            xs = sorted(_crossings_at_y(self.points, y))
            for a, b in zip(xs[::2], xs[1::2], strict=False):
                candidate = ((a + b) / 2, y)
                clearance = _distance_to_edges(edges, candidate)
                if clearance > best_clearance:
                    best, best_clearance = candidate, clearance
        return best


def _signed_area(points: Sequence[Point]) -> float:
    total = 0.0
    x0, y0 = points[-1]
    for x1, y1 in points:
        total += x0 * y1 - x1 * y0
        x0, y0 = x1, y1
    return total / 2


def _crossings_at_y(points: Sequence[Point], y: float) -> list[float]:
    out: list[float] = []
    x0, y0 = points[-1]
    for x1, y1 in points:
        if (y0 > y) != (y1 > y):
            out.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        x0, y0 = x1, y1
    return out


Edge = tuple[float, float, float, float, float]  # x0, y0, dx, dy, squared length


def _edges(points: Sequence[Point]) -> list[Edge]:
    """Each edge's start, direction and squared length, worked out once per shape: the anchor
    search measures ~30 candidates against every edge (the first report's body map placed its
    ~110 labels in ~0.15 s of pure Python before)."""
    edges = []
    x0, y0 = points[-1]
    for x1, y1 in points:
        dx, dy = x1 - x0, y1 - y0
        edges.append((x0, y0, dx, dy, dx * dx + dy * dy))
        x0, y0 = x1, y1
    return edges


def _distance_to_edges(edges: Sequence[Edge], p: Point) -> float:
    best = math.inf
    px, py = p
    hypot = math.hypot
    for x0, y0, dx, dy, length2 in edges:
        if length2 == 0:
            t = 0.0
        else:
            t = ((px - x0) * dx + (py - y0) * dy) / length2
            t = 0.0 if t < 0.0 else 1.0 if t > 1.0 else t
        distance = hypot(px - (x0 + t * dx), py - (y0 + t * dy))
        if distance < best:
            best = distance
    return best


@dataclass(frozen=True)
class Region:
    id: str
    label: str
    group: str
    paired: bool
    shapes: tuple[Shape, ...]
    aliases: tuple[str, ...] = ()
    detail_view: str | None = None

    @property
    def sides(self) -> tuple[str, ...]:
        return PAIRED_SIDES if self.paired else (MIDLINE,)

    @property
    def views(self) -> tuple[str, ...]:
        return tuple(v for v in VIEW_NAMES if any(s.view == v for s in self.shapes))


@dataclass(frozen=True)
class RegionChoice:
    """One pickable entry: a region on one side ("Left calf"), as the list and search show it."""

    region_id: str
    side: str
    label: str


@dataclass(frozen=True)
class RegionAtlas:
    version: int
    views: Mapping[str, View]
    regions: tuple[Region, ...]
    _by_id: Mapping[str, Region] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.regions})

    def __contains__(self, region_id: object) -> bool:
        return region_id in self._by_id

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions)

    def __len__(self) -> int:
        return len(self.regions)

    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.regions)

    def region(self, region_id: str) -> Region:
        try:
            return self._by_id[region_id]
        except KeyError:
            raise KeyError(f"unknown body region {region_id!r}") from None

    def groups(self) -> tuple[str, ...]:
        """The groups in display order (only those that have regions)."""
        used = {r.group for r in self.regions}
        return tuple(g for g in GROUPS if g in used)

    def label(self, region_id: str, side: str | None = None) -> str:
        """'Left calf', 'Upper back'; 'Calf, both sides'. An empty side means none is known."""
        region = self.region(region_id)
        if side in (None, "", MIDLINE) or not region.paired:
            return region.label
        if side == BOTH:
            return f"{region.label}, both sides"
        if side not in PAIRED_SIDES:
            raise ValueError(f"unknown side {side!r} for {region_id!r}")
        rest = region.label[:1].lower() + region.label[1:]
        return f"{side.capitalize()} {rest}"

    def resolve(self, text: str) -> str | None:
        """A region id from its id or its label (any case), as typed in an imported file."""
        key = text.strip().lower()
        if key in self._by_id:
            return key
        for region in self.regions:
            if region.label.lower() == key:
                return region.id
        return None

    def choices(self) -> list[RegionChoice]:
        """Every region x side, grouped like the picker shows them."""
        ordered = sorted(self.regions, key=lambda r: GROUPS.index(r.group))
        return [
            RegionChoice(r.id, side, self.label(r.id, side)) for r in ordered for side in r.sides
        ]

    def search(self, text: str) -> list[RegionChoice]:
        """Choices whose label, id, aliases or group start with every typed word.

        "calf" finds both calves, "left eye" the left eyelids, "bicep" the upper arm. Labels that
        contain the typed words in order come first ("upper back" before "upper arm, back"),
        then whole-word matches before prefix-only ones; otherwise the picker order is kept."""
        typed = _words(text)
        choices = self.choices()
        if not typed:
            return choices
        phrase = " ".join(typed)
        scored: list[tuple[int, int, int, RegionChoice]] = []
        for index, choice in enumerate(choices):
            region = self._by_id[choice.region_id]
            vocabulary = set(_words(choice.label)) | set(_words(region.id.replace("_", " ")))
            for alias in region.aliases:
                vocabulary.update(_words(alias))
            vocabulary.update(_words(GROUP_LABELS[region.group]))
            if choice.side in PAIRED_SIDES:
                vocabulary.add(choice.side[0])  # "l calf"
            misses = 0
            for word in typed:
                if word in vocabulary:
                    continue
                if any(v.startswith(word) for v in vocabulary):
                    misses += 1
                    continue
                break
            else:
                in_order = phrase in " ".join(_words(choice.label))
                scored.append((0 if in_order else 1, misses, index, choice))
        scored.sort(key=lambda item: item[:3])
        return [item[3] for item in scored]

    def shapes(self, view: str) -> tuple[Shape, ...]:
        """The shapes of one view in paint order (file order)."""
        return self._shapes_by_view.get(view, ())

    @cached_property
    def _shapes_by_view(self) -> Mapping[str, tuple[Shape, ...]]:
        out: dict[str, list[Shape]] = {}
        for region in self.regions:
            for shape in region.shapes:
                out.setdefault(shape.view, []).append(shape)
        return {k: tuple(v) for k, v in out.items()}

    def find_shape(self, region_id: str, side: str, view: str | None = None) -> Shape | None:
        """The shape of a region on a side, on `view` or else on its first view that has one."""
        region = self.region(region_id)
        if side in (BOTH, "", MIDLINE) and region.paired:
            side = "left"
        candidates = [s for s in region.shapes if s.side == side or not region.paired]
        for shape in candidates:
            if view is None or shape.view == view:
                return shape
        return None

    def shape_at(self, view: str, x: float, y: float) -> Shape | None:
        """Hit-test in view coordinates: the topmost (last painted) shape containing the point."""
        for shape in reversed(self.shapes(view)):
            left, top, right, bottom = shape.bounds
            if left <= x <= right and top <= y <= bottom and shape.contains(x, y):
                return shape
        return None


# -- loading and validation -------------------------------------------------------------------
def default_atlas_path() -> Path:
    return resource_path("bodymap", "regions.json")


def load_atlas(path: str | Path | None = None) -> RegionAtlas:
    """Read and validate an atlas file (default: the shipped one). Raises ValueError on bad data."""
    if path is None:
        return _default_atlas()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_atlas() -> RegionAtlas:
    # Immutable, so every widget and the report can share one parsed copy.
    return _load(default_atlas_path())


def _load(path: Path) -> RegionAtlas:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from exc
    try:
        return parse_atlas(data)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def parse_atlas(data: Any) -> RegionAtlas:
    """Build an atlas from decoded JSON, checking everything other code relies on."""
    if not isinstance(data, dict):
        raise ValueError("the atlas must be a JSON object")
    if data.get("version") != 1:
        raise ValueError(f"unsupported atlas version {data.get('version')!r} (expected 1)")
    raw_views = data.get("views")
    if not isinstance(raw_views, dict) or not raw_views:
        raise ValueError("'views' must be a non-empty object")
    views = {name: _parse_view(name, raw) for name, raw in raw_views.items()}
    raw_regions = data.get("regions")
    if not isinstance(raw_regions, list) or not raw_regions:
        raise ValueError("'regions' must be a non-empty list")
    regions: list[Region] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_regions):
        region = _parse_region(index, raw, views)
        if region.id in seen:
            raise ValueError(f"region {region.id!r} is listed twice")
        seen.add(region.id)
        regions.append(region)
    return RegionAtlas(version=1, views=views, regions=tuple(regions))


def _parse_view(name: str, raw: Any) -> View:
    if name not in VIEW_NAMES:
        raise ValueError(f"unknown view {name!r} (expected one of {', '.join(VIEW_NAMES)})")
    if not isinstance(raw, dict):
        raise ValueError(f"view {name!r} must be an object")
    width, height = raw.get("width"), raw.get("height")
    if not (_is_number(width) and _is_number(height)) or min(width, height) <= 0:
        raise ValueError(f"view {name!r}: width and height must be positive numbers")
    outline = _parse_points(raw.get("outline"), f"view {name!r} outline", 3)
    details_raw = raw.get("details", [])
    if not isinstance(details_raw, list):
        raise ValueError(f"view {name!r}: 'details' must be a list of lines")
    details = tuple(
        _parse_points(line, f"view {name!r} detail {i}", 2) for i, line in enumerate(details_raw)
    )
    label = str(raw.get("label") or name.capitalize())
    return View(name, label, float(width), float(height), outline, details)


def _parse_region(index: int, raw: Any, views: Mapping[str, View]) -> Region:
    if not isinstance(raw, dict):
        raise ValueError(f"region #{index} must be an object")
    rid = raw.get("id")
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        raise ValueError(f"region #{index}: id {rid!r} must be lower_snake_case")
    where = f"region {rid!r}"
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"{where}: missing label")
    group = raw.get("group")
    if group not in GROUPS:
        raise ValueError(f"{where}: unknown group {group!r} (expected one of {', '.join(GROUPS)})")
    paired = raw.get("paired")
    if not isinstance(paired, bool):
        raise ValueError(f"{where}: 'paired' must be true or false")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueError(f"{where}: 'aliases' must be a list of strings")
    detail_view = raw.get("detail_view")
    if detail_view is not None and detail_view not in views:
        raise ValueError(f"{where}: detail_view {detail_view!r} is not a view")
    raw_shapes = raw.get("shapes")
    if not isinstance(raw_shapes, list) or not raw_shapes:
        raise ValueError(f"{where}: needs at least one shape")
    allowed_sides = PAIRED_SIDES if paired else (MIDLINE,)
    shapes: list[Shape] = []
    keys: set[tuple[str, str]] = set()
    for i, s in enumerate(raw_shapes):
        if not isinstance(s, dict):
            raise ValueError(f"{where}: shape {i} must be an object")
        view_name, side = s.get("view"), s.get("side")
        if not isinstance(view_name, str) or view_name not in views:
            raise ValueError(f"{where}: shape {i} uses unknown view {view_name!r}")
        if not isinstance(side, str) or side not in allowed_sides:
            kind = "a paired" if paired else "an unpaired"
            raise ValueError(
                f"{where}: shape {i} has side {side!r}, but {kind} region needs "
                f"{' or '.join(allowed_sides)}"
            )
        if (view_name, side) in keys:
            raise ValueError(f"{where}: two shapes for the {side} side on the {view_name} view")
        keys.add((view_name, side))
        points = _parse_points(s.get("points"), f"{where} shape {i}", 3)
        view = views[view_name]
        for x, y in points:
            if not (0 <= x <= view.width and 0 <= y <= view.height):
                raise ValueError(f"{where}: point ({x}, {y}) lies outside the {view_name} view")
        if abs(_signed_area(points)) < 1.0:
            raise ValueError(f"{where}: shape {i} has no area")
        shapes.append(Shape(rid, view_name, side, points))
    for side in allowed_sides:
        if not any(shape.side == side for shape in shapes):
            raise ValueError(f"{where}: paired region has no shape for the {side} side")
    return Region(rid, label.strip(), group, paired, tuple(shapes), tuple(aliases), detail_view)


def _is_number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _parse_points(raw: Any, where: str, minimum: int) -> tuple[Point, ...]:
    if not isinstance(raw, list) or len(raw) < minimum:
        raise ValueError(f"{where}: needs at least {minimum} points")
    points: list[Point] = []
    for p in raw:
        if not (isinstance(p, list) and len(p) == 2 and _is_number(p[0]) and _is_number(p[1])):
            raise ValueError(f"{where}: bad point {p!r} (expected [x, y])")
        points.append((float(p[0]), float(p[1])))
    return tuple(points)
