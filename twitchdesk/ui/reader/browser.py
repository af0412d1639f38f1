"""The article view: Markdown in a QTextBrowser that never follows links or fetches anything itself.

The panel decides what a click means (another article, or the user's own web browser); this widget
renders, scrolls to headings, keeps lines at a readable length and highlights search words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QResizeEvent,
    QShowEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QTextBrowser, QTextEdit, QWidget

from twitchdesk.core.articles import Article, slugify

# About 75 characters a line: longer lines are hard to follow back to the next line's start.
READABLE_LINE_CHARS = 70
MIN_SIDE_MARGIN = 16
# Dark text on amber reads well on light and dark palettes alike, so both colours are fixed.
HIGHLIGHT_BACKGROUND = QColor("#ffd54f")
HIGHLIGHT_FOREGROUND = QColor("#1a1a1a")


def section_anchor_name(index: int) -> str:
    """A per-heading anchor, so that headings with the same text can still be told apart."""
    return f"twitchdesk-section-{index}"


class ArticleBrowser(QTextBrowser):
    zoom_requested = Signal(int)  # +1 / -1 from Ctrl+wheel; the panel owns the text size

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.article: Article | None = None
        # Links are followed by the panel alone: QTextBrowser would otherwise load the target.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setUndoRedoEnabled(False)
        self._highlight_count = 0
        self._pending_section: int | None = None

    # -- content ------------------------------------------------------------------------------
    def show_article(self, article: Article) -> None:
        self.article = article
        self.setMarkdown(article.markdown)
        self.document().setUndoRedoEnabled(False)
        self._name_headings(article)
        self._space_headings()
        self._apply_side_margins()
        self._relayout()
        self.set_highlights([])

    def show_message(self, markdown: str) -> None:
        self.article = None
        self.setMarkdown(markdown)
        self._apply_side_margins()

    def _name_headings(self, article: Article) -> None:
        """Give every heading its slug and its section index as anchor names.

        Qt's Markdown import makes headings but no anchors. The headings are matched to the
        article's sections in order, so a heading the two parsers disagree on is only skipped.
        """
        next_section = 0
        block = self.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                slug = slugify(block.text())
                names = [slug]
                sections = article.sections
                if next_section < len(sections) and sections[next_section].anchor == slug:
                    names.append(section_anchor_name(next_section))
                    next_section += 1
                cursor = QTextCursor(block)
                cursor.movePosition(
                    QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
                )
                anchor = QTextCharFormat()
                anchor.setAnchor(True)
                anchor.setAnchorNames(names)
                cursor.mergeCharFormat(anchor)
            block = block.next()

    def _relayout(self) -> None:
        """Lay out every block again after our edits to a freshly set document.

        Qt lays a new document out lazily, in steps. An edit that arrives in between re-lays out
        only its own range and moves the lazy position past the blocks after it, which then
        stay without lines for good: whole paragraphs would be missing on screen.
        """
        document = self.document()
        document.markContentsDirty(0, document.characterCount())

    def _space_headings(self) -> None:
        # Qt's Markdown import puts a heading as close to the text above as to its own text;
        # space above it shows where a new section starts. Scaled with the text size.
        line = self.fontMetrics().lineSpacing()
        space = {2: line * 1.1, 3: line * 0.6}
        block = self.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level in space:
                look = block.blockFormat()
                look.setTopMargin(space[level])
                QTextCursor(block).setBlockFormat(look)
            block = block.next()

    def scroll_to_section(self, index: int | None) -> None:
        """Put a section's heading, with the space above it, at the top of the view."""
        if not self.isVisible():  # no usable scroll range yet: scroll when shown
            self._pending_section = index or 0
            return
        self._pending_section = None
        if not index:
            self.verticalScrollBar().setValue(0)
            return
        block = self.heading_block(index)
        if not block.isValid():  # the parsers disagreed on this heading: its slug is close
            assert self.article is not None
            self.scrollToAnchor(self.article.sections[index].anchor)
            return
        self.scroll_to(round(self.document().documentLayout().blockBoundingRect(block).top()))

    def scroll_to(self, y: int) -> None:
        # Qt lays out lazily; asking for the last block's place lays out everything, so that
        # the scroll range is final and the position is not cut short.
        self.document().documentLayout().blockBoundingRect(self.document().lastBlock())
        self.verticalScrollBar().setValue(y)

    def set_point_size(self, size: int) -> None:
        """Change the text size, keeping the paragraph at the top of the view in place."""
        top = self.cursorForPosition(QPoint(0, 0)).block()
        font = self.font()
        font.setPointSize(size)
        self.setFont(font)
        if top.isValid() and self.verticalScrollBar().value() > 0:
            layout = self.document().documentLayout()
            self.scroll_to(round(layout.blockBoundingRect(top).top()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending_section is not None:
            self.scroll_to_section(self._pending_section)

    def heading_block(self, index: int) -> QTextBlock:
        """The heading block of a section; an invalid block if it has none."""
        name = section_anchor_name(index)
        block = self.document().begin()
        while block.isValid():
            if name in QTextCursor(block).charFormat().anchorNames():
                return block
            block = block.next()
        return QTextBlock()

    def heading_top(self, index: int) -> int:
        """Where a section's heading starts, in pixels from the top of the document."""
        block = self.heading_block(index)
        if not block.isValid():
            raise KeyError(index)
        return round(self.document().documentLayout().blockBoundingRect(block).top())

    # -- highlights ---------------------------------------------------------------------------
    def set_highlights(self, words: Sequence[str]) -> int:
        """Mark every case-insensitive occurrence of each word; returns how many were marked."""
        selections = []
        look = QTextCharFormat()
        look.setBackground(HIGHLIGHT_BACKGROUND)
        look.setForeground(HIGHLIGHT_FOREGROUND)
        document = self.document()
        for word in words:
            cursor = document.find(word, 0)
            while not cursor.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = look
                selections.append(selection)
                cursor = document.find(word, cursor)
        self.setExtraSelections(selections)
        self._highlight_count = len(selections)
        return self._highlight_count

    @property
    def highlight_count(self) -> int:
        return self._highlight_count

    # -- readable line length -----------------------------------------------------------------
    def _apply_side_margins(self) -> None:
        # Margins on the root frame (not the viewport) keep the whole page one colour.
        width = self.viewport().width()
        measure = self.fontMetrics().averageCharWidth() * READABLE_LINE_CHARS
        side = max(MIN_SIDE_MARGIN, (width - measure) // 2)
        frame = self.document().rootFrame()
        look = frame.frameFormat()
        if look.leftMargin() != side:
            look.setLeftMargin(side)
            look.setRightMargin(side)
            look.setTopMargin(MIN_SIDE_MARGIN)
            look.setBottomMargin(MIN_SIDE_MARGIN * 2)
            frame.setFrameFormat(look)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_side_margins()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._space_headings()
            self._apply_side_margins()
            self._relayout()

    def wheelEvent(self, event: QWheelEvent) -> None:
        # QTextEdit zooms its own font on Ctrl+wheel, behind the panel's back: ask the panel.
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.angleDelta().y():
                self.zoom_requested.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def loadResource(self, kind: int, name: QUrl | str) -> Any:
        # An article may name an image by URL; the reader must still make no network request.
        if QUrl(name).scheme() not in ("", "file", "qrc"):
            return None
        return super().loadResource(kind, name)


def printable_copy(document: QTextDocument) -> QTextDocument:
    """A copy without the screen's side margins, for paper."""
    copy = document.clone()
    frame = copy.rootFrame()
    look = frame.frameFormat()
    for setter in (
        look.setLeftMargin,
        look.setRightMargin,
        look.setTopMargin,
        look.setBottomMargin,
    ):
        setter(0)
    frame.setFrameFormat(look)
    return copy
