"""Training hyperparameters, their defaults and their checks."""

import math
from dataclasses import dataclass, fields
from typing import Any, Dict

from .errors import ConfigError


@dataclass(frozen=True)
class Hyperparameters:
    """Settings of one training run, with train.py's defaults."""

    epochs: int = 40
    batch_size: int = 512
    learning_rate: float = 2e-3
    weight_decay: float = 1e-2
    d_model: int = 32
    heads: int = 4
    layers: int = 2
    dropout: float = 0.1
    patience: int = 5
    seed: int = 1

    def to_json(self) -> Dict[str, Any]:
        """Return the settings with model.json's camelCase keys."""
        return {
            _camel_case(f.name): getattr(self, f.name) for f in fields(self)
        }

    def validate(self) -> None:
        """Raise ConfigError naming the first invalid setting and its fix."""
        _require(self.epochs >= 1, "--epochs", self.epochs, "use 1 or more")
        _require(
            self.batch_size >= 1,
            "--batch-size",
            self.batch_size,
            "use 1 or more",
        )
        _require(
            math.isfinite(self.learning_rate) and self.learning_rate > 0,
            "--learning-rate",
            self.learning_rate,
            "use a positive number such as 2e-3",
        )
        _require(
            math.isfinite(self.weight_decay) and self.weight_decay >= 0,
            "--weight-decay",
            self.weight_decay,
            "use 0 or a positive number such as 1e-2",
        )
        _require(self.heads >= 1, "--heads", self.heads, "use 1 or more")
        _require(
            self.d_model >= 1 and self.d_model % self.heads == 0,
            "--d-model",
            self.d_model,
            f"use a positive multiple of --heads {self.heads}, such as "
            f"{self.heads * max(1, round(self.d_model / self.heads))}",
        )
        _require(self.layers >= 1, "--layers", self.layers, "use 1 or more")
        _require(
            0.0 <= self.dropout < 1.0,
            "--dropout",
            self.dropout,
            "use a value in [0, 1), such as 0.1",
        )
        _require(
            self.patience >= 1, "--patience", self.patience, "use 1 or more"
        )
        _require(
            0 <= self.seed < 2**63,
            "--seed",
            self.seed,
            "use an integer from 0 to 2^63 - 1",
        )


def _require(valid: bool, option: str, value: Any, fix: str) -> None:
    if not valid:
        raise ConfigError(f"invalid {option} {value}: {fix}")


def _camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(part.capitalize() for part in rest)
