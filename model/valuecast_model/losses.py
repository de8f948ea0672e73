"""Training losses: ZILN for spend, Poisson for orders, cross entropy for the
next category. Each is computed in float32 from the raw head values.
"""

import math
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

import torch
import torch.nn.functional as F

HALF_LOG_TWO_PI = 0.5 * math.log(2.0 * math.pi)

# The vocabulary starts at dataset index 2: 0 is padding and 1 unknown.
FIRST_CATEGORY_INDEX = 2
IGNORED = -100


def ziln_loss_terms(
    logit: torch.Tensor,
    mu: torch.Tensor,
    sigma: torch.Tensor,
    label: torch.Tensor,
) -> torch.Tensor:
    """Return each customer's zero-inflated lognormal loss, shape [batch].

    Binary cross entropy of p = sigmoid(logit) against label > 0, plus, for
    positive labels, the lognormal negative log-likelihood
    log(y) + log(sigma) + log(2 pi) / 2 + (log(y) - mu)^2 / (2 sigma^2).
    All four inputs are [batch], and labels must be at least 0.
    """
    positive = (label > 0).to(logit.dtype)
    classification = F.binary_cross_entropy_with_logits(
        logit, positive, reduction="none"
    )
    # Zero labels add no likelihood term, and 1 keeps their log finite.
    log_label = torch.log(torch.where(label > 0, label, torch.ones_like(label)))
    regression = (
        log_label
        + torch.log(sigma)
        + HALF_LOG_TWO_PI
        + (log_label - mu) ** 2 / (2.0 * sigma * sigma)
    )

    return classification + positive * regression


def ziln_loss(logit, mu, sigma, label) -> torch.Tensor:
    """Return the ZILN loss averaged over the batch, a scalar."""
    return ziln_loss_terms(logit, mu, sigma, label).mean()


@dataclass
class LossSums:
    """Summed loss terms of a batch, so epochs can be averaged exactly."""

    ziln: float
    orders: float
    category: float
    category_count: int
    rows: int

    def add(self, other: "LossSums") -> "LossSums":
        """Return the element-wise sum of two LossSums."""
        return LossSums(
            ziln=self.ziln + other.ziln,
            orders=self.orders + other.orders,
            category=self.category + other.category,
            category_count=self.category_count + other.category_count,
            rows=self.rows + other.rows,
        )

    def total(self) -> float:
        """Return the mean ZILN + Poisson loss plus the mean category loss."""
        rows = max(self.rows, 1)
        category = self.category / max(self.category_count, 1)
        return self.ziln / rows + self.orders / rows + category


def compute_loss(
    heads: Dict[str, torch.Tensor],
    label_value: torch.Tensor,
    label_orders: torch.Tensor,
    label_next_category: Optional[torch.Tensor],
) -> Tuple[torch.Tensor, LossSums]:
    """Return the batch loss to minimise and its summed terms.

    heads come from ValueNetwork.heads, and labels are [batch]. The category
    loss skips labels that name no vocabulary entry (-1 for no order in the
    horizon, 1 for an unknown category).
    """
    ziln = ziln_loss_terms(
        heads["logit"], heads["mu"], heads["sigma"], label_value
    ).sum()
    # full=False drops log(y!), which does not depend on the parameters.
    orders = F.poisson_nll_loss(
        heads["log_rate"], label_orders, log_input=True, reduction="sum"
    )
    rows = label_value.shape[0]
    loss = (ziln + orders) / rows
    category = torch.zeros_like(ziln)
    category_count = torch.zeros_like(ziln)
    if "category_logits" in heads and label_next_category is not None:
        target = label_next_category - FIRST_CATEGORY_INDEX
        known = target >= 0
        category = F.cross_entropy(
            heads["category_logits"],
            torch.where(known, target, torch.full_like(target, IGNORED)),
            ignore_index=IGNORED,
            reduction="sum",
        )
        category_count = known.sum().to(ziln.dtype)
        loss = loss + category / category_count.clamp(min=1.0)

    # One transfer per batch instead of one per term.
    values = torch.stack([ziln, orders, category, category_count]).tolist()
    sums = LossSums(
        ziln=values[0],
        orders=values[1],
        category=values[2],
        category_count=int(values[3]),
        rows=rows,
    )
    return loss, sums
