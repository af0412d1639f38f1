"""The summary report for a clinician: built from the diary, drawn with QPainter (QtGui only).

Public API (imported lazily, so `import twitchdesk.report` costs nothing)::

    write_report_pdf(diary, path, first=None, last=None, patient=None, paper="locale")
    render_report(diary, device, first=None, last=None, patient=None)   # a QPrinter
    Patient(name="", date_of_birth=None), ReportInfo

Modules: `model` (what the report says, no Qt), `layout` (pages, wrapped text, tables),
`document` (the sections, header and footer), `bodymap_figure`, `chart`, `fonts`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Patient", "ReportInfo", "render_report", "write_report_pdf"]


def __getattr__(name: str) -> Any:
    if name in ("ReportInfo", "render_report", "write_report_pdf"):
        from twitchdesk.report import document

        return getattr(document, name)
    if name == "Patient":
        from twitchdesk.report.model import Patient

        return Patient
    raise AttributeError(f"module 'twitchdesk.report' has no attribute {name!r}")
