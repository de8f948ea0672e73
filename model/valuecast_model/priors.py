"""Start the heads' biases at the train split's label statistics.

With these biases the first epoch begins at the unconditional ZILN and
Poisson fits, not at p = 0.5 and mu = 0, so early steps need not learn the
base rates.
"""

import math

import torch

from .data import SplitData
from .network import SIGMA_FLOOR, ValueNetwork

# Keeps logit(p) and log(rate) finite on splits where every label is 0.
MIN_FRACTION = 1e-4


def set_label_priors(network: ValueNetwork, train: SplitData) -> None:
    """Set the ZILN and orders head biases from `train`'s labels."""
    value = train.label_value.double()
    positive = value > 0
    fraction = float(positive.double().mean())
    fraction = min(max(fraction, MIN_FRACTION), 1.0 - MIN_FRACTION)
    log_value = torch.log(value[positive])
    mean_log = float(log_value.mean()) if len(log_value) else 0.0
    std_log = float(log_value.std()) if len(log_value) > 1 else 1.0
    sigma = max(std_log - SIGMA_FLOOR, SIGMA_FLOOR)
    mean_orders = max(float(train.label_orders.double().mean()), MIN_FRACTION)

    with torch.no_grad():
        network.ziln_head.bias.copy_(
            torch.tensor(
                [
                    math.log(fraction / (1.0 - fraction)),
                    mean_log,
                    _inverse_softplus(sigma),
                ]
            )
        )
        network.orders_head.bias.fill_(math.log(mean_orders))


def _inverse_softplus(y: float) -> float:
    return y + math.log(-math.expm1(-y))
