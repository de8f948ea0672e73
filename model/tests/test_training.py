"""The training loop: reproducibility, best weights, batching and priors."""

import math

import torch

from valuecast_model.batching import (
    evaluation_batches,
    order_counts,
    take_batch,
    training_batches,
)
from valuecast_model.data import load_split
from valuecast_model.hyperparameters import Hyperparameters
from valuecast_model.network import SIGMA_FLOOR
from valuecast_model.priors import set_label_priors
from valuecast_model.training import evaluate_loss, train_model

CPU = torch.device("cpu")
FAST = Hyperparameters(
    epochs=3, batch_size=64, d_model=16, layers=2, patience=5
)


def load(dataset):
    return load_split(dataset / "train", "train"), load_split(
        dataset / "validation", "validation"
    )


def test_same_seed_gives_identical_weights(category_dataset):
    train, validation = load(category_dataset)

    first = train_model(train, validation, FAST, CPU)
    second = train_model(train, validation, FAST, CPU)

    assert first.validation_loss == second.validation_loss
    assert first.best_epoch == second.best_epoch
    first_state = first.network.state_dict()
    second_state = second.network.state_dict()
    assert first_state.keys() == second_state.keys()
    for name, value in first_state.items():
        assert torch.equal(value, second_state[name]), name


def test_other_seed_gives_other_weights(dataset):
    train, validation = load(dataset)
    other = Hyperparameters(**{**FAST.__dict__, "seed": 2})

    first = train_model(train, validation, FAST, CPU).network.state_dict()
    second = train_model(train, validation, other, CPU).network.state_dict()

    assert not torch.equal(
        first["ziln_head.weight"], second["ziln_head.weight"]
    )


def test_result_keeps_best_epoch_weights(dataset, capsys):
    train, validation = load(dataset)
    hp = Hyperparameters(
        **{**FAST.__dict__, "epochs": 6, "learning_rate": 3e-2}
    )

    result = train_model(train, validation, hp, CPU)

    assert 1 <= result.best_epoch <= result.epochs_run
    reloaded = evaluate_loss(result.network, validation, CPU)
    assert math.isclose(reloaded, result.validation_loss, rel_tol=1e-6)
    events = [line for line in capsys.readouterr().out.splitlines() if line]
    assert len(events) == result.epochs_run


def test_early_stopping_waits_patience_epochs(dataset):
    train, validation = load(dataset)
    hp = Hyperparameters(
        **{**FAST.__dict__, "epochs": 30, "patience": 1, "learning_rate": 5e-2}
    )

    result = train_model(train, validation, hp, CPU)

    assert result.epochs_run < 30
    assert result.epochs_run == result.best_epoch + 1


def test_training_batches_cover_every_row_once(dataset):
    train, _ = load(dataset)
    counts = order_counts(train)

    batches = training_batches(counts, 50, torch.Generator().manual_seed(0))

    rows = torch.cat(batches)
    assert sorted(rows.tolist()) == list(range(train.size))
    assert max(len(batch) for batch in batches) == 50


def test_training_batches_follow_generator(dataset):
    train, _ = load(dataset)
    counts = order_counts(train)

    first = training_batches(counts, 50, torch.Generator().manual_seed(7))
    second = training_batches(counts, 50, torch.Generator().manual_seed(7))

    assert all(torch.equal(a, b) for a, b in zip(first, second))


def test_take_batch_trims_to_longest_history(category_dataset):
    train, _ = load(category_dataset)
    counts = order_counts(train)
    rows = evaluation_batches(counts, 16)[0]

    inputs, labels = take_batch(train, rows, counts, CPU)

    keep = max(int(counts[rows].max()), 1)
    assert inputs["seq"].shape == (16, keep, 4)
    assert inputs["mask"].shape == (16, keep)
    assert inputs["seq_category"].shape == (16, keep)
    assert inputs["summary"].shape == (16, 8)
    assert torch.equal(inputs["mask"].sum(1), counts[rows].float())
    assert labels["label_value"].shape == (16,)


def test_label_priors_set_head_biases(dataset):
    train, validation = load(dataset)
    network = train_model(
        train, validation, Hyperparameters(epochs=1), CPU
    ).network
    value = train.label_value.double()
    positive = value[value > 0]

    set_label_priors(network, train)

    logit, mu, raw_sigma = network.ziln_head.bias.tolist()
    fraction = float((value > 0).double().mean())
    assert math.isclose(1 / (1 + math.exp(-logit)), fraction, rel_tol=1e-5)
    assert math.isclose(mu, float(positive.log().mean()), rel_tol=1e-5)
    sigma = math.log1p(math.exp(raw_sigma)) + SIGMA_FLOOR
    assert math.isclose(sigma, float(positive.log().std()), rel_tol=1e-4)
    rate = math.exp(network.orders_head.bias.item())
    assert math.isclose(
        rate, float(train.label_orders.double().mean()), rel_tol=1e-5
    )
