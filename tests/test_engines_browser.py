"""A representative part of the browser tests, on the sample built by ProperDocs and by
Zensical.

tests/test_browser.py runs them all on MkDocs' build; tests/test_engines.py shows MkDocs' and
ProperDocs' builds equal but for the generator tag. Zensical renders Material's templates
with its own engine and its own copy of the theme: these make sure, where patients look, that
each engine's site keeps the promises: no request leaves the site, it works from a USB key
and without JavaScript, axe finds nothing, search answers, the offline copy and the site's
own security policy work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.engines import PROPERDOCS, ZENSICAL
from tests.conftest import build_sample, require_engine
from tests.test_browser import (  # noqa: F401 (the tests and the browser, run here again)
    browser,
    test_axe_finds_no_wcag_2_1_aa_violation,
    test_no_request_leaves_the_site,
    test_offline_copy_works_from_file_with_navigation_and_search,
    test_search_ranks_and_tolerates_typos,
    test_site_works_under_its_own_content_security_policy,
    test_the_404_page_stays_in_the_site_under_a_sub_path,
    test_the_site_works_from_file,
    test_without_javascript_numbers_and_banner_are_there,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=[PROPERDOCS, ZENSICAL])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portal, built by each other engine at the tests' fixed moment."""
    name: str = request.param
    require_engine(name)
    return build_sample(tmp_path_factory.mktemp(name) / "site", name)
