"""Model outputs computed from the raw head values.

The names are the ONNX output names in docs/contracts.md, and predict.py
writes the same names, so the TypeScript parity test can match them.
"""

from typing import Dict, Tuple

import torch

from .quantiles import ziln_quantile

QUANTILE_LEVELS = {"value_p10": 0.1, "value_p50": 0.5, "value_p90": 0.9}
CATEGORY_OUTPUT = "category_probs"
BASE_OUTPUTS = (
    "p_alive",
    "expected_value",
    *QUANTILE_LEVELS,
    "expected_orders",
)


def output_names(category_count: int) -> Tuple[str, ...]:
    """Return the output names in export order."""
    if category_count > 0:
        return BASE_OUTPUTS + (CATEGORY_OUTPUT,)
    return BASE_OUTPUTS


def compute_outputs(heads: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    """Turn raw head values into the named outputs.

    `heads` contains logit, mu, sigma and log_rate, each [batch], and
    category_logits [batch, C] when the model has categories. Every output is
    [batch] except category_probs, which is [batch, C].
    """
    p_alive = torch.sigmoid(heads["logit"])
    mu = heads["mu"]
    sigma = heads["sigma"]

    outputs = {
        "p_alive": p_alive,
        # Mean of the mixture: p times the lognormal mean exp(mu + sigma^2/2).
        "expected_value": p_alive * torch.exp(mu + 0.5 * sigma * sigma),
    }
    for name, level in QUANTILE_LEVELS.items():
        outputs[name] = ziln_quantile(p_alive, mu, sigma, level)
    outputs["expected_orders"] = torch.exp(heads["log_rate"])
    if "category_logits" in heads:
        outputs[CATEGORY_OUTPUT] = torch.softmax(heads["category_logits"], -1)

    return outputs
