"""The Reader panel, driven like a user: clicks at real coordinates, typing, keys, and the PDF."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextCursor, QWheelEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from twitchdesk.core.articles import ArticleLibrary, LinkError
from twitchdesk.ui import reader_panel as reader_module
from twitchdesk.ui.reader.browser import HIGHLIGHT_BACKGROUND
from twitchdesk.ui.reader_panel import ReaderPanel, default_text_size

FILLER = "\n\n".join(
    f"Paragraph {n} of ordinary text about muscles, nerves and everyday life." for n in range(40)
)
SOURCES = (
    "## Sources\n\n- [NHS: Twitching](https://www.nhs.uk/conditions/twitching-eyes-and-muscles/)\n"
)
ARTICLES = {
    "basics": f"""# What is twitching?

A twitch is a small flicker. Read about [caffeine and cups](coffee.md#how-much-is-too-much)
or the [NHS page](https://www.nhs.uk/conditions/twitching-eyes-and-muscles/).

{FILLER}

## Fasciculation

A fasciculation is the common twitch.

{FILLER}

{SOURCES}""",
    "coffee": f"""# Caffeine and twitching

Coffee is a common cause.

{FILLER}

## How much is too much?

About 400 mg of caffeine a day, four cups of coffee. Caffeine wears off slowly.

{FILLER}

## Cutting down

Cut caffeine slowly to avoid headaches.

{FILLER}

{SOURCES}""",
    "sleep": f"""# Tiredness and sleep

Short nights make muscles twitch. Caffeine late in the day makes it worse.

{FILLER}

## Sleep debt

Several short nights build up a debt.

{SOURCES}""",
}
INDEX = """\
[[group]]
title = "Understanding twitching"
articles = ["basics"]

[[group]]
title = "Causes"
articles = ["coffee", "sleep"]
"""


@pytest.fixture
def library(tmp_path: Path) -> ArticleLibrary:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "index.toml").write_text(INDEX, encoding="utf-8")
    for article_id, text in ARTICLES.items():
        (folder / f"{article_id}.md").write_text(text, encoding="utf-8")
    return ArticleLibrary.load(folder)


def make_panel(qtbot: QtBot, library: ArticleLibrary | None) -> ReaderPanel:
    panel = ReaderPanel(library)
    qtbot.addWidget(panel)
    panel.resize(1100, 750)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    return panel


@pytest.fixture
def panel(qtbot: QtBot, library: ArticleLibrary) -> ReaderPanel:
    return make_panel(qtbot, library)


def contents_item(panel: ReaderPanel, *path: str) -> QTreeWidgetItem:
    """An item of the contents tree by its displayed text, from the group down."""
    tree = panel.contents
    item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0) == path[0]
    )
    for text in path[1:]:
        item.setExpanded(True)
        item = next(
            item.child(i) for i in range(item.childCount()) if item.child(i).text(0) == text
        )
    return item


def click_contents(qtbot: QtBot, panel: ReaderPanel, *path: str) -> None:
    item = contents_item(panel, *path)
    panel.contents.scrollToItem(item)
    rect = panel.contents.visualItemRect(item)
    assert rect.isValid(), path
    qtbot.mouseClick(panel.contents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click_text(qtbot: QtBot, panel: ReaderPanel, text: str) -> None:
    """Click in the middle of the first occurrence of some text in the article view."""
    browser = panel.browser
    found = browser.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(browser.document())
    cursor.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    point = browser.cursorRect(cursor).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def shown_title(panel: ReaderPanel) -> str:
    return panel.browser.document().firstBlock().text()


def scroll(panel: ReaderPanel) -> int:
    return panel.browser.verticalScrollBar().value()


def section_top(panel: ReaderPanel, index: int) -> int:
    """Where the view should be scrolled for a section: its heading, in reach of the scroll bar."""
    top = panel.browser.heading_top(index)
    assert 0 < top <= panel.browser.verticalScrollBar().maximum(), "test text too short to scroll"
    return top


def assert_every_paragraph_is_laid_out(panel: ReaderPanel) -> None:
    """A block without lines is a paragraph missing on screen (see ArticleBrowser._relayout)."""
    document = panel.browser.document()
    document.documentLayout().blockBoundingRect(document.lastBlock())  # finish lazy layout
    block = document.begin()
    while block.isValid():
        if block.text().strip():
            assert block.layout().lineCount() > 0, block.text()
        block = block.next()


def test_opens_on_the_first_article_with_history_buttons_off(panel: ReaderPanel) -> None:
    assert shown_title(panel) == "What is twitching?"
    assert not panel.back_button.isEnabled()
    assert not panel.forward_button.isEnabled()
    assert panel.contents.currentItem().text(0) == "What is twitching?"


def test_contents_clicks_back_and_forward(qtbot: QtBot, panel: ReaderPanel) -> None:
    with qtbot.waitSignal(panel.article_opened) as opened:
        click_contents(qtbot, panel, "Causes", "Caffeine and twitching")
    assert opened.args == ["coffee"]
    assert shown_title(panel) == "Caffeine and twitching"
    assert panel.back_button.isEnabled() and not panel.forward_button.isEnabled()

    click_contents(qtbot, panel, "Causes", "Tiredness and sleep")
    assert shown_title(panel) == "Tiredness and sleep"

    qtbot.keyClick(panel.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert shown_title(panel) == "Caffeine and twitching"
    assert panel.back_button.isEnabled() and panel.forward_button.isEnabled()

    qtbot.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    assert shown_title(panel) == "What is twitching?"
    assert not panel.back_button.isEnabled() and panel.forward_button.isEnabled()

    qtbot.keyClick(panel.browser, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.mouseClick(panel.forward_button, Qt.MouseButton.LeftButton)
    assert shown_title(panel) == "Tiredness and sleep"
    assert not panel.forward_button.isEnabled()


def test_contents_section_scrolls_to_its_heading(qtbot: QtBot, panel: ReaderPanel) -> None:
    click_contents(qtbot, panel, "Causes", "Caffeine and twitching", "Cutting down")

    assert shown_title(panel) == "Caffeine and twitching"
    assert scroll(panel) == section_top(panel, 2)
    assert_every_paragraph_is_laid_out(panel)


def test_back_returns_to_where_the_reader_had_scrolled(qtbot: QtBot, panel: ReaderPanel) -> None:
    panel.open_article("coffee", "how-much-is-too-much")
    position = scroll(panel)
    panel.open_article("sleep")
    assert scroll(panel) == 0

    qtbot.keyClick(panel.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)

    assert shown_title(panel) == "Caffeine and twitching"
    assert scroll(panel) == position > 0


@pytest.mark.parametrize(
    "call", [("coffee", "how-much-is-too-much"), ("coffee#how-much-is-too-much",)]
)
def test_deep_link_opens_the_section(
    qtbot: QtBot, panel: ReaderPanel, call: tuple[str, ...]
) -> None:
    with qtbot.waitSignal(panel.article_opened) as opened:
        panel.open_article(*call)

    assert opened.args == ["coffee"]
    assert shown_title(panel) == "Caffeine and twitching"
    assert scroll(panel) == section_top(panel, 1) > 0
    assert panel.contents.currentItem().text(0) == "How much is too much?"


def test_deep_link_while_hidden_scrolls_once_shown(qtbot: QtBot, panel: ReaderPanel) -> None:
    panel.hide()
    panel.open_article("coffee#cutting-down")
    panel.show()
    qtbot.waitExposed(panel)

    assert scroll(panel) == section_top(panel, 2)


def test_deep_link_to_nowhere_is_an_error(panel: ReaderPanel) -> None:
    with pytest.raises(LinkError):
        panel.open_article("tea")
    with pytest.raises(LinkError):
        panel.open_article("coffee", "cups")
    assert shown_title(panel) == "What is twitching?"


def test_search_type_enter_click_result_highlights(qtbot: QtBot, panel: ReaderPanel) -> None:
    qtbot.mouseClick(panel.search_box, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.search_box, "caffeine SLOWLY")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)

    assert panel.sidebar_pages.currentWidget() is panel.results
    assert panel.search_status.text() == "1 article mentions “caffeine SLOWLY”"
    assert shown_title(panel) == "Caffeine and twitching"  # Enter opened the first result
    panel.open_article("basics")
    assert panel.browser.highlight_count == 1  # only "caffeine", in a link

    item = panel.results.item(0)
    rect = panel.results.visualItemRect(item)
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert shown_title(panel) == "Caffeine and twitching"
    assert scroll(panel) == section_top(panel, 1)  # the section holding both words
    selections = panel.browser.extraSelections()
    marked = sorted(s.cursor.selectedText().lower() for s in selections)
    assert marked == ["caffeine"] * 4 + ["slowly"] * 2
    assert all(s.format.background().color() == HIGHLIGHT_BACKGROUND for s in selections)


def test_search_lists_several_articles_and_escape_returns_to_contents(
    qtbot: QtBot, panel: ReaderPanel
) -> None:
    panel.focus_search()
    qtbot.keyClicks(panel.search_box, "caffeine")

    hits = [panel.results.hit(panel.results.item(i)) for i in range(panel.results.count())]
    assert [h.article_id for h in hits if h] == ["coffee", "basics", "sleep"]

    qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    assert panel.results.hasFocus()
    qtbot.keyClick(panel.results, Qt.Key.Key_Down)
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert shown_title(panel) == "What is twitching?"
    assert panel.browser.highlight_count == 1

    panel.search_box.setFocus()
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Escape)
    assert panel.search_box.text() == ""
    assert panel.sidebar_pages.currentWidget() is panel.contents
    assert panel.browser.highlight_count == 0
    assert not panel.search_status.isVisible()


def test_nothing_found_says_so(qtbot: QtBot, panel: ReaderPanel) -> None:
    qtbot.keyClicks(panel.search_box, "unicorns")
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Return)
    assert panel.results.count() == 0
    assert panel.search_status.text() == "No article mentions “unicorns”"
    assert shown_title(panel) == "What is twitching?"


def test_text_size_buttons_keys_and_reset(qtbot: QtBot, panel: ReaderPanel) -> None:
    default = default_text_size()
    assert panel.browser.document().defaultFont().pointSize() == default

    with qtbot.waitSignal(panel.text_size_changed) as changed:
        qtbot.mouseClick(panel.larger_button, Qt.MouseButton.LeftButton)
    assert changed.args == [default + 1]
    assert panel.browser.document().defaultFont().pointSize() == default + 1

    for _ in range(3):
        qtbot.keyClick(panel.browser, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert panel.browser.document().defaultFont().pointSize() == default - 2
    qtbot.keyClick(panel.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert panel.text_size() == default - 1
    assert panel.reset_size_button.isEnabled()

    with qtbot.waitSignal(panel.text_size_changed) as changed:
        qtbot.mouseClick(panel.reset_size_button, Qt.MouseButton.LeftButton)
    assert changed.args == [0]  # saved as "the default", whatever the default becomes
    assert panel.browser.document().defaultFont().pointSize() == default
    assert not panel.reset_size_button.isEnabled()


def test_saved_text_size_is_restored_and_headings_scale(qtbot: QtBot, panel: ReaderPanel) -> None:
    title = panel.browser.document().firstBlock()
    before = QTextCursor(title).charFormat().font().pointSizeF()
    with qtbot.assertNotEmitted(panel.text_size_changed):
        panel.set_text_size(0)
    panel.set_text_size(default_text_size() + 6)

    after = QTextCursor(panel.browser.document().firstBlock()).charFormat().font().pointSizeF()
    assert_every_paragraph_is_laid_out(panel)
    assert panel.text_size() == default_text_size() + 6
    assert panel.browser.document().defaultFont().pointSize() == default_text_size() + 6
    assert after > before or after <= 0  # headings are sized relative to the text
    panel.set_text_size(1000)
    assert panel.text_size() == reader_module.MAX_TEXT_SIZE


def test_text_size_change_keeps_the_place(qtbot: QtBot, panel: ReaderPanel) -> None:
    panel.open_article("coffee#cutting-down")

    qtbot.mouseClick(panel.larger_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.larger_button, Qt.MouseButton.LeftButton)

    assert scroll(panel) == section_top(panel, 2)


def test_ctrl_wheel_zooms_through_the_panel(qtbot: QtBot, panel: ReaderPanel) -> None:
    viewport = panel.browser.viewport()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    with qtbot.waitSignal(panel.text_size_changed) as changed:
        QApplication.sendEvent(viewport, wheel)
    assert changed.args == [default_text_size() + 1]


def test_choosing_the_same_section_again_returns_to_it(qtbot: QtBot, panel: ReaderPanel) -> None:
    click_contents(qtbot, panel, "Causes", "Caffeine and twitching", "How much is too much?")
    panel.browser.verticalScrollBar().setValue(0)

    click_contents(qtbot, panel, "Causes", "Caffeine and twitching", "How much is too much?")

    assert scroll(panel) == section_top(panel, 1)
    panel.go_back()
    assert shown_title(panel) == "What is twitching?"  # one history entry, not two


def test_internal_link_navigates_inside_the_reader(qtbot: QtBot, panel: ReaderPanel) -> None:
    click_text(qtbot, panel, "caffeine and cups")

    assert shown_title(panel) == "Caffeine and twitching"
    assert scroll(panel) == section_top(panel, 1)
    assert panel.back_button.isEnabled()


def test_web_link_opens_outside_and_does_not_navigate(
    qtbot: QtBot, panel: ReaderPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)

    click_text(qtbot, panel, "NHS page")

    assert [url.toString() for url in opened] == [
        "https://www.nhs.uk/conditions/twitching-eyes-and-muscles/"
    ]
    assert shown_title(panel) == "What is twitching?"
    assert panel.browser.source().isEmpty()
    assert not panel.back_button.isEnabled()


def test_hovering_a_web_link_says_where_it_goes(qtbot: QtBot, panel: ReaderPanel) -> None:
    panel.browser.highlighted.emit(QUrl("https://www.nhs.uk/"))
    assert panel.link_status.text() == "Opens in your web browser: https://www.nhs.uk/"
    panel.browser.highlighted.emit(QUrl())
    assert panel.link_status.text() == ""


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return unicodedata.normalize("NFKC", text)  # "ﬀ" ligatures back to letters


def test_write_article_pdf_contains_the_article(panel: ReaderPanel, tmp_path: Path) -> None:
    panel.open_article("coffee")
    target = tmp_path / "coffee.pdf"

    panel.write_article_pdf(target)

    assert target.read_bytes().startswith(b"%PDF")
    text = pdf_text(target)
    assert "Caffeine and twitching" in text
    assert "About 400 mg of caffeine a day" in text


def test_write_article_pdf_to_an_unwritable_place_raises(
    panel: ReaderPanel, tmp_path: Path
) -> None:
    with pytest.raises(OSError):
        panel.write_article_pdf(tmp_path / "no-such-folder" / "x.pdf")


def test_save_as_pdf_button_asks_for_a_file(
    qtbot: QtBot, panel: ReaderPanel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "my article"
    asked: list[str] = []

    def fake_dialog(parent: object, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(chosen), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)

    assert asked and asked[0].endswith("basics.pdf")
    assert "What is twitching?" in pdf_text(tmp_path / "my article.pdf")


@pytest.mark.parametrize("accept", [True, False])
def test_print_button_prints_only_when_the_dialog_is_accepted(
    qtbot: QtBot,
    panel: ReaderPanel,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    accept: bool,
) -> None:
    output = tmp_path / "printed.pdf"

    class FakePrintDialog:
        def __init__(self, printer: QPrinter, parent: object) -> None:
            self.printer = printer

        def setWindowTitle(self, title: str) -> None:
            assert "What is twitching?" in title

        def exec(self) -> QDialog.DialogCode:
            # Stands in for the user choosing a printer: print to a file instead.
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(output))
            return QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected

    monkeypatch.setattr(reader_module, "QPrintDialog", FakePrintDialog)
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)

    assert output.exists() == accept
    if accept:
        assert "What is twitching?" in pdf_text(output)


def test_controls_have_names_and_tooltips(panel: ReaderPanel) -> None:
    controls = [
        panel.search_box, panel.contents, panel.results, panel.back_button, panel.forward_button,
        panel.smaller_button, panel.larger_button, panel.reset_size_button, panel.print_button,
        panel.pdf_button,
    ]  # fmt: skip
    for control in controls:
        assert control.accessibleName(), control
        assert control.toolTip(), control
    assert "Alt+Left" in panel.back_button.toolTip()
    assert "Ctrl+F" in panel.search_box.toolTip()
    assert "Ctrl+=" in panel.larger_button.toolTip()


def test_tab_order_goes_from_search_to_contents_to_toolbar(
    qtbot: QtBot, panel: ReaderPanel
) -> None:
    panel.search_box.setFocus()
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Tab)
    assert panel.contents.hasFocus()
    qtbot.keyClick(panel.contents, Qt.Key.Key_Tab)
    assert (
        panel.back_button.hasFocus()
        or panel.forward_button.hasFocus()
        or (panel.smaller_button.hasFocus())
    )  # disabled buttons are skipped


def test_a_broken_library_is_explained_not_crashed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(directory: Path | None = None) -> ArticleLibrary:
        from twitchdesk.core.articles import LibraryError

        raise LibraryError(["coffee.md: link 'tea.md' points to a missing article 'tea'"])

    monkeypatch.setattr(ArticleLibrary, "load", staticmethod(broken))
    panel = make_panel(qtbot, None)

    text = panel.browser.toPlainText()
    assert "The articles could not be opened" in text
    assert "coffee.md: link 'tea.md'" in text
    assert not panel.search_box.isEnabled()
    assert not panel.pdf_button.isEnabled()


def test_real_articles_all_open_from_the_contents(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, None)
    library = panel.library
    assert library is not None and len(library) >= 11

    for group in library.groups:
        for article_id in group.article_ids:
            title = library.get(article_id).title
            click_contents(qtbot, panel, group.title, title)
            assert shown_title(panel) == title
            assert_every_paragraph_is_laid_out(panel)
            assert "Sources" in panel.browser.toPlainText()
            sections = library.get(article_id).sections
            # Qt's Markdown parser and ours agree on every heading, so every section can be shown.
            assert all(panel.browser.heading_block(i).isValid() for i in range(len(sections)))

    qtbot.keyClicks(panel.search_box, "caffeine")
    assert panel.results.count() >= 3
