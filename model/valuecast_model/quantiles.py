"""Quantiles of the zero-inflated lognormal (ZILN) spend distribution.

ONNX has no inverse error function, so the standard normal quantile is
Acklam's rational approximation, written with torch.where so that it exports
as plain ONNX ops. In float64 it stays within 1e-8 of
statistics.NormalDist.inv_cdf on (1e-6, 1 - 1e-6), as the tests check.

Both functions compute in float64 and return the input dtype. In float32 the
central polynomial cancels badly near p = 0.03, with errors up to 2.3e-4 in
the quantile, while in float64 the approximation error dominates.
"""

import torch

# Probabilities passed to normal_ppf are clamped into this open interval, which
# keeps the logarithms finite and bounds the quantile near +-4.75.
PPF_EPSILON = 1e-6

# Below this probability (and above 1 minus it) Acklam's tail formula applies.
PPF_TAIL = 0.02425

# Coefficients of Peter J. Acklam's rational approximation of the inverse
# normal cumulative distribution function.
CENTRAL_NUMERATOR = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
CENTRAL_DENOMINATOR = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
    1.0,
)
TAIL_NUMERATOR = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
TAIL_DENOMINATOR = (
    7.784695709041462e-03,
    3.224671290700398e-01,
    2.445134137142996e00,
    3.754408661907416e00,
    1.0,
)


def normal_ppf(probability: torch.Tensor) -> torch.Tensor:
    """Return the standard normal quantile of `probability` (any shape).

    Inputs are clamped to (PPF_EPSILON, 1 - PPF_EPSILON).
    """
    p = probability.double().clamp(PPF_EPSILON, 1.0 - PPF_EPSILON)

    centred = p - 0.5
    r = centred * centred
    central = (
        centred
        * _polynomial(CENTRAL_NUMERATOR, r)
        / _polynomial(CENTRAL_DENOMINATOR, r)
    )
    # Both tails use the smaller of p and 1 - p, then restore the sign.
    tail_p = torch.where(p < 0.5, p, 1.0 - p)
    t = torch.sqrt(-2.0 * torch.log(tail_p))
    tail = _polynomial(TAIL_NUMERATOR, t) / _polynomial(TAIL_DENOMINATOR, t)
    tail = torch.where(p < 0.5, tail, -tail)

    in_tail = (p < PPF_TAIL) | (p > 1.0 - PPF_TAIL)
    return torch.where(in_tail, tail, central).to(probability.dtype)


def ziln_quantile(
    p_alive: torch.Tensor,
    mu: torch.Tensor,
    sigma: torch.Tensor,
    level: float,
) -> torch.Tensor:
    """Return the `level` quantile of the ZILN mixture, elementwise.

    The mixture is 0 with probability 1 - p_alive and LogNormal(mu, sigma)
    otherwise, so its quantile is 0 when level <= 1 - p_alive and
    exp(mu + sigma * PhiInv((level - (1 - p_alive)) / p_alive)) above.
    p_alive, mu and sigma share one shape, [batch] in the model.
    """
    p = p_alive.double()
    zero_mass = 1.0 - p
    # The clamp only guards the division in the branch that where() drops
    # when p_alive underflows to 0.
    conditional = (level - zero_mass) / p.clamp(1e-12, 1.0)
    value = torch.exp(mu.double() + sigma.double() * normal_ppf(conditional))
    value = torch.where(level <= zero_mass, torch.zeros_like(value), value)

    return value.to(p_alive.dtype)


def _polynomial(coefficients, x: torch.Tensor) -> torch.Tensor:
    """Evaluate the polynomial with `coefficients` (highest power first)."""
    result = x * coefficients[0] + coefficients[1]
    for coefficient in coefficients[2:]:
        result = result * x + coefficient
    return result
