"""The Reader's left column: the table of contents and the search results list."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QWidget,
)

from twitchdesk.core.articles import ArticleLibrary, Hit
from twitchdesk.i18n import TextContext

READER_SIDEBAR = TextContext("READER_SIDEBAR")

# Each item's place in the library, as (article id, section index or None); groups have none.
PLACE_ROLE = Qt.ItemDataRole.UserRole
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
PADDING = 6
ModelIndex = QModelIndex | QPersistentModelIndex


class ContentsTree(QTreeWidget):
    """Groups as in index.toml, their articles, and each article's sections below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setUniformRowHeights(True)
        self.setAccessibleName(READER_SIDEBAR.tr("Contents"))
        self.setToolTip(READER_SIDEBAR.tr("Contents: choose an article or a section to read it"))

    def fill(self, library: ArticleLibrary) -> None:
        self.clear()
        for group in library.groups:
            group_item = QTreeWidgetItem(self, [group.title])
            bold = group_item.font(0)
            bold.setBold(True)
            group_item.setFont(0, bold)
            for article_id in group.article_ids:
                article = library.get(article_id)
                article_item = QTreeWidgetItem(group_item, [article.title])
                article_item.setData(0, PLACE_ROLE, (article.id, None))
                article_item.setToolTip(0, article.title)
                parents = {1: article_item}
                for index, section in enumerate(article.sections):
                    if section.level < 2 or section.level > 3:
                        continue
                    parent = parents.get(section.level - 1, article_item)
                    item = QTreeWidgetItem(parent, [section.heading])
                    item.setData(0, PLACE_ROLE, (article.id, index))
                    item.setToolTip(0, f"{article.title} › {section.heading}")
                    parents[section.level] = item
                    parents.pop(section.level + 1, None)
            group_item.setExpanded(True)

    def place(self, item: QTreeWidgetItem | None) -> tuple[str, int | None] | None:
        return None if item is None else item.data(0, PLACE_ROLE)

    def _items(self) -> Iterator[QTreeWidgetItem]:
        iterator = QTreeWidgetItemIterator(self)
        item: QTreeWidgetItem | None = iterator.value()
        while item is not None:
            yield item
            iterator += 1
            item = iterator.value()

    def item_for(self, article_id: str, section: int | None) -> QTreeWidgetItem | None:
        """The item for a place: its section if listed (not "###" ones), else its article."""
        places = {self.place(item): item for item in self._items()}
        return places.get((article_id, section)) or places.get((article_id, None))

    def show_place(self, article_id: str, section: int | None) -> None:
        """Select the place being read and open its article, closing the others."""
        for item in self._items():
            place = self.place(item)
            if place is not None and place[1] is None:
                item.setExpanded(place[0] == article_id)
        current = self.item_for(article_id, section)
        if current is not None:
            self.setCurrentItem(current)
            self.scrollToItem(current)


class HitDelegate(QStyledItemDelegate):
    """A search result as its place in bold on one line, then the wrapped snippet below."""

    def _parts(self, index: ModelIndex) -> tuple[str, str]:
        place, _newline, snippet = str(index.data(Qt.ItemDataRole.DisplayRole)).partition("\n")
        return place, snippet

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setBold(True)
        return bold, option.font

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListView) else 260
        bold, body = self._fonts(option)
        place, snippet = self._parts(index)
        text_width = max(80, width - 2 * PADDING)
        flags = Qt.TextFlag.TextWordWrap
        place_height = QFontMetrics(bold).boundingRect(
            QRect(0, 0, text_width, 10_000), flags, place
        )
        snippet_height = QFontMetrics(body).boundingRect(
            QRect(0, 0, text_width, 10_000), flags, snippet
        )
        return QSize(width, place_height.height() + snippet_height.height() + 2 * PADDING + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        bold, body = self._fonts(option)
        place, snippet = self._parts(index)
        area = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        flags = Qt.TextFlag.TextWordWrap
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.setFont(bold)
        used = painter.boundingRect(area, flags, place)
        painter.drawText(area, flags, place)
        painter.setFont(body)
        painter.drawText(area.adjusted(0, used.height() + 2, 0, 0), flags, snippet)
        painter.restore()


class ResultsList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(HitDelegate(self))
        self.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap the snippets on resize
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(READER_SIDEBAR.tr("Search results"))
        self.setToolTip(
            READER_SIDEBAR.tr("Search results: Enter or a click opens the article at that place")
        )
        self.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)

    def fill(self, hits: Sequence[Hit]) -> None:
        self.clear()
        for hit in hits:
            where = hit.title if hit.section_index == 0 else f"{hit.title} › {hit.heading}"
            item = QListWidgetItem(f"{where}\n{hit.snippet}")
            item.setData(HIT_ROLE, hit)
            item.setToolTip(where)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{where}: {hit.snippet}")
            self.addItem(item)
        if hits:
            self.setCurrentRow(0)

    def hit(self, item: QListWidgetItem | None) -> Hit | None:
        return None if item is None else item.data(HIT_ROLE)
