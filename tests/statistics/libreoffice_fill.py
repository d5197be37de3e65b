"""Fill the questionnaire workbook in LibreOffice Calc, as a statistician would.

Run by Debian's /usr/bin/python3, whose ``uno`` module drives a headless
LibreOffice (the project's virtualenv cannot import it), so this file uses
nothing but the standard library and ``uno``.

    python3 libreoffice_fill.py fill JOB.json [--pipe NAME]
    python3 libreoffice_fill.py serve --pipe NAME --profile DIR

``fill`` opens ``JOB["template"]``, types ``JOB["cells"]`` and saves the
document as xlsx to ``JOB["output"]`` with Calc's own Excel filter; it then
prints what a person at the keyboard would have noticed, as JSON. With
--pipe it uses an office that ``serve`` started (LibreOffice takes seconds
to start, so a test module starts one and fills many files with it);
without, it starts and ends one of its own.

``serve`` starts an office, prints one JSON line once it accepts
connections, and ends it when its standard input closes, so the office
goes away with whoever started it even when that process is killed.

A job's cell is ``{"sheet": ..., "cell": "E7", "value": ...}``: a number is
typed as a number, text starting with "=" as a formula, other text as text,
null empties the cell (the Delete key). A cell without "value" is only
looked at.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# A cold start with a fresh profile on a busy two-core machine takes a while.
START_TIMEOUT = 90.0
EXCEL_FILTER = "Calc MS Excel 2007 XML"


def _properties(**values):
    found = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        found.append(prop)
    return tuple(found)


def _accept_string(pipe):
    return f"pipe,name={pipe};urp;StarOffice.ComponentContext"


def _connect(pipe, process=None, timeout=START_TIMEOUT):
    """The office's desktop, once it accepts connections on ``pipe``."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            context = resolver.resolve(f"uno:{_accept_string(pipe)}")
            break
        except NoConnectException:
            # An office that died will never answer: say so now, not at the deadline.
            if process is not None and process.poll() is not None:
                raise SystemExit(f"soffice ended with status {process.returncode}") from None
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"soffice did not accept connections within {timeout:.0f} s"
                ) from None
            time.sleep(0.25)
    return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)


@contextlib.contextmanager
def _office(pipe, profile):
    """A headless soffice with a private profile, ended whatever happens.

    The private profile keeps the run from reading or changing the settings
    of anyone's own LibreOffice, and lets two runs work side by side.
    """
    command = [
        "soffice",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
        f"--accept={_accept_string(pipe)}",
    ]
    # A session of its own: soffice is a launcher that starts soffice.bin,
    # and ending the group ends both if the polite way fails.
    process = subprocess.Popen(  # noqa: S603 — a fixed command line
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    desktop = None
    try:
        desktop = _connect(pipe, process)
        yield desktop
    finally:
        if desktop is not None:
            # The connection drops while the office quits, which raises here.
            with contextlib.suppress(Exception):
                desktop.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _type(cell, value):
    """What typing ``value`` and pressing Enter leaves in the cell."""
    if value is None:
        # VALUE, DATETIME, STRING, ANNOTATION, FORMULA: what Delete removes.
        cell.clearContents(1 | 2 | 4 | 8 | 16)
    elif isinstance(value, bool):
        raise SystemExit(f"cannot type {value!r}: give a number or a text")
    elif isinstance(value, int | float):
        cell.setValue(value)
    elif value.startswith("="):
        cell.setFormula(value)
    else:
        cell.setString(value)


def _validation(cell):
    rule = cell.Validation
    kind = rule.Type.value
    return {"validation": kind, "choices": rule.getFormula1() if kind == "LIST" else ""}


def fill(desktop, job):
    """Type the job's cells into the template and save it; what was seen, as a dict."""
    template = uno.systemPathToFileUrl(str(Path(job["template"]).resolve()))
    document = desktop.loadComponentFromURL(template, "_blank", 0, _properties(Hidden=True))
    if document is None:
        raise SystemExit(f"LibreOffice could not open {job['template']}")
    try:
        # Every call below crosses a pipe to the office: sheets and cells are
        # fetched once, or looking at a thousand cells takes many seconds.
        sheets = {name: document.Sheets.getByName(name) for name in document.Sheets.ElementNames}
        protected = {name: sheet.isProtected() for name, sheet in sheets.items()}
        cells, seen = [], []
        for entry in job["cells"]:
            cell = sheets[entry["sheet"]].getCellRangeByName(entry["cell"])
            locked = cell.CellProtection.IsLocked
            # Calc refuses a keystroke in a locked cell of a protected sheet;
            # the API would not, so the check is made here.
            refused = "value" in entry and locked and protected[entry["sheet"]]
            if "value" in entry and not refused:
                _type(cell, entry["value"])
            cells.append(cell)
            seen.append(
                {
                    "sheet": entry["sheet"],
                    "cell": entry["cell"],
                    "locked": locked,
                    "refused": refused,
                    **_validation(cell),
                }
            )
        # Grey cells repeat figures typed elsewhere: what they show once Calc
        # has worked them out is what the statistician reads on screen.
        document.calculateAll()
        for cell, found in zip(cells, seen, strict=True):
            found["shown"] = cell.String
        report = {
            "structure_protected": document.isProtected(),
            "sheets": protected,
            "cells": seen,
        }
        output = uno.systemPathToFileUrl(str(Path(job["output"]).resolve()))
        document.storeToURL(output, _properties(FilterName=EXCEL_FILTER, Overwrite=True))
        return report
    finally:
        # True hands the document over to be closed even if something still holds it.
        document.close(True)  # noqa: FBT003 — UNO takes it positionally


def _answer(facts):
    """One JSON line on standard output: the caller reads nothing else there."""
    sys.stdout.write(json.dumps(facts) + "\n")
    sys.stdout.flush()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    actions = parser.add_subparsers(dest="action", required=True)
    one = actions.add_parser("fill", help="fill and save one workbook")
    one.add_argument("job", type=Path)
    one.add_argument("--pipe", help="use the office serve started on this pipe")
    serve = actions.add_parser("serve", help="keep an office running until stdin closes")
    serve.add_argument("--pipe", required=True)
    serve.add_argument("--profile", type=Path, required=True)
    options = parser.parse_args(argv)

    if options.action == "serve":
        with _office(options.pipe, options.profile):
            _answer({"ready": options.pipe})
            sys.stdin.read()
        return
    job = json.loads(options.job.read_text(encoding="utf-8"))
    if options.pipe:
        report = fill(_connect(options.pipe), job)
    else:
        with (
            tempfile.TemporaryDirectory(prefix="thbhub-soffice-") as profile,
            _office(f"thbhub-fill-{os.getpid()}", profile) as desktop,
        ):
            report = fill(desktop, job)
    _answer(report)
    if options.pipe:
        # The work is saved and answered. A client of a running office leaves
        # at once: the UNO bridge's clean-up at interpreter exit has crashed
        # with SIGSEGV now and then (seen once in a clean checkout's test run,
        # after the full answer was written), which would turn a finished job
        # into a failure.
        sys.stderr.flush()
        os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
