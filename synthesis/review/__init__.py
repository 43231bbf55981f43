"""Second review: checking another reviewer's codings, and resolving disagreements."""

from .check import CheckSession, Verdict, verdicts
from .queue import Disagreement, Resolution, consensus_codings, disagreements, resolutions

__all__ = ["CheckSession", "Verdict", "verdicts", "Disagreement", "Resolution",
           "disagreements", "resolutions", "consensus_codings"]
