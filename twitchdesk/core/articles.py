"""The Reader's articles: loading, validating, linking and searching Markdown files.

Format (the contract with the article writers): each `resources/articles/<id>.md` starts with
`# Title`, has `##` / `###` sections and ends with `## Sources` (a list with https links).
`index.toml` lists every article once, in groups. Cross-links are relative, `other-id.md` or
`other-id.md#anchor`, where an anchor is the heading slug (see `slugify`).

Everything is checked at load, and every problem is reported at once, naming the file and the
link, so that a writer fixes a whole batch in one go and a broken link never reaches a user.
Qt-free: the UI renders `Article.markdown`; this module only understands its structure.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from twitchdesk.resources import resource_path

INDEX_FILE = "index.toml"
SOURCES_HEADING = "Sources"
EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
SNIPPET_CONTEXT = 60  # characters either side of the first match

_NON_ALNUM = re.compile(r"[\W_]+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# Inline links and images: [text](target "title"). Reference-style links are not part of the format.
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE_SPAN = re.compile(r"`+([^`]*)`+")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINE_PREFIX = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_QUERY_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def slugify(heading: str) -> str:
    """The anchor of a heading: lower case, each run of non-alphanumerics one "-", trimmed."""
    return _NON_ALNUM.sub("-", heading.lower()).strip("-")


class LibraryError(Exception):
    """The articles do not match the format. `problems` has one line per problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class LinkError(LibraryError):
    """A link or "id#anchor" reference that points nowhere."""

    def __init__(self, problem: str) -> None:
        super().__init__([problem])


class Section(NamedTuple):
    level: int  # 1 for the title, 2 for "##", 3 for "###"
    heading: str  # as displayed: inline Markdown removed
    anchor: str


class Target(NamedTuple):
    """Where an internal link leads; anchor None means the top of the article."""

    article_id: str
    anchor: str | None


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    markdown: str
    sections: tuple[Section, ...]  # every heading in document order, the title first
    section_texts: tuple[str, ...] = field(repr=False)  # plain text of each section, for search

    @property
    def filename(self) -> str:
        return f"{self.id}.md"

    def section_index(self, anchor: str) -> int | None:
        """Index of the first section with this anchor (as a browser resolves duplicates)."""
        return next((i for i, s in enumerate(self.sections) if s.anchor == anchor), None)

    def links(self) -> list[str]:
        """Every link target in the text, in order (images excluded)."""
        return [m.group(3) for m in _LINK.finditer(_without_code(self.markdown)) if not m.group(1)]

    def source_links(self) -> list[str]:
        """The link targets listed under the "Sources" heading."""
        lines = _without_code(self.markdown).splitlines()
        urls: list[str] = []
        inside = False
        for line in lines:
            heading = _HEADING.match(line)
            if heading:
                inside = (
                    len(heading.group(1)) == 2
                    and _inline_plain(heading.group(2)) == SOURCES_HEADING
                )
                continue
            if inside:
                urls += [m.group(3) for m in _LINK.finditer(line) if not m.group(1)]
                urls += [m.group(1) for m in _AUTOLINK.finditer(line)]
        return urls


@dataclass(frozen=True)
class Group:
    title: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    article_id: str
    title: str
    anchor: str  # of the section the match is in (the title's anchor for the introduction)
    heading: str
    section_index: int
    snippet: str  # plain text around the first match, "…" where it was cut
    score: int


class ArticleLibrary:
    def __init__(self, groups: Sequence[Group], articles: Sequence[Article]) -> None:
        self._groups = tuple(groups)
        self._articles = {article.id: article for article in articles}

    # -- loading ------------------------------------------------------------------------------
    @classmethod
    def load(cls, directory: Path | None = None) -> ArticleLibrary:
        """Read and check `index.toml` and every `*.md` beside it; LibraryError lists problems."""
        folder = resource_path("articles") if directory is None else Path(directory)
        problems: list[str] = []
        groups = _read_index(folder / INDEX_FILE, problems)
        listed = [article_id for group in groups for article_id in group.article_ids]
        on_disk = sorted(path.stem for path in folder.glob("*.md"))
        for article_id in listed:
            if article_id not in on_disk:
                problems.append(f"{INDEX_FILE}: '{article_id}' has no file {article_id}.md")
        for article_id in on_disk:
            if article_id not in listed:
                problems.append(f"{article_id}.md: not listed in any group of {INDEX_FILE}")
        articles = []
        for article_id in listed:
            if article_id in on_disk:
                article = _read_article(folder / f"{article_id}.md", problems)
                if article is not None:
                    articles.append(article)
        library = cls(groups, articles)
        problems += library._link_problems()
        if problems:
            raise LibraryError(problems)
        return library

    def _link_problems(self) -> list[str]:
        problems = []
        for article in self:
            for link in article.links():
                try:
                    self.resolve(link, article.id)
                except LinkError as error:
                    problems += error.problems
            if not any(url.startswith("https://") for url in article.source_links()):
                problems.append(
                    f"{article.filename}: needs a '## {SOURCES_HEADING}' section "
                    "with at least one https link"
                )
        return problems

    # -- access -------------------------------------------------------------------------------
    @property
    def groups(self) -> tuple[Group, ...]:
        return self._groups

    def get(self, article_id: str) -> Article:
        try:
            return self._articles[article_id]
        except KeyError:
            raise KeyError(f"no article '{article_id}'") from None

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._articles

    def __iter__(self) -> Iterator[Article]:
        return iter(self._articles.values())

    def __len__(self) -> int:
        return len(self._articles)

    # -- links --------------------------------------------------------------------------------
    def resolve(self, link: str, from_article: str) -> Target | None:
        """Where a link in `from_article` leads; None for a web or mail link (opened outside).

        Raises LinkError when it leads nowhere: a missing article or anchor, or a link that is
        neither a web address nor a sibling `.md` file.
        """
        where = f"{from_article}.md: link '{link}'"
        parts = urlsplit(link.strip())
        if parts.scheme:
            if parts.scheme.lower() in EXTERNAL_SCHEMES:
                return None
            raise LinkError(f"{where} uses an unsupported scheme '{parts.scheme}'")
        path = parts.path.removeprefix("./")
        if not path:
            if not parts.fragment:
                raise LinkError(f"{where} is empty")
            article_id = from_article
        elif path.endswith(".md") and "/" not in path:
            article_id = unquote(path[: -len(".md")])
        else:
            raise LinkError(f"{where} must be another article's '<id>.md' in the same folder")
        if article_id not in self:
            raise LinkError(f"{where} points to a missing article '{article_id}'")
        anchor = unquote(parts.fragment) or None
        if anchor is not None and self.get(article_id).section_index(anchor) is None:
            raise LinkError(f"{where}: {article_id}.md has no heading with anchor '#{anchor}'")
        return Target(article_id, anchor)

    def target(self, reference: str) -> Target:
        """Resolve an "id" or "id#anchor" reference, as used by the advice rules."""
        article_id, _, anchor = reference.partition("#")
        if article_id not in self:
            raise LinkError(f"reference '{reference}': no article '{article_id}'")
        if anchor and self.get(article_id).section_index(anchor) is None:
            raise LinkError(f"reference '{reference}': {article_id}.md has no anchor '#{anchor}'")
        return Target(article_id, anchor or None)

    # -- search -------------------------------------------------------------------------------
    def search(self, query: str) -> list[Hit]:
        """Articles containing every word of the query (case-insensitive), best first."""
        words = query_words(query)
        if not words:
            return []
        hits = []
        for order, article in enumerate(self):
            texts = [text.lower() for text in article.section_texts]
            whole = "\n".join(texts)
            if not all(word in whole for word in words):
                continue
            index = _best_section(texts, words)
            score = sum(whole.count(w) for w in words) + 10 * sum(
                w in article.title.lower() for w in words
            )
            section = article.sections[index]
            snippet = _snippet(article.section_texts[index], section.heading, words)
            hits.append(
                (-score, order, Hit(article.id, article.title, section.anchor, section.heading,
                                    index, snippet, score))
            )  # fmt: skip
        return [hit for _score, _order, hit in sorted(hits, key=lambda h: (h[0], h[1]))]


def query_words(query: str) -> list[str]:
    """The lower-cased words of a search query, without duplicates; the UI highlights these."""
    words: list[str] = []
    for word in _QUERY_WORD.findall(query.lower()):
        if word not in words:
            words.append(word)
    return words


# -- parsing ------------------------------------------------------------------------------------
def _read_index(path: Path, problems: list[str]) -> list[Group]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{INDEX_FILE}: missing in {path.parent}")
        return []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(f"{INDEX_FILE}: cannot be read: {error}")
        return []
    raw_groups = data.get("group")
    if not isinstance(raw_groups, list) or not raw_groups:
        problems.append(f"{INDEX_FILE}: needs at least one [[group]]")
        return []
    groups: list[Group] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_groups, start=1):
        title = raw.get("title") if isinstance(raw, dict) else None
        ids = raw.get("articles") if isinstance(raw, dict) else None
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{INDEX_FILE}: group {number} needs a title")
            continue
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            problems.append(f"{INDEX_FILE}: group '{title}' needs a list of article ids")
            continue
        for article_id in ids:
            if article_id in seen:
                problems.append(f"{INDEX_FILE}: '{article_id}' is listed more than once")
            seen.add(article_id)
        groups.append(Group(title, tuple(dict.fromkeys(ids))))
    return groups


def _read_article(path: Path, problems: list[str]) -> Article | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path.name}: cannot be read: {error}")
        return None
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    heading = _HEADING.match(first_line)
    if heading is None or len(heading.group(1)) != 1 or not heading.group(2).strip():
        problems.append(f"{path.name}: must start with a '# Title' line")
        return None
    sections, texts = _split_sections(text)
    return Article(path.stem, sections[0].heading, text, tuple(sections), tuple(texts))


def _split_sections(markdown: str) -> tuple[list[Section], list[str]]:
    sections: list[Section] = []
    texts: list[list[str]] = []
    for line, is_code in _lines(markdown):
        heading = None if is_code else _HEADING.match(line)
        if heading:
            raw = heading.group(2)
            sections.append(Section(len(heading.group(1)), _inline_plain(raw), slugify(raw)))
            texts.append([_inline_plain(raw)])
        elif texts and line.strip():
            # A mark between list items keeps a snippet of a list readable as separate items.
            mark = "· " if not is_code and _LIST_ITEM.match(line) else ""
            texts[-1].append(line.strip() if is_code else mark + _plain(line))
    return sections, [" ".join(parts) for parts in texts]


def _lines(markdown: str) -> Iterator[tuple[str, bool]]:
    """Each line with whether it is inside a fenced code block (where "#" is not a heading)."""
    fence = ""
    for line in markdown.splitlines():
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            else:
                yield line, True
        elif opening:
            fence = opening.group(1)
        else:
            yield line, False


def _without_code(markdown: str) -> str:
    return "\n".join(_CODE_SPAN.sub("", line) for line, is_code in _lines(markdown) if not is_code)


def _plain(line: str) -> str:
    """A line of Markdown as a reader sees it: no list or quote markers, no inline markup."""
    return _inline_plain(_LINE_PREFIX.sub("", line))


def _inline_plain(text: str) -> str:
    """Link text without its target, and no emphasis, code or HTML markup."""
    text = _LINK.sub(lambda m: m.group(2), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _CODE_SPAN.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub("", text)
    for _ in range(2):  # nested emphasis such as ***bold italic*** or **_both_**
        text = _EMPHASIS.sub(lambda m: m.group(2), text)
    return " ".join(text.split())


def _best_section(texts: Sequence[str], words: Sequence[str]) -> int:
    """The first section holding every word; failing that, the one holding the most."""
    counts = [sum(word in text for word in words) for text in texts]
    return counts.index(max(counts))


def _snippet(text: str, heading: str, words: Sequence[str]) -> str:
    """Plain text around the first match in a section's body (its heading is shown anyway)."""
    body = text[len(heading) :].strip() if text.startswith(heading) else text
    lowered = body.lower()
    found = [lowered.find(word) for word in words if word in lowered]
    start = min(found) if found and len(lowered) == len(body) else 0
    begin = max(0, start - SNIPPET_CONTEXT)
    end = min(len(body), start + 2 * SNIPPET_CONTEXT)
    if begin > 0:
        space = body.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(body) else ""
    return f"{prefix}{body[begin:end].strip().removeprefix('· ')}{suffix}"
