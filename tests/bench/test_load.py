"""The load test at CI size: a few users for a few seconds against gunicorn, a real
Celery worker, a private redis-server and an SMTP server, with every fault injected
on a short schedule. No timing is asserted: recovering "by itself" is bounded by
bench.load.RECOVERY_BOUND, a wait generous enough to mean only that."""

from __future__ import annotations

import pytest

from bench import load

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_writes_all_land_and_the_service_survives_every_fault(database_url):

    results = load.run(
        users=8,
        seconds=15,
        faults=load.FAULTS,
        schedule=load.Schedule.short(),
        database_url=database_url,
        workers=2,
    )

    writes, phases = results["writes"], results["requests"]["by_phase"]
    # Every write answered with success is in the database exactly once.
    assert writes["succeeded"] > 0
    assert writes["lost"] == 0, writes["lost_examples"]
    assert writes["doubled"] == 0
    assert writes["landed"] == writes["succeeded"]
    assert writes["refused"] == 0
    assert writes["edit_finals_are_edits"]
    assert writes["imports_extracted"]
    assert writes["duplicate_candidates"] == 0
    # Every page a user asked for could be used (its form, token or JSON read).
    assert results["client_error_count"] == 0, results["client_errors"]
    # Outside the faults' windows, no request failed.
    for phase in ("before faults", "between and after faults"):
        assert phases[phase]["requests"] > 0
        assert phases[phase].get("errors_5xx", 0) == 0, results["requests"]
        assert phases[phase].get("dropped", 0) == 0, results["requests"]
    # Killed database connections fail requests with an answer, never a dropped
    # connection, and the service comes back without help.
    assert phases["db"].get("dropped", 0) == 0
    faults = results["faults"]
    assert set(faults) == set(load.FAULTS)
    assert faults["db"]["recovery_seconds"] is not None
    assert all(kill["connections_killed"] > 0 for kill in faults["db"]["kills"])
    # Redis unreachable: the import made meanwhile is saved with its extraction
    # pending, and extracted once Redis is back.
    redis = faults["redis"]
    assert redis["import_status"] == 202
    assert (redis["extraction_during"], redis["extraction_after"]) == (
        "pending",
        "done",
    )
    # The mail server down: every reminder failed, then went out, once.
    smtp = faults["smtp"]
    assert smtp["failed_while_down"] == smtp["reminders"] > 0
    assert smtp["delivered"] == smtp["reminders"]
    assert smtp["messages"] == smtp["recipients"]
    assert smtp["duplicates"] == 0
    # A worker killed mid-extraction: the message came back and finished once.
    worker = faults["worker"]
    assert worker["running_when_killed"]
    assert (worker["state"], worker["runs"], worker["duplicates"]) == ("done", 2, 0)
    assert worker["candidates"] == 2
    assert all(figures["passed"] for figures in faults.values()), faults
    assert all(held for _, held in load.verdicts(results))
