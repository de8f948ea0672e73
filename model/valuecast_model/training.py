"""The training loop: AdamW, early stopping on validation loss, best weights.

Runs are reproducible on CPU: the same seed, data and thread count give the
same weights, because every random draw comes from seeded generators.
"""

import math
import random
import time
from dataclasses import dataclass
from typing import Dict

import numpy as np
import torch

from .batching import (
    evaluation_batches,
    order_counts,
    take_batch,
    training_batches,
)
from .data import SplitData
from .device import autocast, uses_bf16
from .errors import TrainingError
from .hyperparameters import Hyperparameters
from .losses import LossSums, compute_loss
from .network import NetworkConfig, ValueNetwork
from .normalization import compute_feature_stats
from .priors import set_label_priors
from .progress import emit

# Evaluation keeps no activations for backward, so it can use larger batches.
EVALUATION_BATCH_SIZE = 4096
GRADIENT_CLIP_NORM = 1.0


@dataclass
class TrainResult:
    """The network with its best weights, on the CPU, and how it got there."""

    network: ValueNetwork
    best_epoch: int
    validation_loss: float
    epochs_run: int
    seconds: float
    device: str


def network_config(train: SplitData, hp: Hyperparameters) -> NetworkConfig:
    """Return the network shape for `train`'s manifest and `hp`."""
    manifest = train.manifest
    return NetworkConfig(
        max_orders=manifest.max_orders,
        sequence_features=len(manifest.sequence_features),
        summary_features=len(manifest.summary_features),
        category_count=manifest.category_count,
        d_model=hp.d_model,
        heads=hp.heads,
        layers=hp.layers,
        dropout=hp.dropout,
    )


def train_model(
    train: SplitData,
    validation: SplitData,
    hp: Hyperparameters,
    device: torch.device,
) -> TrainResult:
    """Train on `train`, stop early on `validation`, return the best weights.

    Prints one "epoch" event per epoch. Raises TrainingError when the
    training or validation loss is NaN or infinite.
    """
    seed_everything(hp.seed)
    network = ValueNetwork(
        network_config(train, hp), compute_feature_stats(train)
    )
    set_label_priors(network, train)
    network.to(device)
    optimizer = _optimizer(network, hp)
    shuffle = torch.Generator().manual_seed(hp.seed)
    bf16 = uses_bf16(device)
    best = _Best()
    started = time.perf_counter()

    epoch = 0
    for epoch in range(1, hp.epochs + 1):
        epoch_started = time.perf_counter()
        train_loss = _train_epoch(
            network, optimizer, train, hp, shuffle, device, bf16, epoch
        )
        validation_loss = evaluate_loss(network, validation, device, bf16)
        if not math.isfinite(validation_loss):
            raise TrainingError(
                f"validation loss became {validation_loss} in epoch {epoch}; "
                f"lower --learning-rate (now {hp.learning_rate}) or check the "
                "validation split for extreme values"
            )
        best.update(epoch, validation_loss, network)
        emit(
            "epoch",
            epoch=epoch,
            trainLoss=train_loss,
            validationLoss=validation_loss,
            bestEpoch=best.epoch,
            seconds=round(time.perf_counter() - epoch_started, 3),
        )
        if epoch - best.epoch >= hp.patience:
            break

    network.load_state_dict(best.state)
    network.to("cpu").eval()
    return TrainResult(
        network=network,
        best_epoch=best.epoch,
        validation_loss=best.loss,
        epochs_run=epoch,
        seconds=time.perf_counter() - started,
        device=str(device),
    )


def evaluate_loss(
    network: ValueNetwork,
    split: SplitData,
    device: torch.device,
    bf16: bool = False,
) -> float:
    """Return the mean loss of `network` on `split` in eval mode."""
    network.eval()
    counts = order_counts(split)
    sums = LossSums(0.0, 0.0, 0.0, 0, 0)
    with torch.no_grad():
        for rows in evaluation_batches(counts, EVALUATION_BATCH_SIZE):
            _, batch_sums = _batch_loss(
                network, split, rows, counts, device, bf16
            )
            sums = sums.add(batch_sums)

    return sums.total()


def seed_everything(seed: int) -> None:
    """Seed Python's, numpy's and torch's (CPU and CUDA) generators."""
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


def _train_epoch(network, optimizer, train, hp, shuffle, device, bf16, epoch):
    network.train()
    counts = order_counts(train)
    sums = LossSums(0.0, 0.0, 0.0, 0, 0)
    for rows in training_batches(counts, hp.batch_size, shuffle):
        loss, batch_sums = _batch_loss(
            network, train, rows, counts, device, bf16
        )
        if not torch.isfinite(loss):
            raise TrainingError(
                f"training loss became {float(loss)} in epoch {epoch}; lower "
                f"--learning-rate (now {hp.learning_rate}) or check the "
                "dataset for extreme values"
            )
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(network.parameters(), GRADIENT_CLIP_NORM)
        optimizer.step()
        sums = sums.add(batch_sums)

    return sums.total()


def _batch_loss(network, split: SplitData, rows, counts, device, bf16):
    inputs, labels = take_batch(split, rows, counts, device)
    with autocast(device, bf16):
        heads = network.heads(**inputs)

    return compute_loss(heads, **labels)


def _optimizer(network: ValueNetwork, hp: Hyperparameters):
    # Biases, LayerNorm gains and other vectors are not decayed: shrinking
    # them towards 0 would pull the heads away from the label priors.
    matrices = [p for p in network.parameters() if p.ndim >= 2]
    vectors = [p for p in network.parameters() if p.ndim < 2]
    groups = [
        {"params": matrices, "weight_decay": hp.weight_decay},
        {"params": vectors, "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=hp.learning_rate)


class _Best:
    """The lowest validation loss so far and a CPU copy of its weights."""

    def __init__(self):
        self.epoch = 0
        self.loss = float("inf")
        self.state: Dict[str, torch.Tensor] = {}

    def update(self, epoch: int, loss: float, network: ValueNetwork) -> None:
        """Keep `network`'s weights when `loss` is the lowest so far."""
        if loss < self.loss:
            self.epoch = epoch
            self.loss = loss
            self.state = {
                name: value.detach().to("cpu", copy=True)
                for name, value in network.state_dict().items()
            }
