"""The co-occurrence view: which codes are applied together, and the quotations of a pair.

Choose how codes meet (overlapping text, one sentence, one source), the coefficient
to sort by and whose codings; the table lists every pair that meets, and choosing a
pair lists the quotations where they meet. A thin layer over
:mod:`synthesis.query.cooccurrence`; every label and quotation is escaped.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Trust and money mattered.", title="Note", source_id="note")
>>> _ = p.apply_code("note", 0, 25, p.create_code("Trust"))
>>> _ = p.apply_code("note", 10, 15, p.create_code("Money"))
>>> view = CooccurrenceView(p)
>>> view.pairs.options[0][0]
'Money \u2194 Trust: 1 (c 1.00, Jaccard 0.20)'
>>> view.pairs.value = 0
>>> "Trust and money mattered." in view.quotations.value
True
>>> p.close()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as w

from ..errors import SynthesisError
from ..query.cooccurrence import Cooccurrence, cooccurrence, pair_quotations
from .markup import esc, status
from .matrix_view import CONSENSUS, quotation_list, whose, whose_choices

if TYPE_CHECKING:
    import pandas as pd

    from ..project import Project

BY_CHOICES = [("Overlapping text", "overlap"), ("Same sentence", "sentence"), ("Same source", "source")]
SORT_CHOICES = [("Number of meetings", "n"), ("c-coefficient", "c"), ("Jaccard's coefficient", "jaccard")]


class CooccurrenceView(w.VBox):
    """Pairs of codes that meet, strongest first, with the quotations of the chosen pair."""

    def __init__(self, project: "Project", by: str = "overlap") -> None:
        self.project = project
        self.by = w.Dropdown(description="Meet in", options=BY_CHOICES, value=by)
        self.sort = w.Dropdown(description="Sort by", options=SORT_CHOICES, value="n")
        self.whose = w.Dropdown(description="Whose", options=whose_choices(project), value=CONSENSUS)
        self.pairs = w.Select(rows=12, layout=w.Layout(width="100%"))
        self.status = w.HTML()
        self.quotations = w.HTML()
        self.found: Cooccurrence | None = None
        self.table: pd.DataFrame | None = None
        for control in (self.by, self.sort, self.whose):
            control.observe(lambda _change: self.refresh(), names="value")
        self.pairs.observe(lambda change: self.select(change["new"]), names="value")
        super().__init__([w.HBox([self.by, self.sort, self.whose]), self.status, self.pairs, self.quotations])
        self.refresh()

    def refresh(self) -> None:
        """Count again with the current choices and list the pairs."""
        self.quotations.value = ""
        try:
            self.found = cooccurrence(self.project, self.by.value, **whose(self.whose.value))
        except SynthesisError as exc:
            self.found, self.table = None, None
            self.pairs.options = []
            self.status.value = status(str(exc), error=True)
            return
        table = self.found.pairs()
        key = self.sort.value
        table = table.sort_values([key, "n", "code_a", "code_b"], ascending=[False, False, True, True],
                                  ignore_index=True, kind="stable")
        self.table = table
        self.pairs.options = [(f"{r.code_a} \u2194 {r.code_b}: {r.n} (c {r.c:.2f}, Jaccard {r.jaccard:.2f})", i)
                              for i, r in enumerate(table.itertuples())]
        self.pairs.value = None
        n = len(table)
        self.status.value = status(f"{n} pair{'s' if n != 1 else ''} of codes meet ({len(self.found.code_ids)} "
                                   "codes); choose a pair to read where they meet" if n else "no two codes meet")

    def select(self, index: int | None) -> None:
        """List the quotations of the pair in row ``index`` of the table."""
        if index is None or self.table is None or self.found is None:
            return
        row = self.table.iloc[index]
        try:
            frame = pair_quotations(self.project, row["code_a_id"], row["code_b_id"], self.found.by,
                                    **whose(self.whose.value))
        except SynthesisError as exc:
            self.quotations.value = status(str(exc), error=True)
            return
        self.quotations.value = quotation_list(frame, f"{row['code_a']} and {row['code_b']}") + (
            f"<p style='color:#555'>{esc(_explain(self.found.by))}</p>")


def _explain(by: str) -> str:
    return {"overlap": "Each quotation runs from the start to the end of the spans where the two codes overlap.",
            "sentence": "Each quotation is a sentence both codes touch.",
            "source": "Every passage of either code in a source that has both."}[by]
