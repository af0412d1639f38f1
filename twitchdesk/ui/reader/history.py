"""Back/forward history of the Reader, as in a web browser: a new visit drops the forward part."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Location:
    article_id: str
    section: int | None = None  # index into Article.sections; None is the top
    scroll: int | None = None  # where the reader had scrolled when leaving, restored on return


class History:
    def __init__(self) -> None:
        self._entries: list[Location] = []
        self._index = -1

    @property
    def current(self) -> Location | None:
        return self._entries[self._index] if self._entries else None

    def visit(self, location: Location) -> None:
        del self._entries[self._index + 1 :]
        self._entries.append(location)
        self._index = len(self._entries) - 1

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._entries) - 1

    def back(self) -> Location:
        if not self.can_go_back():
            raise IndexError("no earlier page")
        self._index -= 1
        return self._entries[self._index]

    def forward(self) -> Location:
        if not self.can_go_forward():
            raise IndexError("no later page")
        self._index += 1
        return self._entries[self._index]
