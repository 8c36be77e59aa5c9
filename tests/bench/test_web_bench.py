"""`make bench`'s web part, run end to end at a tiny size so that it cannot rot:
its own databases, generate_synthetic, gunicorn, every page, the CSV, an import,
the load and the table. No timing is asserted; the bench itself judges that."""

from __future__ import annotations

import pytest

from bench import web

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_the_web_bench_measures_every_page_at_every_size(database_url):

    results = web.run(
        (20, 60), rounds=2, throughput_seconds=1, database_url=database_url
    )

    small, large = results["sizes"]["20"], results["sizes"]["60"]
    assert large["updates"] == 600
    assert set(small["pages"]) == set(large["pages"])
    for name, page in large["pages"].items():
        assert page["errors"] == [], name
        assert page["p50_ms"] is not None, name
        # Every response said how many queries it ran, as many in every round
        # (the caches are warm after the first rounds). Whether that number is
        # the same at both sizes is the bench's verdict: at this size a filter
        # may match nothing.
        assert len(page["queries"]) == 1, name
        assert len(small["pages"][name]["queries"]) == 1, name
    assert large["pages"]["API 304"]["queries"] == [1]
    assert large["csv"]["status"] == 200
    assert 0 < large["csv"]["rows"] <= 60
    assert large["import"]["status"] == 302
    assert large["throughput"]["requests"] > 0
    assert large["throughput"]["errors"] == 0
    assert set(large["after_a_change"]) == set(web.KEPT_PAGES)

    lines, verdicts = web.report(results)
    assert any(line.startswith("/commitments/") for line in lines)
    assert len(verdicts) == len(large["pages"]) - 2 + 2 + 2
