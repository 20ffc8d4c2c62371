"""Generated pages, compared with reviewed golden copies; relative links; escaping at source."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render import _linker, render_pages
from generator.status import snapshot
from tests.conftest import NOW, Project, compare_with_golden

GOLDEN = Path(__file__).parent / "golden"


def test_generated_pages_match_golden_copies(project: Project, update_golden: bool) -> None:
    """Any change to a generated page shows as a diff; refresh with `pytest --update-golden`."""
    directory = project.check().directory
    assert directory is not None
    compare_with_golden(GOLDEN, render_pages(directory, snapshot(directory, NOW)), update_golden)


def test_update_golden_reports_what_it_rewrote_and_fails(tmp_path: Path) -> None:
    """`--update-golden` never passes after a rewrite: it lists the files and fails."""
    (tmp_path / "gone.md").write_text("old")
    (tmp_path / "same.md").write_text("same")
    with pytest.raises(pytest.fail.Exception, match=r"rewritten: \['new.md'\], removed: "
                                                    r"\['gone.md'\]"):
        compare_with_golden(tmp_path, {"new.md": "new", "same.md": "same"}, update=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md", "same.md"]
    compare_with_golden(tmp_path, {"new.md": "new", "same.md": "same"}, update=True)
    with pytest.raises(AssertionError, match=r"same\.md differs"):
        compare_with_golden(tmp_path, {"new.md": "new", "same.md": "changed"}, update=False)


@pytest.mark.parametrize(("current", "target", "expected"), [
    ("index.md", "annuaire.md", "annuaire.html"),
    ("services/x.md", "annuaire.md", "../annuaire.html"),
    ("services/x.md", "etablissements/y.md", "../etablissements/y.html"),
    ("etablissements/index.md", "etablissements/y.md", "../etablissements/y.html"),
])
def test_links_are_relative_so_any_base_path_works(current: str, target: str,
                                                   expected: str) -> None:
    """No leading slash, no host: the same pages work under /crise/chu/ and from file://."""
    assert _linker(current)(target) == expected


def test_private_services_get_no_page(project: Project) -> None:
    """A service marked `public: non` is in no generated page at all."""
    project.write("directory/services/prive.yml", """\
        etablissement: hopital-test
        services:
          - id: bloc-operatoire
            nom: Régulation du bloc opératoire
            type: autre
            public: non
            telephones: [{numero: 02 61 91 09 90, libelle: Régulation}]
        """)
    directory = project.check().directory
    assert directory is not None
    pages = render_pages(directory, snapshot(directory, NOW))
    assert "services/cardiologie.md" in pages and "services/bloc-operatoire.md" not in pages
    assert not any("02 61 91 09 90" in text or "bloc" in text.lower() for text in pages.values())
