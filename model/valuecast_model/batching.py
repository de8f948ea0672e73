"""Batches of customers with similar order counts, trimmed of padding.

Orders are right-aligned, so a batch only needs its last k positions, where
k is the largest order count in the batch. Padding keys get an attention
weight of exactly 0, so dropping them changes the result only by float
rounding. Grouping customers by order count keeps k small for most batches,
which makes training several times faster on the CPU.
"""

from typing import Dict, List, Optional, Tuple

import torch

from .data import SplitData

# Customers are sorted by order count within pools of this many batches: a
# larger pool trims more padding, a smaller one mixes the batches more.
POOL_BATCHES = 16
INPUTS = ("seq", "mask", "summary", "seq_category")
SEQUENCE_INPUTS = ("seq", "mask", "seq_category")
LABELS = ("label_value", "label_orders", "label_next_category")

Tensors = Dict[str, Optional[torch.Tensor]]


def order_counts(split: SplitData) -> torch.Tensor:
    """Return the number of real orders per customer, int64 [N]."""
    return split.mask.sum(dim=1).round().long()


def training_batches(
    counts: torch.Tensor, batch_size: int, generator: torch.Generator
) -> List[torch.Tensor]:
    """Return shuffled row-index batches [<= batch_size] drawn from `generator`.

    Rows are shuffled, sorted by order count within each pool, cut into
    batches, and the batches shuffled again.
    """
    order = torch.randperm(len(counts), generator=generator)
    pool = batch_size * POOL_BATCHES
    batches: List[torch.Tensor] = []
    for start in range(0, len(order), pool):
        rows = order[start : start + pool]
        # A stable sort keeps the random order among equal counts.
        rows = rows[torch.sort(counts[rows], stable=True).indices]
        batches.extend(rows.split(batch_size))
    shuffled = torch.randperm(len(batches), generator=generator)

    return [batches[index] for index in shuffled.tolist()]


def evaluation_batches(
    counts: torch.Tensor, batch_size: int
) -> List[torch.Tensor]:
    """Return every row once, in batches sorted by order count."""
    rows = torch.sort(counts, stable=True).indices
    return list(rows.split(batch_size))


def take_batch(
    split: SplitData,
    rows: torch.Tensor,
    counts: torch.Tensor,
    device: torch.device,
) -> Tuple[Tensors, Tensors]:
    """Return the inputs and labels of `rows`, trimmed, on `device`.

    Sequence inputs keep their last k positions, k being the largest order
    count among `rows` (at least 1).
    """
    keep = max(int(counts[rows].max()), 1)
    inputs = _take(split, INPUTS, rows, device, keep)
    labels = _take(split, LABELS, rows, device, keep)
    return inputs, labels


def _take(split, names, rows, device, keep: int) -> Tensors:
    selected: Tensors = {}
    for name in names:
        tensor = getattr(split, name)
        if tensor is not None:
            tensor = tensor.index_select(0, rows)
            if name in SEQUENCE_INPUTS:
                tensor = tensor[:, tensor.shape[1] - keep :]
            tensor = tensor.to(device, non_blocking=True)
        selected[name] = tensor
    return selected
