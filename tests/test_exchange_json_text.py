"""The export's fast indented JSON writer gives the standard library's text, character for
character (no Qt)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from twitchdesk.storage.exchange.json_text import dumps_indented

# Text with every character JSON escapes or keeps (control characters, quotes, backslashes,
# line separators, emoji), and the odd strings that look like the writer's own layout.
TEXTS = st.text(st.characters(exclude_categories=("Cs",))) | st.sampled_from(
    ["},\n   {", "\n", ",\n ", "{", "[", '"', "\\", "\u2028", "🙂"]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXTS
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=500, deadline=None)
@given(value=VALUES)
def test_any_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_an_export_like_document_is_written_as_json_dumps_writes_it() -> None:
    episode = {"uid": "a", "intensity": 3, "seen": None, "symptoms": [], "notes": "x\ny"}
    document = {
        "format": "twitchdesk-diary",
        "demo": False,
        "episodes": [episode, {**episode, "symptoms": ["weakness"]}, {**episode, "extra": {}}],
        "daily_logs": [{"day": "2026-03-14", "sleep_h": 6.5, "stress": 0}],
        "medications": [],
        "advice_state": [{}],
    }
    assert dumps_indented(document) == json.dumps(document, ensure_ascii=False, indent=1)
