"""The interface in other languages: catalogues complete and current, English pages with no
French interface text, dates written the language's way in Paris time, French unchanged."""

from __future__ import annotations

import datetime as dt
import html
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator.communiques import load_communiques
from generator.hours_text import hours_in
from generator.i18n import languages
from generator.model.hours import parse_hours_line
from generator.site import generate_site
from generator.templating import datetime_in, day_month_in, template_environment
from generator.validate import check_directory
from tests.conftest import NOW, REPO

LOCALE = REPO / "generator" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")
TAG = re.compile(r"</?(\w+)")


def _read(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


def _translated_languages() -> list[str]:
    return [language for language in languages() if language != "fr"]


def test_languages_are_the_catalogues_found_french_first() -> None:
    """A language is a folder with a messages.po: no list in the code to keep up to date."""
    found = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/messages.po"))
    assert languages() == ("fr", *found)
    assert "en" in found


def test_the_template_catalogue_lists_every_marked_text() -> None:
    """A text marked in a template or with N_() but missing from messages.pot would stay
    French on every other language's site: `make catalogues` was forgotten."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    extracted = {(context, message if isinstance(message, str) else message[0])
                 for _file, _line, message, _comments, context in extract_from_dir(
                     str(REPO), method_map, options_map, keywords={
                         "_": None, "gettext": None, "ngettext": (1, 2),
                         "pgettext": ((1, "c"), 2), "N_": None})}
    listed = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
              for m in _read(LOCALE / "messages.pot") if m.id}
    assert extracted - listed == set(), "run `make catalogues`"
    assert listed - extracted == set(), "run `make catalogues`"


@pytest.mark.parametrize("language", _translated_languages())
def test_catalogue_translates_every_text_with_its_placeholders_and_tags(language: str) -> None:
    """Every message of the .pot has a checked translation (no fuzzy guess) keeping each
    `%(name)s` and each HTML tag: a dropped `%(phone)s` would hide a number to call."""
    template = _read(LOCALE / "messages.pot")
    catalogue = _read(LOCALE / language / "LC_MESSAGES" / "messages.po")
    problems = []
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id, message.context)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = (found.string if isinstance(found.string, tuple) else (found.string,)
                   if found else ())
        if found is None or found.fuzzy or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(ids[-1])) \
                    and not (len(ids) == 2 and "%(count)s" not in text):
                problems.append(f"placeholders differ: {ids[0]!r} → {text!r}")
            if sorted(TAG.findall(text)) != sorted(TAG.findall(ids[0])):
                problems.append(f"tags differ: {ids[0]!r} → {text!r}")
    assert problems == []


@cache
def _english_sample() -> dict[str, str]:
    """Every page and document of the sample (with its crisis and communiqués) in English."""
    checked = check_directory(REPO / "directory", REPO, NOW)
    assert checked.directory is not None
    communiques, _ = load_communiques(REPO / "content", REPO)
    site = generate_site(checked.directory, communiques, NOW, "example.org", language="en")
    banner = site.banner or {}
    return {**site.pages, **{path: text for path, text in site.files.items()
                             if path.endswith((".html", ".svg", ".xml"))},
            "(crisis banner)": " ".join(banner.values())}


def _text(markup: str) -> str:
    """What a reader sees: no tags, entities decoded, spaces as one."""
    shown = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"\s+", " ", shown.replace("\u00a0", " "))


def _data_texts() -> list[str]:
    """Every text of the sample's YAML and communiqués: French until data has languages."""
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(_text(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in (REPO / "directory").rglob("*.yml"):
        walk(yaml.safe_load(path.read_text("utf-8")))
    texts += [_text(p.read_text("utf-8")) for p in (REPO / "content").rglob("*.md")]
    return texts


def _french_fragments(language: str) -> set[str]:
    """The French catalogue's texts, cut at placeholders and tags, as a reader sees them;
    not those the translation keeps (`manifest.json`) nor those the data also says (a
    service named « Consultations de cardiologie »)."""
    catalogue = _read(LOCALE / language / "LC_MESSAGES" / "messages.po")
    data = _data_texts()
    fragments = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        kept = " ".join(message.string if isinstance(message.string, tuple)
                        else (message.string,))
        for text in ids:
            for part in re.split(r"%\(\w+\)s|\{\w+\}|<[^>]+>", text):
                part = _text(part).strip(" .:;,()")
                if len(part) >= 8 and part not in kept and not any(part in d for d in data):
                    fragments.add(part)
    return fragments


def test_english_pages_show_no_french_interface_text() -> None:
    """Every page, poster, embed, feed and the banner of the English sample: no text of the
    French catalogue is left (the data itself stays French until it has translations)."""
    fragments = _french_fragments("en")
    assert len(fragments) > 150  # the check looks for the catalogue, not for nothing
    left = sorted({(path, fragment) for path, markup in _english_sample().items()
                   for fragment in fragments if fragment in _text(markup)})
    assert left == []


def test_english_pages_say_it_in_english() -> None:
    """The words a patient reads first, and the documents' `lang`."""
    pages = _english_sample()
    assert "<h2 id=\"urgences\">In an emergency, call</h2>" in pages["index.md"]
    assert 'title: "Service status"' in pages["etat-des-services.md"]
    assert "Emergency department" in _text(pages["etat-des-services.md"])
    assert '<html lang="en">' in pages["annuaire-autonome.html"]
    assert 'xml:lang="en"' in pages["communiques/atom.xml"]


def test_english_dates_are_british_in_paris_time() -> None:
    """An instant stored in UTC is shown at its Paris time, in words of the language."""
    moment = dt.datetime(2026, 12, 1, 7, 30, tzinfo=dt.UTC)  # 8:30 in Paris
    assert datetime_in(moment, "en") == (
        '<time datetime="2026-12-01T08:30+01:00">1 December 2026, 08:30</time>')
    assert day_month_in(moment, "en") == '<time datetime="2026-12-01">1\u00a0December</time>'


def test_french_dates_stay_hand_written() -> None:
    """« 1er », « à » and no-break spaces: the French site does not change with Babel."""
    moment = dt.datetime(2026, 12, 1, 7, 30, tzinfo=dt.UTC)
    assert datetime_in(moment, "fr") == (
        '<time datetime="2026-12-01T08:30+01:00">1er décembre 2026 à\u00a08\u00a0h\u00a030</time>')


@pytest.mark.parametrize(("written", "english"), [
    ("lundi-vendredi 08:30-12:30, 13:30-17:00",
     "Monday to Friday, 08:30 to\u00a012:30 and 13:30 to\u00a017:00"),
    ("sam 9h-12h", "Saturday, 09:00 to\u00a012:00"),
    ("lundi, mercredi et vendredi 14:00-24:00",
     "Monday, Wednesday and Friday, 14:00 to\u00a024:00"),
    ("24h/24", "24\u00a0hours\u00a0a\u00a0day, 7\u00a0days\u00a0a\u00a0week"),
])
def test_opening_hours_are_said_in_english(written: str, english: str) -> None:
    """Day names and times from Babel, words from the catalogue; a time never broken."""
    line = parse_hours_line(written)
    assert hours_in(line, "en") == english
    assert hours_in(line, "fr") == line.text


def test_english_service_page_gives_its_hours_in_english() -> None:
    """The sample's cardiology outpatient line, as an English reader gets it."""
    page = _text(_english_sample()["services/cardiologie-consultations.md"])
    assert "Monday to Friday" in page and "lundi" not in page.lower()


def test_a_name_from_yaml_is_escaped_whatever_the_language() -> None:
    """`translated` may be handed what a comms person typed: it stays text, never HTML;
    only the code's own words in it are translated (a known function before its site)."""
    for language in languages():
        template = template_environment(language).from_string("{{ name | translated }}")
        assert template.render(name="<b>Urgences</b>") == "&lt;b&gt;Urgences&lt;/b&gt;"
    english = template_environment("en").from_string("{{ label | translated }}")
    assert english.render(label="service interrompu") == "service suspended"
    assert english.render(label="Urgences – Hôpital <Nord>") == (
        "Emergency department – Hôpital &lt;Nord&gt;")
    assert english.render(label="Urgences de Bourg – Nord") == "Urgences de Bourg – Nord"
