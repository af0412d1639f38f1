#!/usr/bin/env python3
"""Draw the body map: writes resources/bodymap/regions.json.

    python3 tools/draw_bodymap.py [-o PATH]

The figure is drawn once, as the viewer's left half of each view (x <= 200), and mirrored. Each
view starts from one closed silhouette polygon; regions are carved out of it by smooth cut lines,
one cut at a time. Both pieces of a cut share the cut's points, so the regions tile the figure
exactly: no gaps, no overlaps, and hit-testing never has two answers away from a border.

Deterministic and standard library only, so the JSON can be rebuilt and diffed at any time.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from pathlib import Path

Pt = tuple[float, float]
Poly = list[Pt]

CX = 200.0  # the vertical midline of every view
OUT = Path(__file__).resolve().parent.parent / "resources" / "bodymap" / "regions.json"


# -- geometry helpers ------------------------------------------------------------------------
def spline(ctrl: Sequence[Pt], per_span: int = 5) -> Poly:
    """Centripetal Catmull-Rom through every control point (no overshoot, no cusps)."""
    pts = [tuple(map(float, p)) for p in ctrl]
    if len(pts) < 3:
        return [(x, y) for x, y in pts]
    ext = [_reflect(pts[1], pts[0]), *pts, _reflect(pts[-2], pts[-1])]
    out: Poly = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        for k in range(per_span):
            out.append(_cr_point(p0, p1, p2, p3, k / per_span))
    out.append(pts[-1])
    return out


def spline_from_midline(ctrl: Sequence[Pt], per_span: int = 5) -> Poly:
    """A spline that starts on the midline with a level tangent, so the mirrored halves meet
    without a notch (top of the head, chin)."""
    ghost = (2 * CX - ctrl[1][0], ctrl[1][1])
    return spline([ghost, *ctrl], per_span)[per_span:]


def _reflect(a: Sequence[float], b: Sequence[float]) -> Pt:
    return (2 * b[0] - a[0], 2 * b[1] - a[1])


def _cr_point(p0: Pt, p1: Pt, p2: Pt, p3: Pt, u: float) -> Pt:
    def knot(t: float, a: Pt, b: Pt) -> float:
        return t + math.sqrt(max(math.dist(a, b), 1e-6))

    t0 = 0.0
    t1 = knot(t0, p0, p1)
    t2 = knot(t1, p1, p2)
    t3 = knot(t2, p2, p3)
    t = t1 + (t2 - t1) * u

    def lerp(a: Pt, b: Pt, ta: float, tb: float) -> Pt:
        wa, wb = (tb - t) / (tb - ta), (t - ta) / (tb - ta)
        return (wa * a[0] + wb * b[0], wa * a[1] + wb * b[1])

    a1, a2, a3 = lerp(p0, p1, t0, t1), lerp(p1, p2, t1, t2), lerp(p2, p3, t2, t3)
    b1, b2 = lerp(a1, a2, t0, t2), lerp(a2, a3, t1, t3)
    return lerp(b1, b2, t1, t2)


def chain(*parts: Poly) -> Poly:
    out: Poly = []
    for part in parts:
        for p in part:
            if not out or math.dist(out[-1], p) > 1e-6:
                out.append(p)
    if len(out) > 1 and math.dist(out[0], out[-1]) < 1e-6:
        out.pop()
    return out


def mirror(poly: Poly) -> Poly:
    return [(2 * CX - x, y) for x, y in reversed(poly)]


def area(poly: Poly) -> float:
    s = 0.0
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True):
        s += x0 * y1 - x1 * y0
    return s / 2


def contains(poly: Poly, pt: Pt) -> bool:
    x, y = pt
    inside = False
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _seg_hit(a: Pt, b: Pt, c: Pt, d: Pt) -> tuple[float, float] | None:
    """Where segment ab crosses cd, as (param on ab, param on cd); cd is half-open so a cut
    through a polygon vertex counts once."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    den = rx * sy - ry * sx
    if abs(den) < 1e-12:
        return None
    qx, qy = c[0] - a[0], c[1] - a[1]
    t = (qx * sy - qy * sx) / den
    u = (qx * ry - qy * rx) / den
    if 0 <= t <= 1 and 0 <= u < 1:
        return t, u
    return None


def split(poly: Poly, cut_ctrl: Sequence[Pt], keep: Pt, name: str) -> tuple[Poly, Poly]:
    """Cut `poly` along a smooth line that crosses its border exactly twice.

    Returns (the piece containing `keep`, the other piece)."""
    cut = spline(cut_ctrl, 6)
    keep = (min(keep[0], CX - 0.5), keep[1])  # the midline itself is a border of the half figure
    n = len(poly)
    hits: list[tuple[float, float, Pt]] = []
    for j in range(len(cut) - 1):
        for i in range(n):
            h = _seg_hit(cut[j], cut[j + 1], poly[i], poly[(i + 1) % n])
            if h is not None:
                t, u = h
                pt = (
                    cut[j][0] + t * (cut[j + 1][0] - cut[j][0]),
                    cut[j][1] + t * (cut[j + 1][1] - cut[j][1]),
                )
                hits.append((j + t, i + u, pt))
    hits.sort()
    unique: list[tuple[float, float, Pt]] = []
    for h in hits:
        if not unique or math.dist(unique[-1][2], h[2]) > 1e-6:
            unique.append(h)
    if len(unique) != 2:
        raise SystemExit(f"cut {name!r} crosses its polygon {len(unique)} times, not 2")
    (c1, p1, pt1), (c2, p2, pt2) = unique
    inner = [cut[k] for k in range(int(c1) + 1, int(c2) + 1) if c1 < k < c2]

    def walk(pa: float, pb: float) -> Poly:
        if pb <= pa:
            pb += n
        k = math.floor(pa) + 1
        out: Poly = []
        while k < pb:
            out.append(poly[k % n])
            k += 1
        return out

    a = chain([pt1], walk(p1, p2), [pt2], list(reversed(inner)))
    b = chain([pt2], walk(p2, p1), [pt1], inner)
    if abs(abs(area(a)) + abs(area(b)) - abs(area(poly))) > 1e-3 * abs(area(poly)) + 1e-6:
        raise SystemExit(f"cut {name!r} made a bad split")
    if contains(a, keep):
        return a, b
    if contains(b, keep):
        return b, a
    raise SystemExit(f"cut {name!r}: keep point {keep} is in neither piece")


def join_mirror(half: Poly) -> Poly:
    """A midline region from its viewer-left half: drop the midline edge, add the mirror image."""
    on = [abs(x - CX) < 1e-6 for x, _ in half]
    n = len(half)
    starts = [i for i in range(n) if on[i] and not on[(i + 1) % n]]
    if len(starts) != 1:
        raise SystemExit("midline region must touch the midline along one stretch")
    s = starts[0]
    outer = [half[s]]
    k = (s + 1) % n
    while not on[k]:
        outer.append(half[k])
        k = (k + 1) % n
    outer.append(half[k])
    return chain(outer, [(2 * CX - x, y) for x, y in reversed(outer)][1:-1])


def oriented(poly: Poly) -> Poly:
    return poly if area(poly) > 0 else list(reversed(poly))


class Carver:
    """Holds the uncut remainder of a view and the regions carved from it so far."""

    def __init__(self, silhouette: Poly) -> None:
        self.rest = silhouette
        self.pieces: dict[str, Poly] = {}

    def cut(self, name: str, ctrl: Sequence[Pt], keep: Pt, source: str | None = None) -> None:
        """Carve region `name` (the side containing `keep`) out of `source` (default: the rest)."""
        target = self.rest if source is None else self.pieces[source]
        piece, remainder = split(target, ctrl, keep, name)
        if source is None:
            self.rest = remainder
        else:
            self.pieces[source] = remainder
        self.pieces[name] = piece

    def remaining(self, name: str) -> None:
        self.pieces[name] = self.rest


# -- the body (front and back share the silhouette except the feet) --------------------------
# Coordinates are laid out by hand, a few points a line, so formatting is off for the drawing.
# fmt: off
def body_silhouette(back: bool) -> Poly:
    """Viewer-left half of the standing figure, arms slightly away from the body, palms forward."""
    head = spline_from_midline([(200, 34), (185, 36), (173, 43), (165, 55), (161, 70), (160, 86)])
    ear = spline([(160, 86), (156, 86), (153.5, 92), (153.5, 103), (155.5, 111), (160, 115)])
    jaw = spline([(160, 115), (162, 123), (167, 132), (175, 140), (184, 145)], 4)
    neck_and_trapezius = spline([(184, 145), (184.5, 153), (182, 162), (173, 170), (157, 176),
                                 (139, 180), (126, 184)])
    shoulder_and_arm_out = spline([(126, 184), (114, 190), (106, 201), (103, 217), (102, 235),
                                   (100, 258), (97, 282), (93, 308), (89, 334), (84, 360),
                                   (78, 390), (72, 418), (68, 442)])
    hand_out = spline([(68, 442), (66, 455), (63, 468), (60, 481), (58, 494), (57.5, 503)])
    thumb_tip = spline([(57.5, 503), (59.5, 509.5), (64.5, 511), (68.5, 506)], 4)
    thumb_in = spline([(68.5, 506), (70, 498), (72, 490)], 3)
    fingers = spline([(72, 490), (71, 502), (70.5, 515), (73, 528), (79, 535), (86, 536),
                      (92, 531), (96, 520), (98, 505), (98, 488), (97, 470)])
    arm_in = spline([(97, 470), (95, 455), (94, 442), (103, 412), (111, 380), (115, 352),
                     (119, 330), (124, 305), (129, 280), (134, 255), (137, 240), (138, 232)])
    torso_side = spline([(138, 232), (140, 246), (142, 262), (143, 285), (146, 318), (145, 345),
                         (140, 372), (134, 400), (132, 430), (133, 470), (136, 520),
                         (140, 575), (144, 625), (146, 655), (143.5, 690), (145, 735),
                         (150, 780), (154, 812), (155, 828)])
    if back:
        foot = spline([(155, 828), (152, 840), (151, 852), (153, 863), (159, 871), (168, 874),
                       (177, 873), (184, 866), (187, 853), (187, 840), (186, 828)])
    else:
        foot = spline([(155, 828), (150, 838), (145, 849), (143, 859), (146, 867), (155, 872),
                       (168, 874), (181, 872), (189, 866), (191, 855), (189, 840), (186, 828)])
    leg_in = spline([(186, 828), (184, 810), (182, 775), (179, 735), (178, 695), (181, 662),
                     (184, 640), (186, 600), (190, 545), (195, 490), (198.5, 462), (200, 452)])
    return chain(head, ear, jaw, neck_and_trapezius, shoulder_and_arm_out, hand_out, thumb_tip,
                 thumb_in, fingers, arm_in, torso_side, foot, leg_in)


def carve_head_neck_arm(c: Carver, back: bool) -> None:
    """Cuts shared by the front and back views: head, neck, shoulder line and the whole arm."""
    c.cut("head", [(206, 152), (200, 150.5), (191, 148.5), (185, 146.5), (179, 149)], (200, 60))
    c.cut("neck", [(176, 152), (183, 158), (190, 167), (200, 174), (206, 177)], (195, 155))
    c.cut("upper_trapezius", [(194, 166), (186, 174), (170, 181), (152, 187), (136, 191),
                              (126, 192), (118, 190), (113, 184)], (160, 178))
    c.cut("arm", [(146, 180), (145, 192), (142, 206), (139.5, 220), (138.3, 232), (138, 242)],
          (110, 300))
    arm = "arm"
    c.cut("shoulder", [(92, 268), (101, 262), (115, 252), (128, 245), (142, 241)], (115, 215),
          arm)
    upper = "upper_arm_back" if back else "upper_arm_front"
    c.cut(upper, [(82, 330), (104, 326), (126, 322)], (110, 280), arm)
    c.cut("elbow", [(76, 356), (98, 352), (122, 348)], (100, 340), arm)
    c.cut("forearm", [(62, 428), (82, 430), (104, 428)], (90, 390), arm)
    c.cut("wrist", [(58, 452), (80, 454), (102, 452)], (81, 441), arm)
    c.cut("thumb", [(70, 505), (73, 490), (75, 477), (77, 464), (78, 448)], (63, 485), arm)
    c.cut("fingers", [(60, 501), (80, 499), (96, 499), (106, 501)], (84, 520), arm)
    c.pieces["hand"] = c.pieces.pop(arm)


def front_regions() -> dict[str, Poly]:
    c = Carver(body_silhouette(back=False))
    carve_head_neck_arm(c, back=False)
    c.cut("scalp", [(206, 56.5), (200, 56.5), (187, 58), (175, 62), (167, 68), (162, 75),
                    (156, 79)], (200, 45), "head")
    c.cut("forehead", [(206, 82), (200, 82), (186, 81.5), (171, 82), (161, 83.5), (154, 84)],
          (195, 70), "head")
    c.cut("ear", [(159.5, 78), (159.2, 100), (159.5, 124)], (156, 100), "head")
    c.pieces["face"] = c.pieces.pop("head")
    c.cut("legs", [(122, 388), (134, 390), (150, 392), (166, 410), (184, 430), (196, 443),
                   (200, 446), (206, 449)], (170, 600))
    c.cut("chest", [(132, 262), (142, 266), (160, 274), (180, 278), (200, 277), (206, 277)],
          (170, 230))
    c.cut("flank", [(158, 268), (160, 285), (161, 330), (157, 365), (149, 388), (146, 398)],
          (150, 320))
    c.remaining("abdomen")
    c.cut("hip", [(141, 380), (146, 395), (148, 420), (143, 448), (135, 468), (126, 474)],
          (140, 420), "legs")
    c.cut("groin", [(170, 412), (175, 426), (180, 448), (186, 470), (193, 484), (204, 488)],
          (192, 460), "legs")
    c.cut("thigh_front", [(136, 612), (164, 618), (194, 612)], (165, 520), "legs")
    c.cut("knee", [(138, 668), (163, 673), (190, 668)], (165, 640), "legs")
    c.cut("shin", [(146, 808), (168, 811), (192, 808)], (165, 730), "legs")
    c.cut("ankle", [(144, 834), (168, 838), (196, 834)], (170, 822), "legs")
    c.cut("toes", [(136, 860), (167, 864), (198, 860)], (167, 869), "legs")
    c.pieces["foot"] = c.pieces.pop("legs")
    return c.pieces


def back_regions() -> dict[str, Poly]:
    c = Carver(body_silhouette(back=True))
    carve_head_neck_arm(c, back=True)
    c.pieces["nape"] = c.pieces.pop("neck")
    c.cut("ear", [(159.5, 78), (159.2, 100), (159.5, 124)], (156, 100), "head")
    c.pieces["scalp"] = c.pieces.pop("head")
    c.cut("legs", [(122, 386), (134, 388), (160, 391), (185, 394), (200, 395), (206, 395)],
          (170, 600))
    c.cut("lower", [(130, 300), (150, 303), (176, 306), (200, 307), (206, 307)], (180, 350))
    c.cut("shoulder_blade", [(170, 175), (171, 195), (172, 250), (171, 295), (170, 315)],
          (155, 240))
    c.remaining("upper_back")
    c.rest = c.pieces.pop("lower")
    c.cut("flank", [(158, 296), (160, 315), (160, 350), (156, 380), (150, 402)], (148, 350))
    c.remaining("lower_back")
    c.cut("buttock", [(124, 468), (135, 468), (155, 477), (178, 479), (194, 472), (206, 462)],
          (165, 430), "legs")
    c.cut("thigh_back", [(136, 612), (164, 618), (194, 612)], (165, 520), "legs")
    c.cut("knee_back", [(138, 668), (163, 673), (190, 668)], (165, 640), "legs")
    c.cut("calf", [(146, 806), (168, 809), (192, 806)], (165, 730), "legs")
    c.cut("ankle", [(144, 830), (168, 833), (196, 830)], (170, 820), "legs")
    c.cut("heel", [(140, 851), (168, 855), (196, 851)], (170, 842), "legs")
    c.pieces["sole"] = c.pieces.pop("legs")
    return c.pieces


# -- the face close-up (400 x 440) ------------------------------------------------------------
def face_silhouette() -> Poly:
    top = spline_from_midline([(200, 22), (166, 26), (136, 40), (112, 62), (96, 92), (88, 125),
                               (86, 160), (88, 196)])
    ear = spline([(88, 196), (80, 192), (72, 197), (68, 212), (68, 232), (71, 250), (78, 265),
                  (86, 272), (93, 270)])
    jaw = spline([(93, 270), (98, 291), (106, 311), (118, 330), (134, 346)], 4)
    neck = spline([(134, 346), (133, 372), (130, 398), (124, 422), (115, 440)], 4)
    return chain(top, ear, jaw, neck, [(200, 440)])


def face_regions() -> dict[str, Poly]:
    c = Carver(face_silhouette())
    c.cut("neck", [(206, 383), (200, 380), (184, 378.5), (166, 373), (150, 363), (140, 354),
                   (128, 350)], (190, 420))
    c.cut("scalp", [(206, 88), (200, 88), (178, 90), (156, 96), (134, 108), (114, 124),
                    (99, 138), (88, 146), (80, 148)], (200, 50))
    c.cut("temple", [(118, 118), (114, 132), (112, 155), (109, 175), (102, 186), (92, 188),
                     (82, 188)], (98, 165))
    c.cut("forehead", [(206, 166), (200, 166), (186, 163), (176, 160), (160, 154), (142, 152),
                       (126, 155), (112, 161), (104, 165)], (190, 120))
    c.cut("nose", [(188, 150), (188.5, 168), (188, 200), (187, 235), (185, 262), (184, 280),
                   (187, 294), (194, 299), (200, 300), (206, 300)], (196, 240))
    c.cut("eyebrow", [(194, 171), (186, 172), (174, 171), (160, 168), (144, 166.5),
                      (126, 168.5), (114, 173), (104, 180)], (140, 160))
    c.cut("nose_side", [(191, 246), (184, 256), (177, 266), (173.5, 279), (175, 290),
                        (181, 297), (188, 297.5), (194, 293)], (180, 282))
    c.cut("eye", [(104, 178), (108, 192), (111, 210), (118, 225), (138, 231), (162, 231),
                  (180, 227), (192, 226)], (148, 205))
    c.cut("upper_eyelid", [(192, 206), (174, 206), (160, 205.5), (148, 205), (134, 203.5),
                           (121, 201), (110, 199), (102, 198)], (148, 190), "eye")
    c.pieces["lower_eyelid"] = c.pieces.pop("eye")
    c.cut("ear", [(91, 182), (89.5, 230), (95, 282)], (76, 230))
    c.cut("lips", [(196, 298), (193, 305), (180, 307), (168, 313), (163, 327), (167, 344),
                   (181, 351), (200, 353), (206, 353)], (190, 330))
    c.cut("mouth_corner", [(172, 312), (163, 314), (155, 321), (153, 329), (156, 338),
                           (164, 344), (171, 344)], (158, 329))
    c.cut("chin", [(182, 348), (172, 357), (160, 363), (152, 368), (146, 376)], (180, 368))
    c.cut("jaw", [(87, 262), (100, 274), (114, 292), (128, 310), (142, 326), (156, 333)],
          (118, 316))
    c.remaining("cheek")
    return c.pieces


def face_details() -> list[Poly]:
    """Lines drawn over the face (not clickable): eye openings, irises, nostrils, mouth, ear."""
    eye_top = spline([(174, 206), (162, 197), (147, 194), (132, 196), (121, 201)], 4)
    eye_bottom = spline([(121, 201), (133, 210), (148, 213), (163, 211), (174, 206)], 4)
    eye = chain(eye_top, eye_bottom)
    eye.append(eye[0])
    iris = [(148 + 9 * math.cos(a * math.pi / 10), 204 + 9 * math.sin(a * math.pi / 10))
            for a in range(21)]
    nostril = spline([(179, 290), (184, 294.5), (190, 294)], 3)
    ear_inner = spline([(84, 208), (77, 214), (76, 232), (79, 250), (85, 258)], 4)
    upper_lip = spline_from_midline([(200, 320), (193, 317), (185, 318), (174, 322), (164, 329)], 4)
    lower_lip = spline_from_midline([(200, 343), (186, 341.5), (174, 337), (164, 329)], 4)
    mouth = spline_from_midline([(200, 330.5), (184, 330), (172, 330), (164, 329)], 4)
    half = [eye, iris, nostril, ear_inner]
    out = [*half, *[list(reversed(mirror(p))) for p in half]]
    for lip_line in (upper_lip, lower_lip, mouth):
        out.append(chain(mirror(lip_line), lip_line))
    return out


def hand_details() -> list[Poly]:
    """Finger separations, so the mitten reads as a hand at a glance (not clickable)."""
    half = [
        spline([(78.5, 511), (78.8, 522), (79.6, 532)], 3),
        spline([(85, 512), (85.2, 524), (85.6, 534)], 3),
        spline([(91.2, 511), (91.8, 521), (92.6, 529)], 3),
    ]
    return [*half, *[mirror(p) for p in half]]


# -- the atlas ------------------------------------------------------------------------------
# id: (label, group, paired, aliases used by search)
REGIONS: dict[str, tuple[str, str, bool, list[str]]] = {
    "scalp": ("Scalp", "head_neck", False, ["head", "crown", "back of head"]),
    "forehead": ("Forehead", "face", False, ["brow"]),
    "temple": ("Temple", "face", True, []),
    "eyebrow": ("Eyebrow", "face", True, ["brow"]),
    "upper_eyelid": ("Upper eyelid", "face", True, ["eye", "lid", "eyelid"]),
    "lower_eyelid": ("Lower eyelid", "face", True, ["eye", "lid", "eyelid", "under eye"]),
    "nose": ("Nose", "face", False, []),
    "nose_side": ("Side of nose", "face", True, ["nostril"]),
    "cheek": ("Cheek", "face", True, ["cheekbone"]),
    "lips": ("Lips", "face", False, ["mouth", "lip"]),
    "mouth_corner": ("Corner of mouth", "face", True, ["mouth", "lip", "lips"]),
    "chin": ("Chin", "face", False, []),
    "jaw": ("Jaw", "face", True, ["masseter", "jawline"]),
    "face": ("Face", "face", False, ["eye", "mouth", "cheek"]),
    "ear": ("Ear", "head_neck", True, []),
    "neck": ("Neck (front)", "head_neck", False, ["throat"]),
    "nape": ("Back of neck", "head_neck", False, ["nape", "neck"]),
    "upper_trapezius": ("Upper trapezius", "head_neck", True, ["neck", "shoulder", "traps"]),
    "shoulder": ("Shoulder", "arm", True, ["deltoid"]),
    "upper_arm_front": ("Upper arm, front (biceps)", "arm", True, ["bicep", "arm"]),
    "upper_arm_back": ("Upper arm, back (triceps)", "arm", True, ["tricep", "arm"]),
    "elbow": ("Elbow", "arm", True, ["arm"]),
    "forearm": ("Forearm", "arm", True, ["arm"]),
    "wrist": ("Wrist", "hand", True, []),
    "hand": ("Hand", "hand", True, ["palm", "back of hand"]),
    "thumb": ("Thumb", "hand", True, ["thenar", "finger"]),
    "fingers": ("Fingers", "hand", True, ["finger"]),
    "chest": ("Chest", "trunk", True, ["pectoral", "pec", "breast", "ribs"]),
    "abdomen": ("Abdomen", "trunk", True, ["belly", "stomach", "tummy"]),
    "flank": ("Side (flank)", "trunk", True, ["ribs", "waist", "side"]),
    "upper_back": ("Upper back", "trunk", False, ["spine", "back"]),
    "shoulder_blade": ("Shoulder blade", "trunk", True, ["scapula", "back"]),
    "lower_back": ("Lower back", "trunk", True, ["lumbar", "back"]),
    "hip": ("Hip", "leg", True, []),
    "groin": ("Groin / inner thigh", "leg", True, ["inner thigh", "thigh"]),
    "buttock": ("Buttock", "leg", True, ["glute", "bottom", "bum"]),
    "thigh_front": ("Thigh, front", "leg", True, ["quadriceps", "quad", "leg"]),
    "thigh_back": ("Thigh, back (hamstring)", "leg", True, ["hamstrings", "leg"]),
    "knee": ("Knee", "leg", True, ["kneecap", "leg"]),
    "knee_back": ("Back of knee", "leg", True, ["knee", "leg"]),
    "shin": ("Shin", "leg", True, ["leg"]),
    "calf": ("Calf", "leg", True, ["calves", "leg"]),
    "ankle": ("Ankle", "foot", True, []),
    "foot": ("Foot", "foot", True, ["top of foot"]),
    "toes": ("Toes", "foot", True, ["toe"]),
    "heel": ("Heel", "foot", True, ["foot"]),
    "sole": ("Sole", "foot", True, ["foot", "arch"]),
}

# fmt: on

# Which side of the person is on the viewer's left in each view.
VIEWER_LEFT_IS = {"front": "right", "back": "left", "face": "right"}
OTHER = {"left": "right", "right": "left"}


def rounded(poly: Poly) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in oriented(poly):
        p = [round(x, 1), round(y, 1)]
        if not out or p != out[-1]:
            out.append(p)
    if out[0] == out[-1]:
        out.pop()
    return out


def build() -> dict[str, object]:
    views = {
        "front": ("Front", 400, 900, front_regions(), body_silhouette(back=False), hand_details()),
        "back": ("Back", 400, 900, back_regions(), body_silhouette(back=True), hand_details()),
        "face": ("Face", 400, 440, face_regions(), face_silhouette(), face_details()),
    }
    shapes: dict[str, list[dict[str, object]]] = {rid: [] for rid in REGIONS}
    view_json: dict[str, object] = {}
    for view, (label, width, height, pieces, silhouette, details) in views.items():
        entry: dict[str, object] = {
            "label": label,
            "width": width,
            "height": height,
            "outline": rounded(join_mirror(silhouette)),
        }
        if details:
            entry["details"] = [[[round(x, 1), round(y, 1)] for x, y in d] for d in details]
        view_json[view] = entry
        for rid, half in pieces.items():
            if rid not in REGIONS:
                raise SystemExit(f"view {view}: carved piece {rid!r} is not a region")
            if REGIONS[rid][2]:
                near = VIEWER_LEFT_IS[view]
                shapes[rid].append({"view": view, "side": near, "points": rounded(half)})
                shapes[rid].append(
                    {"view": view, "side": OTHER[near], "points": rounded(mirror(half))}
                )
            else:
                shapes[rid].append(
                    {"view": view, "side": "midline", "points": rounded(join_mirror(half))}
                )
    regions = []
    for rid, (label, group, paired, aliases) in REGIONS.items():
        if not shapes[rid]:
            raise SystemExit(f"region {rid!r} was not drawn in any view")
        region: dict[str, object] = {"id": rid, "label": label, "group": group, "paired": paired}
        if aliases:
            region["aliases"] = aliases
        if rid == "face":
            region["detail_view"] = "face"
        region["shapes"] = shapes[rid]
        regions.append(region)
    return {"version": 1, "views": view_json, "regions": regions}


def dump(atlas: dict[str, object]) -> str:
    """Readable JSON: one polygon per line, so a diff shows which shape moved."""

    def compact(value: object) -> str:
        return json.dumps(value, separators=(",", ":"))

    lines = ["{", '  "version": 1,', '  "views": {']
    views = atlas["views"]
    assert isinstance(views, dict)
    for i, (name, view) in enumerate(views.items()):
        body = [f'      "{k}": {compact(v)}' for k, v in view.items()]
        comma = "," if i < len(views) - 1 else ""
        lines += [f'    "{name}": {{', ",\n".join(body), f"    }}{comma}"]
    lines += ["  },", '  "regions": [']
    regions = atlas["regions"]
    assert isinstance(regions, list)
    for i, region in enumerate(regions):
        head = {k: v for k, v in region.items() if k != "shapes"}
        inner = compact(head)[1:-1]
        shape_lines = ",\n".join(f"      {compact(s)}" for s in region["shapes"])
        comma = "," if i < len(regions) - 1 else ""
        lines += [f'    {{{inner}, "shapes": [', shape_lines, f"    ]}}{comma}"]
    lines += ["  ]", "}", ""]
    text = "\n".join(lines)
    assert json.loads(text) == atlas
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dump(build()), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
