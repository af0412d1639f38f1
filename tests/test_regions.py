"""The body-map atlas (resources/bodymap/regions.json) and its Qt-free loader."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from twitchdesk.core.regions import (
    GROUPS,
    RegionAtlas,
    Shape,
    default_atlas_path,
    load_atlas,
    parse_atlas,
)

ROOT = Path(__file__).resolve().parent.parent

REQUIRED = [
    "forehead", "upper_eyelid", "lower_eyelid", "cheek", "lips", "mouth_corner", "jaw", "neck",
    "shoulder", "chest", "upper_arm_front", "upper_arm_back", "forearm", "hand", "thumb",
    "fingers", "abdomen", "upper_back", "lower_back", "buttock", "thigh_front", "thigh_back",
    "knee", "shin", "calf", "foot", "sole", "toes",
]  # fmt: skip


@pytest.fixture(scope="module")
def atlas() -> RegionAtlas:
    return load_atlas()


@pytest.fixture
def raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(default_atlas_path().read_text(encoding="utf-8"))
    return data


def test_the_shipped_atlas_has_enough_regions_and_the_required_ones(atlas: RegionAtlas) -> None:
    assert len(atlas.ids()) >= 40
    missing = [rid for rid in REQUIRED if rid not in atlas]
    assert missing == []
    assert set(atlas.views) == {"front", "back", "face"}
    assert atlas.groups() == GROUPS


def test_paired_regions_have_both_sides_and_unpaired_only_the_midline(atlas: RegionAtlas) -> None:
    for region in atlas.regions:
        sides = {shape.side for shape in region.shapes}
        if region.paired:
            assert sides == {"left", "right"}, region.id
            # Each view that shows one side shows the other too: no half-drawn pairs.
            for view in region.views:
                in_view = {s.side for s in region.shapes if s.view == view}
                assert in_view == {"left", "right"}, (region.id, view)
        else:
            assert sides == {"midline"}, region.id


def test_polygons_lie_inside_their_view_box(atlas: RegionAtlas) -> None:
    for region in atlas.regions:
        for shape in region.shapes:
            view = atlas.views[shape.view]
            for x, y in shape.points:
                assert 0 <= x <= view.width and 0 <= y <= view.height, (region.id, x, y)
            assert shape.area > 20, region.id  # big enough to hit with a pointer


def test_small_face_regions_are_on_the_face_view(atlas: RegionAtlas) -> None:
    for rid in ("upper_eyelid", "lower_eyelid", "cheek", "lips", "mouth_corner", "jaw", "chin"):
        assert "face" in atlas.region(rid).views, rid
    for rid in ("calf", "thigh_back", "buttock", "upper_back", "sole", "heel"):
        assert atlas.region(rid).views == ("back",), rid
    for rid in ("shin", "knee", "chest", "abdomen", "toes"):
        assert "front" in atlas.region(rid).views, rid


def test_person_side_is_mirrored_between_front_and_back(atlas: RegionAtlas) -> None:
    # The person's left hand is on the viewer's right on the front view, on the left on the back.
    front_left = atlas.find_shape("hand", "left", "front")
    back_left = atlas.find_shape("hand", "left", "back")
    face_left = atlas.find_shape("upper_eyelid", "left", "face")
    assert front_left is not None and back_left is not None and face_left is not None
    assert front_left.anchor[0] > 200
    assert back_left.anchor[0] < 200
    assert face_left.anchor[0] > 200


def test_regions_of_one_view_do_not_overlap(atlas: RegionAtlas) -> None:
    """Away from borders, every point of the figure belongs to exactly one region."""
    for name, view in atlas.views.items():
        shapes = atlas.shapes(name)
        for iy in range(4, int(view.height), 6):
            y = iy + 0.41
            row = [s for s in shapes if s.bounds[1] <= y <= s.bounds[3]]
            for ix in range(3, int(view.width), 6):
                x = ix + 0.37
                hits = [
                    s.region_id for s in row if s.bounds[0] <= x <= s.bounds[2] and s.contains(x, y)
                ]
                assert len(hits) <= 1, (name, ix, iy, hits)


def test_regions_tile_the_whole_silhouette(atlas: RegionAtlas) -> None:
    """No gaps either: the regions of a view add up to its outline's area."""
    for name, view in atlas.views.items():
        outline = Shape("outline", name, "midline", view.outline)
        covered = sum(s.area for s in atlas.shapes(name))
        assert covered == pytest.approx(outline.area, rel=0.001), name


def test_anchor_points_hit_their_own_shape(atlas: RegionAtlas) -> None:
    for name in atlas.views:
        for shape in atlas.shapes(name):
            x, y = shape.anchor
            assert atlas.shape_at(name, x, y) == shape, (shape.region_id, shape.side, name)


def test_labels_name_the_side_except_for_the_midline(atlas: RegionAtlas) -> None:
    assert atlas.label("calf", "left") == "Left calf"
    assert atlas.label("upper_eyelid", "right") == "Right upper eyelid"
    assert atlas.label("upper_back", "midline") == "Upper back"
    assert atlas.label("calf", "both") == "Calf, both sides"
    assert atlas.label("calf", "") == "Calf"
    with pytest.raises(ValueError, match="sideways"):
        atlas.label("calf", "sideways")
    with pytest.raises(KeyError, match="elbow_pit"):
        atlas.label("elbow_pit", "left")


def test_search_matches_words_of_labels_ids_and_aliases(atlas: RegionAtlas) -> None:
    def found(text: str) -> list[tuple[str, str]]:
        return [(c.region_id, c.side) for c in atlas.search(text)]

    assert found("calf") == [("calf", "left"), ("calf", "right")]
    assert found("left calf") == [("calf", "left")]
    assert found("CALF  Right") == [("calf", "right")]
    assert ("upper_eyelid", "left") in found("eyelid")
    assert found("upper eyelid") == [("upper_eyelid", "left"), ("upper_eyelid", "right")]
    assert {rid for rid, _ in found("bicep")} == {"upper_arm_front"}
    assert {rid for rid, _ in found("thigh_back")} == {"thigh_back"}
    assert found("upper back")[0] == ("upper_back", "midline")  # before "upper arm, back"
    assert ("upper_arm_back", "left") in found("upper back")
    assert found("xylophone") == []
    assert len(found("")) == len(atlas.choices())
    # every region x side once
    assert len(atlas.choices()) == sum(len(r.sides) for r in atlas.regions)


def test_resolve_accepts_ids_and_labels(atlas: RegionAtlas) -> None:
    assert atlas.resolve("calf") == "calf"
    assert atlas.resolve("Upper eyelid") == "upper_eyelid"
    assert atlas.resolve(" back of knee ") == "knee_back"
    assert atlas.resolve("nowhere") is None


def _region(data: dict[str, Any], rid: str) -> dict[str, Any]:
    region: dict[str, Any] = next(r for r in data["regions"] if r["id"] == rid)
    return region


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda d: _region(d, "calf")["shapes"][0].update(view="side"), r"'calf'.*unknown view"),
        (
            lambda d: _region(d, "calf").update(
                shapes=[s for s in _region(d, "calf")["shapes"] if s["side"] != "right"]
            ),
            r"'calf'.*right side",
        ),
        (
            lambda d: _region(d, "thumb")["shapes"][1].update(points=[[1, 1], [2, 2]]),
            r"'thumb'.*at least 3 points",
        ),
        (lambda d: _region(d, "chin")["shapes"][0].update(side="left"), r"'chin'.*midline"),
        (lambda d: _region(d, "knee").update(group="limb"), r"'knee'.*unknown group"),
        (lambda d: _region(d, "knee")["shapes"][0]["points"].append([900, 5]), r"'knee'.*outside"),
        (lambda d: d["regions"].append(copy.deepcopy(_region(d, "heel"))), r"'heel'.*twice"),
        (lambda d: _region(d, "heel").update(id="Heel"), r"lower_snake_case"),
        (lambda d: d["views"]["front"].update(width=0), r"'front'.*width"),
        (lambda d: d.update(version=2), r"version"),
    ],
)
def test_bad_atlas_data_is_refused_with_the_region_named(
    raw: dict[str, Any], breakage: Any, message: str
) -> None:
    parse_atlas(raw)  # the untouched data is fine
    breakage(raw)
    with pytest.raises(ValueError, match=message):
        parse_atlas(raw)


def test_load_atlas_names_the_file_on_errors(tmp_path: Path, raw: dict[str, Any]) -> None:
    broken = tmp_path / "regions.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"regions\.json"):
        load_atlas(broken)
    _region(raw, "sole")["shapes"][0]["view"] = "underneath"
    broken.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match=r"regions.json.*'sole'.*underneath"):
        load_atlas(broken)


def test_the_json_is_what_the_generator_draws(tmp_path: Path) -> None:
    """The shipped file is rebuilt, not hand-edited: regenerating it changes nothing."""
    out = tmp_path / "regions.json"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "draw_bodymap.py"), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    drawn = json.loads(out.read_text(encoding="utf-8"))
    shipped = json.loads(default_atlas_path().read_text(encoding="utf-8"))
    # sin/cos may differ in the last bit between C libraries: allow one rounding step.
    assert _same(drawn, shipped)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        return abs(a - b) <= 0.1 + 1e-9
    return bool(a == b)
