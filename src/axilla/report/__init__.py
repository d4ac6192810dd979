"""report stage: the self-contained HTML report, its figure and table files, methods
text, reporting checklists and per-patient pages. It draws results; it computes none."""
from axilla.report.checklists import fill_checklists
from axilla.report.html import build_report
from axilla.report.inputs import (PERFORMANCE_COLUMNS, CalibrationCurve, LassoPath, QcCase,
                                  ReportInputs, RocCurve)
from axilla.report.methods import methods_text
from axilla.report.patient import PatientPrediction, patient_page, write_patient_pages
from axilla.report.tables import write_table

__all__ = ["build_report", "ReportInputs", "RocCurve", "CalibrationCurve", "LassoPath",
           "QcCase", "PERFORMANCE_COLUMNS", "methods_text", "fill_checklists", "write_table",
           "PatientPrediction", "patient_page", "write_patient_pages"]
