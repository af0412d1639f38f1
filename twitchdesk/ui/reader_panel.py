"""The Reader: plain-language articles on twitching, with contents, search, history and printing.

Other panels open a place with `open_article("id", "anchor")`. Links between articles navigate
here; web links go to the user's own browser only when clicked, so the app makes no network
request. The main window saves the text size (`text_size_changed`) and restores it
(`set_text_size`).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from twitchdesk.core.articles import (
    EXTERNAL_SCHEMES,
    Article,
    ArticleLibrary,
    LibraryError,
    LinkError,
    query_words,
)
from twitchdesk.i18n import TextContext
from twitchdesk.ui.reader.browser import ArticleBrowser
from twitchdesk.ui.reader.history import History, Location
from twitchdesk.ui.reader.printing import print_document, write_pdf
from twitchdesk.ui.reader.sidebar import ContentsTree, ResultsList

READER_PANEL = TextContext("READER_PANEL")
MIN_TEXT_SIZE = 7
MAX_TEXT_SIZE = 36
SIDEBAR_WIDTH = 300


def default_text_size() -> int:
    # A little larger than the interface font: these are pages to read, not labels to scan.
    return max(11, round(QApplication.font().pointSizeF()) + 2)


class ReaderPanel(QWidget):
    article_opened = Signal(str)  # after every navigation, with the article id shown
    text_size_changed = Signal(int)  # point size; 0 means the default size

    def __init__(self, library: ArticleLibrary | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(READER_PANEL.tr("Reader"))
        self.history = History()
        self._text_size = 0
        self._load_error: LibraryError | None = None
        if library is None:
            try:
                library = ArticleLibrary.load()
            except LibraryError as error:  # shown in the panel: the rest of the app still works
                self._load_error = error
        self.library = library
        self._init_widgets()
        self._init_layout()
        self._init_shortcuts()
        self._connect_signals()
        self.set_text_size(0)
        self._show_start_page()

    # -- construction -------------------------------------------------------------------------
    def _button(self, text: str, tip: str, shortcut: str = "") -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setAccessibleName(tip)
        button.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        return button

    def _init_widgets(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(READER_PANEL.tr("Search the articles"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(READER_PANEL.tr("Search the articles"))
        self.search_box.setToolTip(
            READER_PANEL.tr(
                "Search all articles (Ctrl+F). Enter opens the first result, Down goes to the list."
            )
        )
        self.search_box.installEventFilter(self)
        self.search_status = QLabel()
        self.search_status.setAccessibleName(READER_PANEL.tr("Search result count"))
        self.search_status.setWordWrap(True)
        self.contents = ContentsTree()
        self.results = ResultsList()
        self.sidebar_pages = QStackedWidget()
        self.sidebar_pages.addWidget(self.contents)
        self.sidebar_pages.addWidget(self.results)
        self.browser = ArticleBrowser()
        self.browser.setAccessibleName(READER_PANEL.tr("Article"))
        self.browser.setToolTip("")  # a tooltip over the whole page would hide link tooltips
        self.link_status = QLabel()
        self.link_status.setAccessibleName(READER_PANEL.tr("Link target"))
        self.link_status.setTextFormat(Qt.TextFormat.PlainText)
        style = self.style()
        self.back_button = self._button(
            READER_PANEL.tr("Back"), READER_PANEL.tr("Back to the previous page"), "Alt+Left"
        )
        self.back_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        self.forward_button = self._button(
            READER_PANEL.tr("Forward"), READER_PANEL.tr("Forward to the next page"), "Alt+Right"
        )
        self.forward_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        #: a button making the article's text smaller ("A" for the letters)
        smaller = READER_PANEL.tr("A−")
        self.smaller_button = self._button(smaller, READER_PANEL.tr("Smaller text"), "Ctrl+-")
        #: a button making the article's text larger ("A" for the letters)
        larger = READER_PANEL.tr("A+")
        self.larger_button = self._button(larger, READER_PANEL.tr("Larger text"), "Ctrl+=")
        self.reset_size_button = self._button(
            READER_PANEL.tr("Normal size"), READER_PANEL.tr("Normal text size"), "Ctrl+0"
        )
        self.print_button = self._button(
            READER_PANEL.tr("Print…"), READER_PANEL.tr("Print this article")
        )
        self.pdf_button = self._button(
            READER_PANEL.tr("Save as PDF…"), READER_PANEL.tr("Save this article as a PDF file")
        )

    def _init_layout(self) -> None:
        sidebar = QWidget()
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.search_box)
        side.addWidget(self.search_status)
        side.addWidget(self.sidebar_pages, 1)
        self.search_status.hide()
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(0, 0, 0, 0)
        for button in (self.back_button, self.forward_button):
            toolbar.addWidget(button)
        toolbar.addStretch(1)
        for button in (self.smaller_button, self.larger_button, self.reset_size_button):
            toolbar.addWidget(button)
        toolbar.addSpacing(16)
        toolbar.addWidget(self.print_button)
        toolbar.addWidget(self.pdf_button)
        page = QWidget()
        reading = QVBoxLayout(page)
        reading.setContentsMargins(0, 0, 0, 0)
        reading.addLayout(toolbar)
        reading.addWidget(self.browser, 1)
        reading.addWidget(self.link_status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(sidebar)
        self.splitter.addWidget(page)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([SIDEBAR_WIDTH, 800])
        self.splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(self.splitter)
        order = [
            self.search_box, self.contents, self.results, self.back_button, self.forward_button,
            self.smaller_button, self.larger_button, self.reset_size_button, self.print_button,
            self.pdf_button, self.browser,
        ]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _init_shortcuts(self) -> None:
        # Panel-wide, not window-wide: the other panels may give these keys other meanings.
        def bind(keys: str | QKeySequence.StandardKey, slot: object) -> None:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        bind("Alt+Left", self.go_back)
        bind("Alt+Right", self.go_forward)
        # Ctrl+F is the main window's "Find in Reader" (it works from every panel).
        bind("Ctrl+=", self.larger_text)
        bind("Ctrl++", self.larger_text)
        bind("Ctrl+-", self.smaller_text)
        bind("Ctrl+0", self.reset_text_size)

    def _connect_signals(self) -> None:
        self.search_box.textChanged.connect(self._update_search)
        self.search_box.returnPressed.connect(self._open_first_result)
        self.contents.itemClicked.connect(self._open_contents_item)
        self.contents.itemActivated.connect(self._open_contents_item)
        self.results.itemClicked.connect(self._open_result_item)
        self.results.itemActivated.connect(self._open_result_item)
        self.browser.anchorClicked.connect(self._follow_link)
        self.browser.highlighted.connect(self._show_link_target)
        self.browser.zoom_requested.connect(self._zoom)
        self.back_button.clicked.connect(self.go_back)
        self.forward_button.clicked.connect(self.go_forward)
        self.smaller_button.clicked.connect(self.smaller_text)
        self.larger_button.clicked.connect(self.larger_text)
        self.reset_size_button.clicked.connect(self.reset_text_size)
        self.print_button.clicked.connect(self.print_article)
        self.pdf_button.clicked.connect(self.save_pdf)

    # -- navigation ---------------------------------------------------------------------------
    @property
    def current_article(self) -> Article | None:
        return self.browser.article

    def open_article(self, article_id: str, anchor: str | None = None) -> None:
        """Show an article, at a section when given ("id", "anchor") or "id#anchor".

        Raises LinkError for an article or anchor that does not exist.
        """
        if self.library is None:
            return
        reference = article_id if anchor is None else f"{article_id}#{anchor}"
        target = self.library.target(reference)
        article = self.library.get(target.article_id)
        section = None if target.anchor is None else article.section_index(target.anchor)
        self._navigate(Location(article.id, section))

    def _navigate(self, location: Location) -> None:
        current = self.history.current
        if current is not None:
            current.scroll = self.browser.verticalScrollBar().value()
            if (current.article_id, current.section) == (location.article_id, location.section):
                self.browser.scroll_to_section(location.section)  # back to it, no new entry
                return
        self.history.visit(location)
        self._show(location)

    def _show(self, location: Location, restore_scroll: bool = False) -> None:
        assert self.library is not None
        article = self.library.get(location.article_id)
        if self.browser.article is not article:
            self.browser.show_article(article)
        self.browser.set_highlights(query_words(self.search_box.text()))
        if restore_scroll and location.scroll is not None:
            self.browser.scroll_to(location.scroll)
        else:
            self.browser.scroll_to_section(location.section)
        self.contents.show_place(location.article_id, location.section)
        self._update_buttons()
        self.article_opened.emit(article.id)

    @Slot()
    def go_back(self) -> None:
        if self.history.can_go_back():
            self._remember_scroll()
            self._show(self.history.back(), restore_scroll=True)

    @Slot()
    def go_forward(self) -> None:
        if self.history.can_go_forward():
            self._remember_scroll()
            self._show(self.history.forward(), restore_scroll=True)

    def _remember_scroll(self) -> None:
        if self.history.current is not None:
            self.history.current.scroll = self.browser.verticalScrollBar().value()

    def _update_buttons(self) -> None:
        self.back_button.setEnabled(self.history.can_go_back())
        self.forward_button.setEnabled(self.history.can_go_forward())
        has_article = self.browser.article is not None
        self.print_button.setEnabled(has_article)
        self.pdf_button.setEnabled(has_article)

    def _show_start_page(self) -> None:
        if self.library is not None and len(self.library):
            self.contents.fill(self.library)
            self._navigate(Location(next(iter(self.library)).id))
            return
        problems = (
            self._load_error.problems
            if self._load_error
            else [READER_PANEL.tr("There are no articles.")]
        )
        heading = READER_PANEL.tr("The articles could not be opened")
        explanation = READER_PANEL.tr(
            "This is a fault in this copy of TwitchDesk, not in your diary, which is safe. "
            "Please report it with these details:"
        )
        details = "\n".join(f"- `{p}`" for p in problems)
        self.browser.show_message(f"# {heading}\n\n{explanation}\n\n{details}")
        for widget in (self.search_box, self.contents, self.back_button, self.forward_button):
            widget.setEnabled(False)
        self._update_buttons()

    def _open_contents_item(self, item: QTreeWidgetItem) -> None:
        place = self.contents.place(item)
        if place is None:  # a group heading: it only folds
            return
        self._navigate(Location(*place))

    def _open_result_item(self, item: QListWidgetItem) -> None:
        hit = self.results.hit(item)
        if hit is not None:
            self._navigate(Location(hit.article_id, hit.section_index))

    # -- links --------------------------------------------------------------------------------
    def _follow_link(self, url: QUrl) -> None:
        if url.scheme().lower() in EXTERNAL_SCHEMES:
            QDesktopServices.openUrl(url)  # the user's own browser; never fetched by the app
            return
        article = self.browser.article
        if article is None or self.library is None:
            return
        try:
            target = self.library.resolve(url.toString(), article.id)
        except LinkError:  # load-time checks make this unreachable for shipped articles
            return
        if target is not None:
            target_article = self.library.get(target.article_id)
            section = None if target.anchor is None else target_article.section_index(target.anchor)
            self._navigate(Location(target.article_id, section))

    def _show_link_target(self, url: QUrl) -> None:
        if url.isEmpty():
            self.link_status.clear()
        elif url.scheme().lower() in EXTERNAL_SCHEMES:
            opens = READER_PANEL.tr("Opens in your web browser: {url}")
            self.link_status.setText(opens.format(url=url.toString()))
        else:
            self.link_status.setText(READER_PANEL.tr("Goes to another part of the Reader"))

    # -- search -------------------------------------------------------------------------------
    @Slot()
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _update_search(self, text: str) -> None:
        words = query_words(text)
        if not words or self.library is None:
            self.sidebar_pages.setCurrentWidget(self.contents)
            self.search_status.hide()
            self.results.clear()
            self.browser.set_highlights([])
            return
        hits = self.library.search(text)
        self.results.fill(hits)
        self.sidebar_pages.setCurrentWidget(self.results)
        if hits:
            #: {query} is the text the user searched for
            status = READER_PANEL.tr("%n article(s) mention(s|) “{query}”", None, len(hits))
        else:
            #: {query} is the text the user searched for
            status = READER_PANEL.tr("No article mentions “{query}”")
        self.search_status.setText(status.format(query=text.strip()))
        self.search_status.show()
        self.browser.set_highlights(words)

    def _open_first_result(self) -> None:
        item = self.results.currentItem() or self.results.item(0)
        if item is not None and self.sidebar_pages.currentWidget() is self.results:
            self._open_result_item(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()
                return True
        return super().eventFilter(watched, event)

    # -- text size ----------------------------------------------------------------------------
    def text_size(self) -> int:
        """The chosen point size, or 0 when following the default."""
        return self._text_size

    def text_point_size(self) -> int:
        return self._text_size or default_text_size()

    @Slot(int)
    def set_text_size(self, size: int) -> None:
        size = 0 if size <= 0 else max(MIN_TEXT_SIZE, min(MAX_TEXT_SIZE, size))
        changed = size != self._text_size
        self._text_size = size
        self.browser.set_point_size(self.text_point_size())
        self.smaller_button.setEnabled(self.text_point_size() > MIN_TEXT_SIZE)
        self.larger_button.setEnabled(self.text_point_size() < MAX_TEXT_SIZE)
        self.reset_size_button.setEnabled(size != 0)
        if changed:
            self.text_size_changed.emit(size)

    @Slot()
    def larger_text(self) -> None:
        self._zoom(1)

    @Slot()
    def smaller_text(self) -> None:
        self._zoom(-1)

    @Slot()
    def reset_text_size(self) -> None:
        self.set_text_size(0)

    def _zoom(self, steps: int) -> None:
        size = self.text_point_size() + steps
        self.set_text_size(size if size != default_text_size() else 0)

    # -- paper --------------------------------------------------------------------------------
    def write_article_pdf(self, path: str | Path) -> None:
        """Save the article being read as a PDF, without asking anything (OSError on failure)."""
        article = self.browser.article
        if article is None:
            raise RuntimeError("no article is shown")
        write_pdf(self.browser.document(), Path(path), article.title, self.text_point_size())

    @Slot()
    def print_article(self) -> None:
        article = self.browser.article
        if article is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(article.title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(READER_PANEL.tr("Print “{title}”").format(title=article.title))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_document(self.browser.document(), printer, self.text_point_size())

    @Slot()
    def save_pdf(self) -> None:
        article = self.browser.article
        if article is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / f"{article.id}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self,
            READER_PANEL.tr("Save article as PDF"),
            suggested,
            READER_PANEL.tr("PDF files (*.pdf)"),
        )
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            self.write_article_pdf(path)
        except OSError as error:
            QMessageBox.warning(
                self,
                READER_PANEL.tr("Could not save the PDF"),
                f"{path}\n\n{error.strerror or error}",
            )
