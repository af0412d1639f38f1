"""The Reader's article library, without Qt: format checks, links, search, and the real articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from twitchdesk.core.articles import (
    ArticleLibrary,
    LibraryError,
    LinkError,
    Section,
    Target,
    query_words,
    slugify,
)

SOURCES = "\n## Sources\n\n- [NHS: Twitching](https://www.nhs.uk/conditions/twitching-eyes-and-muscles/)\n"
INDEX = """\
[[group]]
title = "Understanding twitching"
articles = ["basics"]

[[group]]
title = "Causes"
articles = ["coffee", "sleep"]
"""
ARTICLES = {
    "basics": """\
# What is twitching?

A twitch is a small flicker of muscle. See [coffee](coffee.md) and
[how much](coffee.md#how-much-is-too-much).

## Fasciculation: the common twitch

A **fasciculation** flickers under the skin, often in the calf.

```
# not a heading inside code
```

### Cramp & tremor

A cramp hurts; see [the top](#what-is-twitching) and [sleep debt](sleep.md#sleep-debt).
""",
    "coffee": """\
# Caffeine and twitching

Coffee is the most common source of caffeine.

## How much is too much?

About 400 mg of caffeine a day is the usual adult limit, roughly four cups of brewed coffee.
Energy drinks add up quickly; a twitching eyelid often settles when caffeine is cut down slowly.
""",
    "sleep": """\
# Tiredness and sleep

Short nights make muscles twitch more.

## Sleep debt

Several short nights in a row build up a debt. Caffeine late in the day makes it worse.
""",
}


def write_library(folder: Path, articles: dict[str, str] | None = None, index: str = INDEX) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.toml").write_text(index, encoding="utf-8")
    for article_id, text in (ARTICLES if articles is None else articles).items():
        (folder / f"{article_id}.md").write_text(text + SOURCES, encoding="utf-8")
    return folder


def load_problems(folder: Path) -> str:
    with pytest.raises(LibraryError) as caught:
        ArticleLibrary.load(folder)
    return str(caught.value)


# -- slugify --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("How common is it?", "how-common-is-it"),
        ("Fasciculation: the common twitch", "fasciculation-the-common-twitch"),
        ("Caffeine & alcohol — what's safe?", "caffeine-alcohol-what-s-safe"),
        ("  B12 / magnesium  ", "b12-magnesium"),
        ("ALS (motor neurone disease)", "als-motor-neurone-disease"),
        ("snake_case and  spaces", "snake-case-and-spaces"),
        ("Sources", "sources"),
        ("?!", ""),
    ],
)
def test_slugify(heading: str, anchor: str) -> None:
    assert slugify(heading) == anchor


# -- loading --------------------------------------------------------------------------------------
def test_valid_library_loads_groups_articles_and_sections(tmp_path: Path) -> None:
    library = ArticleLibrary.load(write_library(tmp_path))

    assert [(g.title, g.article_ids) for g in library.groups] == [
        ("Understanding twitching", ("basics",)),
        ("Causes", ("coffee", "sleep")),
    ]
    assert [a.id for a in library] == ["basics", "coffee", "sleep"]
    basics = library.get("basics")
    assert basics.title == "What is twitching?"
    assert basics.markdown.startswith("# What is twitching?")
    assert basics.sections == (
        Section(1, "What is twitching?", "what-is-twitching"),
        Section(2, "Fasciculation: the common twitch", "fasciculation-the-common-twitch"),
        Section(3, "Cramp & tremor", "cramp-tremor"),
        Section(2, "Sources", "sources"),
    )  # the "#" line inside the code block is not a heading
    assert basics.source_links() == ["https://www.nhs.uk/conditions/twitching-eyes-and-muscles/"]
    with pytest.raises(KeyError, match="no article 'nope'"):
        library.get("nope")


def test_default_directory_is_the_resources_folder() -> None:
    library = ArticleLibrary.load()
    assert "what-is-twitching" in library


def test_index_entry_without_a_file_is_named(tmp_path: Path) -> None:
    folder = write_library(tmp_path)
    (folder / "sleep.md").unlink()
    assert "index.toml: 'sleep' has no file sleep.md" in load_problems(folder)


def test_file_missing_from_the_index_is_named(tmp_path: Path) -> None:
    folder = write_library(tmp_path)
    (folder / "extra.md").write_text("# Extra\n" + SOURCES, encoding="utf-8")
    assert "extra.md: not listed in any group of index.toml" in load_problems(folder)


def test_link_to_a_missing_article_names_file_and_link(tmp_path: Path) -> None:
    articles = dict(ARTICLES, sleep=ARTICLES["sleep"] + "\nSee [stress](stress.md).\n")
    problems = load_problems(write_library(tmp_path, articles))
    assert "sleep.md: link 'stress.md' points to a missing article 'stress'" in problems


def test_link_to_a_missing_anchor_names_file_and_link(tmp_path: Path) -> None:
    articles = dict(ARTICLES, sleep=ARTICLES["sleep"] + "\nSee [cups](coffee.md#cups).\n")
    problems = load_problems(write_library(tmp_path, articles))
    assert (
        "sleep.md: link 'coffee.md#cups': coffee.md has no heading with anchor '#cups'" in problems
    )


def test_same_article_anchor_is_checked(tmp_path: Path) -> None:
    articles = dict(ARTICLES, coffee=ARTICLES["coffee"] + "\nBack to [the top](#top).\n")
    assert "coffee.md: link '#top'" in load_problems(write_library(tmp_path, articles))


@pytest.mark.parametrize("link", ["../coffee.md", "coffee.html", "file:///etc/passwd", ""])
def test_links_outside_the_format_are_refused(tmp_path: Path, link: str) -> None:
    articles = dict(ARTICLES, sleep=ARTICLES["sleep"] + f"\nSee [this]({link}).\n")
    assert f"sleep.md: link '{link}'" in load_problems(write_library(tmp_path, articles))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    articles = dict(ARTICLES, sleep=ARTICLES["sleep"] + "\n[a](gone.md) [b](coffee.md#gone)\n")
    problems = load_problems(write_library(tmp_path, articles)).splitlines()
    assert len(problems) == 2


def test_article_must_start_with_a_title(tmp_path: Path) -> None:
    articles = dict(ARTICLES, sleep="Tiredness and sleep\n\n## Sleep debt\n")
    assert "sleep.md: must start with a '# Title' line" in load_problems(
        write_library(tmp_path, articles)
    )


def test_article_must_end_with_sources_with_an_https_link(tmp_path: Path) -> None:
    folder = write_library(tmp_path)
    (folder / "sleep.md").write_text("# Tiredness and sleep\n\n## Sleep debt\n", encoding="utf-8")
    assert "sleep.md: needs a '## Sources' section with at least one https link" in load_problems(
        folder
    )


@pytest.mark.parametrize(
    ("index", "message"),
    [
        ("[[group]]\ntitle = 'Causes'\narticles = [", "index.toml: cannot be read"),
        ("title = 'no groups'", "index.toml: needs at least one [[group]]"),
        ("[[group]]\narticles = ['basics']", "index.toml: group 1 needs a title"),
        ("[[group]]\ntitle = 'Causes'\narticles = 'coffee'", "group 'Causes' needs a list"),
        (
            INDEX + "\n[[group]]\ntitle = 'Again'\narticles = ['coffee']\n",
            "index.toml: 'coffee' is listed more than once",
        ),
    ],
)
def test_index_problems_are_named(tmp_path: Path, index: str, message: str) -> None:
    assert message in load_problems(write_library(tmp_path, index=index))


def test_missing_index_is_named(tmp_path: Path) -> None:
    folder = write_library(tmp_path)
    (folder / "index.toml").unlink()
    assert "index.toml: missing" in load_problems(folder)


# -- links ----------------------------------------------------------------------------------------
def test_resolve_relative_links(tmp_path: Path) -> None:
    library = ArticleLibrary.load(write_library(tmp_path))

    assert library.resolve("coffee.md", "basics") == Target("coffee", None)
    assert library.resolve("./coffee.md#how-much-is-too-much", "basics") == Target(
        "coffee", "how-much-is-too-much"
    )
    assert library.resolve("#cramp-tremor", "basics") == Target("basics", "cramp-tremor")
    assert library.resolve("sleep.md#sleep%2Ddebt", "basics") == Target("sleep", "sleep-debt")
    assert library.resolve("https://www.nhs.uk/", "basics") is None
    assert library.resolve("mailto:gp@example.org", "basics") is None
    with pytest.raises(LinkError, match=r"basics\.md: link 'coffee\.md#nope'"):
        library.resolve("coffee.md#nope", "basics")


def test_target_references_as_used_by_advice_rules(tmp_path: Path) -> None:
    library = ArticleLibrary.load(write_library(tmp_path))

    assert library.target("coffee") == Target("coffee", None)
    assert library.target("coffee#how-much-is-too-much") == Target("coffee", "how-much-is-too-much")
    with pytest.raises(LinkError, match="no article 'tea'"):
        library.target("tea")
    with pytest.raises(LinkError, match="no anchor '#cups'"):
        library.target("coffee#cups")


# -- search ---------------------------------------------------------------------------------------
def test_search_is_case_insensitive_and_finds_the_section(tmp_path: Path) -> None:
    library = ArticleLibrary.load(write_library(tmp_path))

    hits = library.search("ENERGY drinks")

    assert [(h.article_id, h.title, h.anchor, h.heading) for h in hits] == [
        ("coffee", "Caffeine and twitching", "how-much-is-too-much", "How much is too much?")
    ]
    assert hits[0].section_index == 1
    assert "Energy drinks" in hits[0].snippet


def test_search_needs_every_word_in_the_article(tmp_path: Path) -> None:
    library = ArticleLibrary.load(write_library(tmp_path))

    assert {h.article_id for h in library.search("caffeine")} == {"coffee", "sleep"}
    assert [h.article_id for h in library.search("caffeine debt")] == ["sleep"]
    assert library.search("caffeine unicorn") == []
    assert library.search("  ?! ") == []


def test_search_ranks_the_article_about_the_words_first(tmp_path: Path) -> None:
    library = ArticleLibrary.load(write_library(tmp_path))
    assert [h.article_id for h in library.search("caffeine")] == ["coffee", "sleep"]


def test_search_matches_visible_text_not_markup_or_link_targets(tmp_path: Path) -> None:
    library = ArticleLibrary.load(write_library(tmp_path))

    assert [h.anchor for h in library.search("fasciculation flickers")] == [
        "fasciculation-the-common-twitch"
    ]  # across the **bold** markup
    assert library.search("how-much-is-too-much") == []  # only inside a link target


def test_snippet_is_short_and_marks_cuts(tmp_path: Path) -> None:
    long_text = " ".join(["Plain words before."] * 20 + ["The word magnesium."] + ["After."] * 40)
    articles = dict(ARTICLES, sleep=f"# Tiredness and sleep\n\n{long_text}\n\n## Sleep debt\n")
    library = ArticleLibrary.load(write_library(tmp_path, articles))

    (hit,) = library.search("magnesium")

    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "magnesium" in hit.snippet
    assert len(hit.snippet) < 200
    assert hit.anchor == "tiredness-and-sleep"  # the introduction belongs to the title


def test_query_words() -> None:
    assert query_words("Caffeine, ALS/MND: don't CAFFEINE") == [
        "caffeine",
        "als",
        "mnd",
        "don't",
    ]


# -- layering -------------------------------------------------------------------------------------
def test_articles_module_does_not_import_qt() -> None:
    code = "import sys; sys.modules['PySide6'] = None; import twitchdesk.core.articles"
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the real articles ----------------------------------------------------------------------------
REQUIRED_ARTICLES = [
    "what-is-twitching",
    "causes-stress-anxiety",
    "causes-tiredness-sleep",
    "causes-caffeine-alcohol",
    "causes-deficiencies",
    "causes-electrolytes-medicines",
    "causes-exercise",
    "causes-other-conditions",
    "treatment-by-cause",
    "when-to-see-a-doctor",
    "preparing-for-appointment",
]


def test_real_articles_load_validate_and_have_sources() -> None:
    library = ArticleLibrary.load()  # raises, listing every problem, if anything is broken

    for article_id in REQUIRED_ARTICLES:
        article = library.get(article_id)
        assert article.sections[-1].heading == "Sources", article_id
        assert any(url.startswith("https://") for url in article.source_links()), article_id
    for article in library:
        for link in article.links():
            library.resolve(link, article.id)


def test_real_search_finds_words_in_several_articles() -> None:
    library = ArticleLibrary.load()
    for word in ("caffeine", "stress", "doctor"):
        assert len(library.search(word)) >= 3, word
