"""The learned scorer of candidate links: a logistic regression over features.FEATURES.

The weights live in model.json beside this file, written by devtools/train_links.py from the
hand-labelled pages (see that script for the data and the site-held-out evaluation). Scoring is
a dot product and a sigmoid: no numeric library at run time.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from crawler.extract.caching import memo
from crawler.extract.links.features import FEATURES

MODEL_FILE = "model.json"


@dataclass(frozen=True)
class LinkModel:
    """Weights of the logistic regression and the default confidence threshold."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    """The default RELATED_MIN_CONFIDENCE: the threshold chosen by site-held-out validation."""
    info: dict[str, Any]
    """How the weights were made (data, date, held-out figures), for the README and users."""

    def confidence(self, row: Sequence[float]) -> float:
        """P(related coverage) for one feature vector."""
        if len(row) != len(self.weights):
            raise ValueError(f"{len(row)} features for a model of {len(self.weights)}")
        z = self.bias + sum(map(operator.mul, self.weights, row))
        # Clamped: exp overflows beyond ~709.
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkModel:
        """Read a model; its features must be the ones this code computes, in order."""
        features = tuple(str(name) for name in data["features"])
        if features != FEATURES:
            missing = sorted(set(FEATURES) - set(features))
            extra = sorted(set(features) - set(FEATURES))
            raise ValueError(
                f"link model is stale (retrain with devtools/train_links.py): features "
                f"missing {missing}, unknown {extra}, or in another order"
            )
        weights = tuple(float(w) for w in data["weights"])
        return cls(
            features=features,
            weights=weights,
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            info=dict(data.get("info", {})),
        )


@memo(maxsize=None)
def default_model() -> LinkModel:
    """The shipped model (read once per process)."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return LinkModel.from_dict(json.loads(text))


def parse_min_confidence(raw: object) -> float | None:
    """A RELATED_MIN_CONFIDENCE value: None (unset or empty: the model's own threshold) or a
    number in [0, 1]; anything else is a ValueError that says what was expected."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"expected a number from 0 to 1, got {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"expected a number from 0 to 1, got {raw!r}")
    return value
