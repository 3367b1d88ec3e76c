"""Type into cells of a workbook with LibreOffice, as a clerk would, and save it as .xlsx.

Run by a Python that can ``import uno`` (the system one, with python3-uno), not by the
test's virtual environment:

    python3 tests/libreoffice_typing.py IN.xlsx OUT.xlsx SHEET E4=350322... B12=张三 ...

Each value goes through Calc's own input line (the dispatcher's ``EnterString`` on the cell
chosen with ``GoToCell``), the path a keystroke takes: the cell's number format decides
whether ``350322197503010021`` stays text or becomes the number 3.50322197503010E+17.
Setting the value through the API instead would skip that decision and prove nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)  # polling a process we started; nothing to wait on instead


def main(src: str, dst: str, sheet: str, edits: list[str]) -> None:
    pipe = f"cunwu-test-{os.getpid()}"
    with tempfile.TemporaryDirectory() as profile:
        soffice = subprocess.Popen(
            ["soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
             "--norestore", f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            ctx = connect(pipe)
            smgr = ctx.ServiceManager  # type: ignore[attr-defined]
            desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            doc = desktop.loadComponentFromURL(Path(src).absolute().as_uri(), "_blank", 0,
                                               (prop("Hidden", True),))
            dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
            controller = doc.getCurrentController()
            controller.setActiveSheet(doc.Sheets.getByName(sheet))
            frame = controller.getFrame()
            for edit in edits:
                cell, text = edit.split("=", 1)
                dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", cell),))
                dispatcher.executeDispatch(frame, ".uno:EnterString", "", 0, (prop("StringName", text),))
            doc.storeToURL(Path(dst).absolute().as_uri(), (prop("FilterName", "Calc MS Excel 2007 XML"),))
            doc.close(True)
            try:
                desktop.terminate()
            except Exception:  # the bridge closes as soffice exits
                pass
            soffice.wait(timeout=60)
        finally:
            if soffice.poll() is None:
                soffice.kill()
                soffice.wait()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
