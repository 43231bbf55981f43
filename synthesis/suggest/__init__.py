"""Code suggestions learned from the team's own codings, on the reviewer's own computer.

A multi-label classifier (spaCy's ``textcat_multilabel``, through ``corpus/textcat.py``) is
trained on the sentences the team coded; it suggests up to three codes for each uncoded
sentence of a source, finds passages like a code or a quotation, lists codings unlike the rest
of their code, and is evaluated source by source against two baselines. Accepting a suggestion
is an ordinary coding with ``suggested_by`` provenance; rejecting one is an event too. Nothing
is downloaded or sent anywhere (docs/suggestions.md).

>>> from synthesis.suggest import train, suggestions, accept, reject, evaluate
>>> MIN_EXAMPLES
5
"""

from .data import Sentence, labelled
from .events import Rejection, accept, accept_all, provenance, reject, rejections
from .evaluate import Evaluation, evaluate, methods_text
from .model import MIN_EXAMPLES, Model, Settings, needs_more, stored, train, training_data
from .similar import check, similar
from .suggestions import THRESHOLD, TOP, Suggestion, learn, suggestions

__all__ = [
    "Sentence", "labelled", "Rejection", "accept", "accept_all", "provenance", "reject", "rejections",
    "Evaluation", "evaluate", "methods_text", "MIN_EXAMPLES", "Model", "Settings", "needs_more", "stored",
    "train", "training_data", "check", "similar", "THRESHOLD", "TOP", "Suggestion", "learn",
    "suggestions",
]
