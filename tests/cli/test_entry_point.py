"""The installed `thbhub` command, where exit codes and the terminal matter.

One test, in a fresh data folder with its own SQLite database, because
every start of the command, and migrating and loading the demo data, cost
seconds; everything else is tested through call_command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

THBHUB = Path(sys.executable).with_name("thbhub")


def test_exit_codes_and_messages_of_the_installed_command(tmp_path: Path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("THBHUB_", "DATABASE_URL", "DJANGO_"))
    }
    env["THBHUB_DATA_DIR"] = str(tmp_path / "data")

    def thbhub(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 — a fixed program with test arguments
            [str(THBHUB), *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert thbhub("migrate", "-v", "0").returncode == 0
    assert thbhub("demo").returncode == 0

    export = thbhub(
        "directory", "export", "--out", "rs.xlsx", "--country", "RS", "--as", "rs.coordinator"
    )
    assert export.returncode == 0, export.stderr
    assert export.stdout.startswith("Wrote ")

    refused = thbhub("directory", "import", "rs.xlsx", "--as", "al.coordinator")
    assert refused.returncode == 1
    assert "100% 11/11" in refused.stderr
    assert ", column Country code: RS — You can change only your own country's contacts." in (
        refused.stderr
    )
    assert "nothing was imported" in refused.stderr
