"""Second review: checking another reviewer's codings, and resolving disagreements."""

from .check import CheckSession, Verdict, verdicts
from .queue import (Disagreement, Resolution, consensus_codings, disagreements, double_coders, resolutions,
                    set_double_coders)

__all__ = ["CheckSession", "Verdict", "verdicts", "Disagreement", "Resolution",
           "disagreements", "resolutions", "consensus_codings", "double_coders", "set_double_coders"]
