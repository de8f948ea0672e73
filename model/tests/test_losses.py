"""ZILN, Poisson and category losses against plain-math reference values."""

import math

import pytest
import torch

from valuecast_model.losses import compute_loss, ziln_loss, ziln_loss_terms

TOLERANCE = 1e-10


def reference_ziln(logit, mu, sigma, label):
    """One customer's ZILN loss with the math module only."""
    # log(sigmoid(x)) = -log1p(exp(-x)), written for either sign of x.
    log_p = (
        -math.log1p(math.exp(-logit))
        if logit > 0
        else logit - math.log1p(math.exp(logit))
    )
    log_not_p = log_p - logit
    if label <= 0:
        return -log_not_p
    log_y = math.log(label)
    likelihood = (
        log_y
        + math.log(sigma)
        + 0.5 * math.log(2 * math.pi)
        + (log_y - mu) ** 2 / (2 * sigma**2)
    )
    return -log_p + likelihood


CASES = [
    # logit, mu, sigma, label
    (0.3, 1.2, 0.8, 0.0),
    (0.3, 1.2, 0.8, 5.5),
    (-2.0, 3.0, 1.5, 120.0),
    (4.0, -0.5, 0.05, 0.7),
    (35.0, 2.0, 1.0, 0.0),
    (-35.0, 2.0, 1.0, 12.0),
]


@pytest.mark.parametrize("logit, mu, sigma, label", CASES)
def test_ziln_term_matches_reference(logit, mu, sigma, label):
    expected = reference_ziln(logit, mu, sigma, label)

    actual = ziln_loss_terms(
        *(
            torch.tensor([v], dtype=torch.float64)
            for v in (logit, mu, sigma, label)
        )
    )

    assert actual.item() == pytest.approx(
        expected, rel=TOLERANCE, abs=TOLERANCE
    )


def test_ziln_loss_is_batch_mean():
    columns = [
        torch.tensor(column, dtype=torch.float64) for column in zip(*CASES)
    ]
    expected = sum(reference_ziln(*case) for case in CASES) / len(CASES)

    actual = ziln_loss(*columns)

    assert actual.item() == pytest.approx(expected, rel=TOLERANCE)


def test_ziln_gradient_at_zero_labels():
    logit = torch.tensor([0.5, -1.0], dtype=torch.float64, requires_grad=True)
    mu = torch.tensor([0.0, 2.0], dtype=torch.float64, requires_grad=True)
    sigma = torch.tensor([1.0, 0.5], dtype=torch.float64, requires_grad=True)
    label = torch.tensor([0.0, 0.0], dtype=torch.float64)

    ziln_loss(logit, mu, sigma, label).backward()

    assert torch.isfinite(logit.grad).all()
    assert torch.equal(mu.grad, torch.zeros(2, dtype=torch.float64))
    assert torch.equal(sigma.grad, torch.zeros(2, dtype=torch.float64))


def heads_for(rows, categories=0):
    generator = torch.Generator().manual_seed(3)
    heads = {
        "logit": torch.randn(rows, generator=generator, dtype=torch.float64),
        "mu": torch.randn(rows, generator=generator, dtype=torch.float64),
        "sigma": torch.rand(rows, generator=generator, dtype=torch.float64)
        + 0.2,
        "log_rate": torch.randn(rows, generator=generator, dtype=torch.float64),
    }
    if categories:
        heads["category_logits"] = torch.randn(
            rows, categories, generator=generator, dtype=torch.float64
        )
    return heads


def test_compute_loss_adds_poisson_term():
    heads = heads_for(4)
    value = torch.tensor([0.0, 3.0, 0.0, 40.0], dtype=torch.float64)
    orders = torch.tensor([0.0, 1.0, 0.0, 4.0], dtype=torch.float64)
    rates = heads["log_rate"].tolist()
    poisson = (
        sum(math.exp(r) - y * r for r, y in zip(rates, orders.tolist())) / 4
    )
    ziln = (
        sum(
            reference_ziln(*row)
            for row in zip(
                *(heads[k].tolist() for k in ("logit", "mu", "sigma")),
                value.tolist()
            )
        )
        / 4
    )

    loss, sums = compute_loss(heads, value, orders, None)

    assert loss.item() == pytest.approx(ziln + poisson, rel=TOLERANCE)
    assert sums.total() == pytest.approx(ziln + poisson, rel=TOLERANCE)
    assert sums.rows == 4
    assert sums.category_count == 0


def test_category_loss_skips_none_and_unknown():
    heads = heads_for(4, categories=3)
    value = torch.zeros(4, dtype=torch.float64)
    orders = torch.zeros(4, dtype=torch.float64)
    # -1: no order in the horizon, 1: unknown category, 2..4: vocabulary.
    next_category = torch.tensor([-1, 1, 2, 4])
    logits = heads["category_logits"].tolist()
    expected_ce = (
        sum(
            math.log(sum(math.exp(x) for x in logits[row]))
            - logits[row][column]
            for row, column in ((2, 0), (3, 2))
        )
        / 2
    )
    without, _ = compute_loss(heads, value, orders, None)

    loss, sums = compute_loss(heads, value, orders, next_category)

    assert sums.category_count == 2
    assert (loss - without).item() == pytest.approx(expected_ce, rel=TOLERANCE)


def test_category_loss_without_known_labels():
    heads = heads_for(2, categories=3)
    zeros = torch.zeros(2, dtype=torch.float64)
    without, _ = compute_loss(heads, zeros, zeros, None)

    loss, sums = compute_loss(heads, zeros, zeros, torch.tensor([-1, 1]))

    assert sums.category_count == 0
    assert loss.item() == without.item()
