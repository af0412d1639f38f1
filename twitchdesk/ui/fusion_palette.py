"""Fusion's own light palette, as a table.

`QStyle.standardPalette()` would give it, but touching a QStyle object from Python makes PySide
build every enum of the QStyle class first (~10-15 ms before the window's first paint). The
values are Qt's, to the 8 bits a channel that the screen shows (Qt works a few shades out in 16
bits); tests/test_first_run.py checks them against Fusion's standardPalette, role by role, so a
Qt upgrade that changes them fails there first.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

# Role → colours in the Active, Inactive and Disabled groups (#AARRGGBB where not opaque).
FUSION_LIGHT = {
    "WindowText": ("#000000", "#000000", "#bebebe"),
    "Button": ("#efefef", "#efefef", "#efefef"),
    "Light": ("#ffffff", "#ffffff", "#ffffff"),
    "Midlight": ("#cacaca", "#cacaca", "#cacaca"),
    "Dark": ("#9f9f9f", "#9f9f9f", "#bebebe"),
    "Mid": ("#b8b8b8", "#b8b8b8", "#b8b8b8"),
    "Text": ("#000000", "#000000", "#bebebe"),
    "BrightText": ("#ffffff", "#ffffff", "#ffffff"),
    "ButtonText": ("#000000", "#000000", "#bebebe"),
    "Base": ("#ffffff", "#ffffff", "#efefef"),
    "Window": ("#efefef", "#efefef", "#efefef"),
    "Shadow": ("#767676", "#767676", "#b1b1b1"),
    "Highlight": ("#308cc6", "#308cc6", "#919191"),
    "HighlightedText": ("#ffffff", "#ffffff", "#ffffff"),
    "Link": ("#0000ff", "#0000ff", "#0000ff"),
    "LinkVisited": ("#ff00ff", "#ff00ff", "#ff00ff"),
    "AlternateBase": ("#f7f7f7", "#f7f7f7", "#f7f7f7"),
    "ToolTipBase": ("#ffffdc", "#ffffdc", "#ffffdc"),
    "ToolTipText": ("#000000", "#000000", "#000000"),
    "PlaceholderText": ("#80000000", "#80000000", "#80000000"),
    "Accent": ("#308cc6", "#308cc6", "#919191"),
}
GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)


def fusion_light_palette() -> QPalette:
    palette = QPalette()
    for role_name, colours in FUSION_LIGHT.items():
        role = getattr(QPalette.ColorRole, role_name)
        for group, colour in zip(GROUPS, colours, strict=True):
            palette.setColor(group, role, QColor(colour))
    return palette
