"""Second review: how far two or more reviewers' codings agree.

* :mod:`~synthesis.agreement.stats`: Krippendorff's alpha, Cohen's and Fleiss'
  kappa, percent agreement, bootstrap intervals, reliability thresholds;
* :mod:`~synthesis.agreement.units`: which units count, and the reliability
  data of a project's codings (segment or character units, code mappings);
* :mod:`~synthesis.agreement.report`: :func:`agreement`, the overall, per-code
  and per-source report (``synthesis agreement`` on the command line).

See docs/agreement.md.
"""

from .patterns import Figures
from .report import AgreementReport, agreement
from .stats import (bootstrap_alpha, cohen_kappa, cohen_kappa_table, fleiss_kappa, krippendorff_alpha,
                    percent_agreement, verdict)
from .units import CodeMapping, MappedCode, UnitTable, build_units, suggest_mapping

__all__ = [
    "agreement", "AgreementReport", "Figures",
    "krippendorff_alpha", "cohen_kappa", "cohen_kappa_table", "fleiss_kappa", "percent_agreement",
    "bootstrap_alpha", "verdict",
    "build_units", "UnitTable", "CodeMapping", "MappedCode", "suggest_mapping",
]
