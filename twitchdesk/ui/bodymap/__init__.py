"""The body map: a clickable figure (front, back, face) and a searchable region list."""

from twitchdesk.ui.bodymap.region_picker import RegionPicker
from twitchdesk.ui.bodymap.view import BodyMapView
from twitchdesk.ui.bodymap.widget import BodyMapWidget

__all__ = ["BodyMapView", "BodyMapWidget", "RegionPicker"]
