"""Per-feature means and standard deviations of the train split.

The network stores them as buffers and normalises inside forward, so the
exported ONNX graph takes the raw tensors that the TypeScript encoder makes.
"""

from dataclasses import dataclass

import numpy as np
import torch

from .data import SplitData

# A feature that is constant on the train split (log_quantity when the export
# has no quantities) is left unscaled, not divided by zero.
MIN_STD = 1e-6


@dataclass
class FeatureStats:
    """Means and standard deviations: seq_* float32 [F], summary_* [S]."""

    seq_mean: torch.Tensor
    seq_std: torch.Tensor
    summary_mean: torch.Tensor
    summary_std: torch.Tensor


def compute_feature_stats(train: SplitData) -> FeatureStats:
    """Compute the statistics of `train`, over real orders only for seq.

    `train` must hold at least one customer.
    """
    seq = train.seq.numpy().astype(np.float64)
    weight = train.mask.numpy().astype(np.float64)[:, :, None]
    count = max(weight.sum(), 1.0)
    seq_mean = (seq * weight).sum(axis=(0, 1)) / count
    seq_var = (((seq - seq_mean) ** 2) * weight).sum(axis=(0, 1)) / count

    summary = train.summary.numpy().astype(np.float64)
    summary_mean = summary.mean(axis=0)
    summary_var = summary.var(axis=0)

    return FeatureStats(
        seq_mean=_tensor(seq_mean),
        seq_std=_tensor(_std(seq_var)),
        summary_mean=_tensor(summary_mean),
        summary_std=_tensor(_std(summary_var)),
    )


def _std(variance: np.ndarray) -> np.ndarray:
    std = np.sqrt(variance)
    return np.where(std < MIN_STD, 1.0, std)


def _tensor(values: np.ndarray) -> torch.Tensor:
    return torch.tensor(np.asarray(values).reshape(-1), dtype=torch.float32)
