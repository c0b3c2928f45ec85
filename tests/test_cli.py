"""The command line on a real database file: a round trip, and every kind of bad input
giving exit status 2, a message naming the option, and an unchanged database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from euromed_desktop.cli import cli
from tests.conftest import dump


@pytest.fixture
def run(db_path: Path):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


def ok_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def test_round_trip(run, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    meeting = ok_json(
        run(
            "meetings",
            "create",
            "--title",
            "Legal migration pathways",
            "--start",
            "2026-03-10",
            "--end",
            "2026-03-11",
            "--country",
            "tn",
            "--languages",
            "en,fr,ar",
            "--thematic-area",
            "legal_migration",
            "--json",
        )
    )
    mid = meeting["id"]
    assert meeting["timezone"] == "Africa/Tunis" and meeting["country"] == "TN"
    prefix = mid[:6]
    person = ok_json(
        run(
            "participants",
            "add",
            "--meeting",
            prefix,
            "--family-name",
            "Haddad",
            "--given-name",
            "Leila",
            "--country",
            "JO",
            "--email",
            "l.haddad@example.org",
            "--stakeholder-group",
            "ngo",
            "--role",
            "speaker",
            "--consent",
            "--json",
        )
    )
    session = ok_json(
        run(
            "agenda",
            "add",
            "--meeting",
            prefix,
            "--title",
            "Opening",
            "--kind",
            "opening",
            "--start",
            "2026-03-10T09:00",
            "--end",
            "2026-03-10T09:30",
            "--json",
        )
    )
    panel = ok_json(
        run(
            "agenda",
            "add",
            "--meeting",
            prefix,
            "--title",
            "Skills partnerships",
            "--kind",
            "panel",
            "--parent",
            session["id"][:8],
            "--speaker",
            person["id"],
            "--json",
        )
    )
    block = ok_json(
        run(
            "minutes",
            "add",
            "--meeting",
            prefix,
            "--item",
            panel["id"],
            "--kind",
            "intervention",
            "--speaker",
            person["id"][:8],
            "--time",
            "09:40",
            "--text",
            "The representative stressed fair recruitment.",
            "--json",
        )
    )
    edited = ok_json(
        run(
            "minutes",
            "edit",
            "--meeting",
            prefix,
            block["id"][:8],
            "--insert",
            "4",
            "NGO ",
            "--translation",
            "ar",
            "شدّد الممثل على التوظيف العادل.",
            "--json",
        )
    )
    assert edited["text"] == "The NGO representative stressed fair recruitment."
    attended = ok_json(
        run(
            "participants",
            "attend",
            "--meeting",
            prefix,
            person["id"][:8],
            "--day",
            "2026-03-10",
            "--day",
            "2026-03-11",
            "--json",
        )
    )
    assert attended["attendance"] == {"2026-03-10": True, "2026-03-11": True}
    moved = ok_json(run("agenda", "move", "--meeting", prefix, panel["id"][:8], "--json"))
    assert moved["parent_id"] is None

    listing = ok_json(run("agenda", "list", "--meeting", prefix, "--json"))
    assert [i["id"] for i in listing] == [session["id"], panel["id"]]
    assert ok_json(run("participants", "list", "--meeting", prefix, "--json"))[0]["email"] == (
        "l.haddad@example.org"
    )
    shown = ok_json(run("meetings", "show", prefix, "--json"))
    assert shown["counts"]["participants"] == 1 and shown["counts"]["blocks"] == 1
    hits = ok_json(run("search", "recruit", "--json"))
    assert [h["ref_id"] for h in hits] == [block["id"]]
    assert ok_json(run("minutes", "show", "--meeting", prefix, "--json"))[0]["translations"]["ar"]

    # The human-readable forms too.
    assert "Legal migration pathways" in run("meetings", "list").stdout
    assert "Skills partnerships" in run("agenda", "list", "--meeting", prefix).stdout
    assert "Haddad" in run("participants", "list", "--meeting", prefix).stdout
    assert "fair recruitment" in run("minutes", "show", "--meeting", prefix).stdout
    assert run("db", "check").stdout.startswith("Healthy: 1 meeting,")
    assert run("db", "rebuild").stdout.strip() == "Rebuilt 1 meeting."
    assert run("meetings", "delete", prefix, "--yes").exit_code == 0
    assert ok_json(run("meetings", "list", "--json")) == []


def _setup(run) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    mid = ok_json(
        run(
            "meetings",
            "create",
            "--title",
            "M",
            "--start",
            "2026-03-10",
            "--end",
            "2026-03-11",
            "--country",
            "TN",
            "--json",
        )
    )["id"]
    ok_json(
        run(
            "participants",
            "add",
            "--meeting",
            mid,
            "--family-name",
            "Haddad",
            "--email",
            "taken@example.org",
            "--json",
        )
    )
    item = ok_json(run("agenda", "add", "--meeting", mid, "--title", "S", "--json"))["id"]
    block = ok_json(
        run("minutes", "add", "--meeting", mid, "--item", item, "--text", "abc", "--json")
    )["id"]
    return mid, item, block


BAD_INPUT = [
    (
        [
            "meetings",
            "create",
            "--title",
            "T",
            "--start",
            "2026-03-11",
            "--end",
            "2026-03-10",
            "--country",
            "TN",
        ],
        "--end",
    ),
    (
        [
            "meetings",
            "create",
            "--title",
            "T",
            "--start",
            "2026-03-10",
            "--end",
            "2026-03-11",
            "--country",
            "XX",
        ],
        "--country",
    ),
    (
        [
            "meetings",
            "create",
            "--title",
            "T",
            "--start",
            "2026-03-10",
            "--end",
            "2026-03-11",
            "--country",
            "TN",
            "--languages",
            "en,qq",
        ],
        "--languages",
    ),
    (
        [
            "meetings",
            "create",
            "--title",
            " ",
            "--start",
            "2026-03-10",
            "--end",
            "2026-03-11",
            "--country",
            "TN",
        ],
        "--title",
    ),
    (
        [
            "meetings",
            "create",
            "--title",
            "T",
            "--start",
            "10/03/2026",
            "--end",
            "2026-03-11",
            "--country",
            "TN",
        ],
        "--start",
    ),
    (
        ["agenda", "add", "--meeting", "{mid}", "--title", "X", "--start", "2026-03-12T09:00"],
        "--start",
    ),
    (
        [
            "agenda",
            "add",
            "--meeting",
            "{mid}",
            "--title",
            "X",
            "--start",
            "2026-03-10T10:00",
            "--end",
            "2026-03-10T09:00",
        ],
        "--end",
    ),
    (["agenda", "add", "--meeting", "{mid}", "--title", ""], "--title"),
    (["agenda", "add", "--meeting", "{mid}", "--title", "X", "--kind", "party"], "--kind"),
    (
        [
            "participants",
            "add",
            "--meeting",
            "{mid}",
            "--family-name",
            "X",
            "--email",
            "not-an-address",
        ],
        "--email",
    ),
    (
        [
            "participants",
            "add",
            "--meeting",
            "{mid}",
            "--family-name",
            "X",
            "--email",
            "TAKEN@example.org",
        ],
        "--email",
    ),
    (
        ["participants", "add", "--meeting", "{mid}", "--family-name", "X", "--country", "ZZ"],
        "--country",
    ),
    (["participants", "add", "--meeting", "{mid}", "--family-name", "  "], "--family-name"),
    (
        ["participants", "add", "--meeting", "{mid}", "--family-name", "X", "--languages", "ar,xx"],
        "--languages",
    ),
    (
        ["minutes", "add", "--meeting", "{mid}", "--item", "{item}", "--text", "t", "--lang", "xx"],
        "--lang",
    ),
    (
        [
            "minutes",
            "add",
            "--meeting",
            "{mid}",
            "--item",
            "{item}",
            "--text",
            "t",
            "--time",
            "25:00",
        ],
        "--time",
    ),
    (["minutes", "edit", "--meeting", "{mid}", "{block}", "--insert", "10", "x"], "--position"),
    (["minutes", "edit", "--meeting", "{mid}", "{block}", "--delete", "2", "5"], "--position"),
    (["meetings", "show", "nope-not-an-id"], "No record"),
    (["agenda", "list", "--meeting", "ffffffff"], "No record"),
]


@pytest.mark.parametrize(("args", "named"), BAD_INPUT)
def test_bad_input_exits_2_names_the_field_and_changes_nothing(
    run, db_path: Path, args: list[str], named: str
) -> None:  # type: ignore[no-untyped-def]
    mid, item, block = _setup(run)
    before = dump(db_path)
    result = run(*[a.format(mid=mid, item=item, block=block) for a in args])
    assert result.exit_code == 2, result.output
    assert named in result.stderr
    assert dump(db_path) == before


def test_the_installed_command_reports_bad_input_on_stderr(db_path: Path) -> None:
    env = {**os.environ, "EUROMED_DB": str(db_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "euromed_desktop.cli",
            "meetings",
            "create",
            "--title",
            "T",
            "--start",
            "2026-03-10",
            "--end",
            "2026-03-09",
            "--country",
            "TN",
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: --end: The end date 2026-03-09 is before")
    listing = subprocess.run(
        [sys.executable, "-m", "euromed_desktop.cli", "meetings", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert json.loads(listing.stdout) == []
