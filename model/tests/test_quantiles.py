"""Normal quantile and ZILN mixture quantiles against statistics.NormalDist."""

import math
from statistics import NormalDist

import pytest
import torch

from valuecast_model.quantiles import PPF_EPSILON, normal_ppf, ziln_quantile

STANDARD = NormalDist()
# Absolute error allowed for Acklam's approximation in float64 on
# (1e-6, 1 - 1e-6). The largest measured gap is 5e-9, at the clamp.
PPF_TOLERANCE = 1e-8
PROBABILITIES = [
    1e-6,
    1e-4,
    0.01,
    0.02425,
    0.05,
    0.2,
    0.5,
    0.8,
    0.97575,
    0.999,
    1 - 1e-6,
]


def float64(values):
    return torch.tensor(values, dtype=torch.float64)


def test_normal_ppf_matches_normal_dist():
    expected = [STANDARD.inv_cdf(p) for p in PROBABILITIES]

    actual = normal_ppf(float64(PROBABILITIES)).tolist()

    for p, got, want in zip(PROBABILITIES, actual, expected):
        assert got == pytest.approx(want, abs=PPF_TOLERANCE), p


def test_normal_ppf_float32_is_close():
    probabilities = torch.tensor(PROBABILITIES, dtype=torch.float32)
    # The reference gets the same float32-rounded inputs as the function.
    expected = [STANDARD.inv_cdf(p) for p in probabilities.tolist()]

    actual = normal_ppf(probabilities)

    assert actual.dtype == torch.float32
    for p, got, want in zip(PROBABILITIES, actual.tolist(), expected):
        assert got == pytest.approx(want, rel=1e-6, abs=1e-6), p


def test_normal_ppf_clamps_bounds():
    actual = normal_ppf(float64([0.0, 1e-12, 1.0])).tolist()

    assert actual[0] == pytest.approx(
        STANDARD.inv_cdf(PPF_EPSILON), abs=PPF_TOLERANCE
    )
    assert actual[1] == actual[0]
    assert actual[2] == pytest.approx(-actual[0], abs=PPF_TOLERANCE)


def reference_quantile(p, mu, sigma, level):
    if level <= 1 - p:
        return 0.0
    conditional = min(max((level - (1 - p)) / p, PPF_EPSILON), 1 - PPF_EPSILON)
    return math.exp(mu + sigma * STANDARD.inv_cdf(conditional))


@pytest.mark.parametrize("p", [0.05, 0.3, 0.55, 0.92, 0.999])
@pytest.mark.parametrize("level", [0.1, 0.5, 0.9])
def test_ziln_quantile_matches_reference(p, level):
    mu, sigma = 2.5, 0.9
    expected = reference_quantile(p, mu, sigma, level)

    actual = ziln_quantile(float64([p]), float64([mu]), float64([sigma]), level)

    assert actual.item() == pytest.approx(expected, rel=1e-7, abs=1e-12)


@pytest.mark.parametrize("level", [0.1, 0.5, 0.9])
def test_ziln_quantile_inverts_mixture_cdf(level):
    p, mu, sigma = 0.95, 1.0, 1.3

    value = ziln_quantile(
        float64([p]), float64([mu]), float64([sigma]), level
    ).item()
    cdf = (1 - p) + p * STANDARD.cdf((math.log(value) - mu) / sigma)

    assert cdf == pytest.approx(level, abs=1e-8)


@pytest.mark.parametrize("p", [0.0, 1e-30, 1e-9, 0.05])
def test_ziln_quantile_zero_for_small_p(p):
    for level in (0.1, 0.5, 0.9):
        actual = ziln_quantile(
            float64([p]), float64([4.0]), float64([2.0]), level
        )

        assert actual.item() == 0.0


@pytest.mark.parametrize("p", [1.0, 1 - 1e-12, 1 - 1e-7])
def test_ziln_quantile_lognormal_for_p_one(p):
    mu, sigma = 3.0, 0.5
    for level in (0.1, 0.5, 0.9):
        expected = math.exp(mu + sigma * STANDARD.inv_cdf(level))

        actual = ziln_quantile(
            float64([p]), float64([mu]), float64([sigma]), level
        )

        assert actual.item() == pytest.approx(expected, rel=1e-6)


def test_ziln_quantile_float32_extremes():
    p = torch.tensor([0.0, 1e-38, 0.5, 1.0 - 1e-7, 1.0])
    mu = torch.full((5,), 2.0)
    sigma = torch.full((5,), 1.0)

    for level in (0.1, 0.5, 0.9):
        actual = ziln_quantile(p, mu, sigma, level)

        assert torch.isfinite(actual).all()
        assert (actual >= 0).all()


def test_ziln_quantiles_increase_with_level():
    p = float64([0.2, 0.6, 0.95])
    mu = float64([1.0, 2.0, 3.0])
    sigma = float64([0.5, 1.0, 2.0])

    p10, p50, p90 = (ziln_quantile(p, mu, sigma, q) for q in (0.1, 0.5, 0.9))

    assert (p10 <= p50).all()
    assert (p50 <= p90).all()
