"""How the stats subcommands print findings."""

from __future__ import annotations

from thbhub.statistics.standard import Issue


def issue_line(issue: Issue) -> str:
    """One finding as `file, row N, column C: value — message`."""
    value = issue.value or "(empty)"
    return (
        f"{issue.sheet}, row {issue.row}, column {issue.column or '-'}: {value} — {issue.message}"
    )
