"""``euromed export`` / ``import`` / ``receipt`` between two laptops (two database files, two
device keys), as a script would run them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from euromed_desktop.cli import cli
from tests.conftest import dump


class Laptop:
    def __init__(self, folder: Path, name: str) -> None:
        self.db = folder / f"{name}.sqlite"
        self.env = {"EUROMED_KEYS": str(folder / f"keys-{name}"), "EUROMED_PASSPHRASE": ""}
        self.runner = CliRunner()

    def run(self, *args: str, input: str | None = None, **env: str) -> Result:
        return self.runner.invoke(
            cli,
            ["--db", str(self.db), *args],
            env={**self.env, **env},
            input=input,
            catch_exceptions=False,
        )

    def ok(self, *args: str, **env: str) -> Result:
        result = self.run(*args, **env)
        assert result.exit_code == 0, result.output + result.stderr
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Laptop, Laptop, str, str]:
    amina, bruno = Laptop(tmp_path, "amina"), Laptop(tmp_path, "bruno")
    meeting = amina.json(
        "meetings", "create", "--title", "Irregular migration", "--start", "2026-04-01",
        "--end", "2026-04-02", "--country", "MA", "--languages", "fr,ar",
    )  # fmt: skip
    item = amina.json("agenda", "add", "--meeting", meeting["id"], "--title", "Ouverture")
    block = amina.json(
        "minutes", "add", "--meeting", meeting["id"], "--item", item["id"],
        "--text", "Le président ouvre la séance.",
    )  # fmt: skip
    return amina, bruno, meeting["id"], block["id"]


def test_export_import_and_receipt(
    laptops: tuple[Laptop, Laptop, str, str], tmp_path: Path
) -> None:
    amina, bruno, meeting_id, block_id = laptops
    bundle = tmp_path / "amina.euromed"
    out = amina.ok("export", "--meeting", meeting_id[:8], "-o", str(bundle))
    assert "Wrote" in out.stdout and bundle.exists()

    first = bruno.ok("import", str(bundle))
    assert "new on this laptop" in first.stdout
    assert "First bundle from the device" in first.stderr
    shown = bruno.json("minutes", "show", "--meeting", meeting_id[:8])
    assert "Le président ouvre la séance." in json.dumps(shown, ensure_ascii=False)

    before = dump(bruno.db)
    again = bruno.json("import", str(bundle))
    assert again["changed"] is False and again["trust"] == "known" and not again["warnings"]
    assert dump(bruno.db) == before

    # Bruno tells Amina what he has; she sends back only what is new.
    receipt = tmp_path / "bruno.receipt.euromed"
    assert "Wrote" in bruno.ok("receipt", "-o", str(receipt)).stdout
    amina.ok(
        "minutes", "edit", "--meeting", meeting_id[:8], block_id[:8], "--insert", "0", "10h : ",
    )  # fmt: skip
    delta = tmp_path / "delta.euromed"
    result = amina.json(
        "export", "--meeting", meeting_id, "-o", str(delta), "--receipt", str(receipt)
    )
    assert result["delta"] is True and result["size"] < bundle.stat().st_size
    summary = bruno.json("import", str(delta))
    assert summary["meetings"][0]["records"] == 1
    assert summary["device"]["fingerprint"]

    # Amina imports the receipt: from then on "--for" Bruno sends only news.
    assert "Receipt remembered" in amina.ok("import", str(receipt)).stdout
    devices = json.loads(amina.ok("import", str(receipt), "--json").stdout)
    result = amina.json(
        "export", "--meeting", meeting_id, "-o", str(tmp_path / "d2.euromed"),
        "--for", devices["device"]["id"][:8],
    )  # fmt: skip
    assert result["delta"] is True


def test_the_approved_minutes_reach_the_other_laptop(
    laptops: tuple[Laptop, Laptop, str, str], tmp_path: Path
) -> None:
    amina, bruno, meeting_id, _block = laptops
    amina.ok("minutes", "status", "--meeting", meeting_id, "review", "--by", "Amina")
    amina.ok("minutes", "status", "--meeting", meeting_id, "approve", "--by", "Karim Haddad")
    bundle = tmp_path / "approved.euromed"
    amina.ok("export", "--meeting", meeting_id, "-o", str(bundle))
    imported = bruno.ok("import", str(bundle))
    assert "2 versions of the minutes received" in imported.stdout
    listed = bruno.json("versions", "list", "--meeting", meeting_id)
    assert [v["approved"] for v in listed] == [False, True]
    assert listed[1]["author"] == "Karim Haddad"
    assert "nothing new" in bruno.ok("import", str(bundle)).stdout


def test_encrypted_export_with_passphrase_from_environment_or_prompt(
    laptops: tuple[Laptop, Laptop, str, str], tmp_path: Path
) -> None:
    amina, bruno, meeting_id, _block = laptops
    bundle = tmp_path / "secret.euromed"
    amina.ok("export", "--meeting", meeting_id, "-o", str(bundle), "--encrypt",
             EUROMED_PASSPHRASE="cedar 42")  # fmt: skip
    assert b"Irregular" not in bundle.read_bytes()
    wrong = bruno.run("import", str(bundle), input="pine 7\n")
    assert wrong.exit_code == 2 and "Wrong passphrase" in wrong.stderr
    assert (
        "new on this laptop"
        in bruno.ok("import", str(bundle), EUROMED_PASSPHRASE="cedar 42").stdout
    )
    # Asked for when not in the environment.
    prompted = amina.run("export", "--meeting", meeting_id, "-o", str(tmp_path / "p.euromed"),
                         "--encrypt", input="fig 9\nfig 9\n")  # fmt: skip
    assert prompted.exit_code == 0, prompted.stderr
    imported = bruno.run("import", str(tmp_path / "p.euromed"), input="fig 9\n")
    assert imported.exit_code == 0 and "nothing new" in imported.stdout


def test_review_and_comments_from_the_command_line(
    laptops: tuple[Laptop, Laptop, str, str], tmp_path: Path
) -> None:
    amina, _bruno, meeting_id, _block = laptops
    review = tmp_path / "review.euromed"
    assert (
        amina.json("export", "--meeting", meeting_id, "-o", str(review), "--kind", "review")["kind"]
        == "review"
    )
    refused = amina.run("import", str(review))
    assert refused.exit_code == 2 and "review copy" in refused.stderr
    comments = amina.run("export", "--meeting", meeting_id, "-o", str(tmp_path / "c.euromed"),
                         "--kind", "comments", "--receipt", str(review))  # fmt: skip
    assert comments.exit_code == 2 and "one meeting, always in full" in comments.stderr


def test_bad_bundle_exits_2_and_changes_nothing(
    laptops: tuple[Laptop, Laptop, str, str], tmp_path: Path
) -> None:
    amina, _bruno, _meeting_id, _block = laptops
    junk = tmp_path / "junk.euromed"
    junk.write_bytes(b"PK\x03\x04 definitely not a bundle")
    before = dump(amina.db)
    result = amina.run("import", str(junk))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: This file is not a EUROMED bundle")
    assert dump(amina.db) == before
