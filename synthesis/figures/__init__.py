"""Publication figures, regenerated from a review's data.

Every figure function takes tidy data (and ``ax=None``), returns the matplotlib
:class:`~matplotlib.figure.Figure`, never calls ``plt.show()`` and touches no global
state: the house style (:mod:`~synthesis.figures.style`) is applied through
``matplotlib.rc_context``. :func:`save` writes SVG (text kept as text), PDF (fonts
embedded) and PNG (300 dpi), the same bytes for the same data, with an alt-text file
beside them. :func:`write_figures` (``synthesis figures``) writes every figure of a
project.

=================================  ==========================================  =======================
figure                             tidy data                                   read from a project by
=================================  ==========================================  =======================
:func:`prisma_figure`              PRISMA counts (checked: :func:`read_prisma`) ``corpus/prisma.csv``
:func:`ingredients_figure`         theme, descriptive                          :func:`analytical_themes`
:func:`matrix_figure`              element, x, y (+ the two continua)          :func:`read_matrix`
:func:`coverage_heatmap`           theme, study, n                             :func:`coverage_frame`
:func:`codings_per_theme`          theme, reviewer, n                          :func:`codings_per_theme_frame`
:func:`agreement_chart`            code, alpha, low, high                      :func:`agreement_frame`
:func:`stages_figure`              stage, percent                              :func:`read_stages`
:func:`self_evaluation_figure`     theme, response, n, status                  :func:`read_self_evaluation`
=================================  ==========================================  =======================
"""

from .build import FigureSpec, Plan, project_figures, write_figures
from .counts import agreement_chart, codings_per_theme, coverage_heatmap
from .data import (
    AnalyticalTheme, MatrixSpec, ThemeSet, agreement_frame, analytical_themes, codebook_path,
    codings_per_theme_frame, coverage_frame, matrix_spec, read_ingredients, read_matrix,
)
from .ingredients import ingredients_figure
from .journey import (
    RESPONSES, is_illustrative, read_self_evaluation, read_stages, self_evaluation_figure, stages_caption,
    stages_figure,
)
from .matrix import matrix_figure
from .prisma import Discrepancy, PrismaFlow, read_prisma
from .prisma_draw import prisma_figure
from .relations import (
    cooccurrence_heatmap, cooccurrence_network, matrix_alt_text, matrix_heatmap, network_alt_text,
)
from .style import FORMATS, RC, WIDTHS_MM, save, style
from .words import word_frequency_alt_text, word_frequency_chart

__all__ = [
    "prisma_figure", "ingredients_figure", "matrix_figure", "coverage_heatmap", "codings_per_theme",
    "agreement_chart", "stages_figure", "stages_caption", "self_evaluation_figure",
    "word_frequency_chart", "word_frequency_alt_text",
    "matrix_heatmap", "cooccurrence_heatmap", "cooccurrence_network", "matrix_alt_text", "network_alt_text",
    "read_prisma", "PrismaFlow", "Discrepancy", "read_matrix", "MatrixSpec", "read_ingredients",
    "analytical_themes", "ThemeSet", "AnalyticalTheme", "coverage_frame", "codings_per_theme_frame",
    "agreement_frame", "matrix_spec", "codebook_path", "read_stages", "read_self_evaluation",
    "is_illustrative", "RESPONSES",
    "save", "style", "RC", "FORMATS", "WIDTHS_MM", "write_figures", "project_figures", "FigureSpec", "Plan",
]
