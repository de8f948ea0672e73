"""The network: output shapes, masking, trimming and normalisation."""

import pytest
import torch

from valuecast_model.attention import EncoderBlock
from valuecast_model.network import NetworkConfig, ValueNetwork
from valuecast_model.normalization import FeatureStats
from valuecast_model.outputs import output_names

LENGTH = 6
ROWS = 5


def make_network(categories=0, stats=None, seed=0):
    torch.manual_seed(seed)
    config = NetworkConfig(
        max_orders=LENGTH,
        sequence_features=4,
        summary_features=8,
        category_count=categories,
        d_model=16,
        heads=4,
        layers=2,
        dropout=0.0,
    )
    return ValueNetwork(config, stats).eval()


def make_inputs(counts, categories=0, seed=1):
    """Right-aligned inputs with counts[i] real orders in row i."""
    generator = torch.Generator().manual_seed(seed)
    rows = len(counts)
    mask = torch.zeros(rows, LENGTH)
    for row, count in enumerate(counts):
        mask[row, LENGTH - count :] = 1.0
    seq = torch.randn(rows, LENGTH, 4, generator=generator) * mask[..., None]
    summary = torch.randn(rows, 8, generator=generator)
    inputs = [seq, mask, summary]
    if categories:
        category = torch.randint(
            1, categories + 2, (rows, LENGTH), generator=generator
        )
        inputs.append(category * mask.long())
    return inputs


@pytest.mark.parametrize("categories", [0, 3])
def test_forward_returns_named_outputs(categories):
    network = make_network(categories)
    inputs = make_inputs([1, 2, 6, 3, 4], categories)

    with torch.no_grad():
        outputs = network(*inputs)

    assert tuple(outputs) == output_names(categories)
    for name, value in outputs.items():
        expected = (ROWS, categories) if name == "category_probs" else (ROWS,)
        assert value.shape == expected, name
        assert value.dtype == torch.float32, name
        assert torch.isfinite(value).all(), name


def test_category_probs_sum_to_one():
    network = make_network(categories=3)

    with torch.no_grad():
        probs = network(*make_inputs([1, 2, 6, 3, 4], 3))["category_probs"]

    assert torch.allclose(probs.sum(dim=1), torch.ones(ROWS), atol=1e-6)


def test_outputs_are_consistent():
    network = make_network()

    with torch.no_grad():
        outputs = network(*make_inputs([1, 2, 6, 3, 4]))

    assert ((outputs["p_alive"] > 0) & (outputs["p_alive"] < 1)).all()
    assert (outputs["value_p10"] <= outputs["value_p50"]).all()
    assert (outputs["value_p50"] <= outputs["value_p90"]).all()
    assert (outputs["expected_orders"] > 0).all()


def test_padding_values_do_not_change_outputs():
    network = make_network(categories=3)
    seq, mask, summary, category = make_inputs([1, 2, 6, 3, 4], 3)
    noisy_seq = seq + 100.0 * (1.0 - mask)[..., None]
    noisy_category = torch.where(
        mask > 0, category, torch.full_like(category, 4)
    )

    with torch.no_grad():
        clean = network(seq, mask, summary, category)
        noisy = network(noisy_seq, mask, summary, noisy_category)

    for name in clean:
        assert torch.allclose(
            clean[name], noisy[name], rtol=1e-5, atol=1e-6
        ), name


def test_customer_without_orders_is_finite():
    network = make_network()
    seq, mask, summary = make_inputs([0, 0, 1, 0, 2])

    with torch.no_grad():
        outputs = network(seq, mask, summary)

    for name, value in outputs.items():
        assert torch.isfinite(value).all(), name


def test_trimmed_padding_gives_same_heads():
    network = make_network(categories=3)
    seq, mask, summary, category = make_inputs([1, 2, 2, 1, 2], 3)

    with torch.no_grad():
        full = network.heads(seq, mask, summary, category)
        trimmed = network.heads(
            seq[:, -2:], mask[:, -2:], summary, category[:, -2:]
        )

    for name in full:
        assert torch.allclose(
            full[name], trimmed[name], rtol=1e-5, atol=1e-6
        ), name


def test_first_only_block_matches_full_block():
    torch.manual_seed(0)
    block = EncoderBlock(d_model=16, heads=4, dropout=0.0).eval()
    tokens = torch.randn(3, 5, 16)
    keep = torch.tensor([[1, 1, 1, 1, 1], [1, 0, 0, 1, 1], [1, 0, 0, 0, 0]])
    bias = (1.0 - keep.float())[:, None, None, :] * -1e9

    with torch.no_grad():
        full = block(tokens, bias)
        first = block(tokens, bias, first_only=True)

    assert first.shape == (3, 1, 16)
    assert torch.allclose(full[:, :1], first, atol=1e-6)


def test_normalisation_buffers_are_applied():
    mean = torch.tensor([1.0, -2.0, 0.5, 3.0])
    std = torch.tensor([2.0, 0.5, 1.0, 4.0])
    summary_mean = torch.linspace(-1, 1, 8)
    summary_std = torch.linspace(0.5, 2, 8)
    stats = FeatureStats(mean, std, summary_mean, summary_std)
    raw_network = make_network(stats=stats, seed=4)
    plain_network = make_network(stats=None, seed=4)
    seq, mask, summary = make_inputs([1, 2, 6, 3, 4])
    raw_seq = (seq * std + mean) * mask[..., None]
    raw_summary = summary * summary_std + summary_mean

    with torch.no_grad():
        from_raw = raw_network.heads(raw_seq, mask, raw_summary)
        from_normalised = plain_network.heads(seq, mask, summary)

    for name in from_raw:
        assert torch.allclose(
            from_raw[name], from_normalised[name], atol=1e-5
        ), name


def test_buffers_are_in_state_dict():
    state = make_network().state_dict()

    for name in ("seq_mean", "seq_std", "summary_mean", "summary_std"):
        assert name in state
