"""`json.dumps(value, ensure_ascii=False, indent=1)`, the same text in half the time.

With `indent`, the standard library encodes in pure Python, one generator per nested value
(~3 s for a ten-year diary's export); without it, in C, but on a single line. The C encoder
takes any separators, though, and JSON strings never hold a raw line break (it is escaped as
`\\n`): an object whose values are all plain (no non-empty list or object inside) comes out of
the C encoder already laid out when its item separator is `,` + line break + indentation. Only
the nesting around those objects is laid out here, in Python.
"""

from __future__ import annotations

import functools
import json
from typing import Any

_INDENT = " "
_SCALARS = frozenset((str, int, float, bool))


def dumps_indented(value: Any) -> str:
    """The text of `json.dumps(value, ensure_ascii=False, indent=1)`; object keys are text."""
    return _encode(value, "\n")


def _encode(value: Any, newline: str) -> str:
    """`value` as JSON; `newline` is the line break and indentation of the line it starts on."""
    inner = newline + _INDENT
    if isinstance(value, dict) and value:
        # Every value that is not empty, null, zero or false is text or a number (no
        # container): checked without a Python-level loop, as it is asked ~100,000 times.
        if _SCALARS.issuperset(map(type, filter(None, value.values()))):
            text = _flat_encoder(inner).encode(value)
            return "{" + inner + text[1:-1] + newline + "}"
        items = [
            f"{_flat_encoder(inner).encode(key)}: {_encode(item, inner)}"
            for key, item in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(value, list | tuple) and value:
        return (
            "[" + inner + ("," + inner).join(_encode(item, inner) for item in value) + newline + "]"
        )
    return _flat_encoder(inner).encode(value)  # a plain value, {} or []


@functools.cache
def _flat_encoder(inner: str) -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": "))
