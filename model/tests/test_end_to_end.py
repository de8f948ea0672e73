"""train.py end to end on synthetic tensors: the model package and predict."""

import json

import numpy as np
import onnx
import pytest
import torch

from valuecast_model.checkpoint import load_checkpoint
from valuecast_model.cli import main
from valuecast_model.data import load_split
from valuecast_model.export import input_names
from valuecast_model.predict import main as predict_main
from valuecast_model.synthetic import write_synthetic_dataset

from conftest import CATEGORIES, SMALL_MAX_ORDERS

BASE_OUTPUTS = [
    "p_alive",
    "expected_value",
    "value_p10",
    "value_p50",
    "value_p90",
    "expected_orders",
]
FIXTURES = {False: "dataset", True: "category_dataset"}
MODEL_JSON_KEYS = {
    "version",
    "horizonDays",
    "encoderVersion",
    "opset",
    "inputs",
    "outputs",
    "dataWindow",
    "categories",
    "hyperparameters",
    "training",
    "metrics",
}


def train(root, tmp_path, capsys):
    model_dir = tmp_path / "model"
    environ = {
        "SM_CHANNEL_TRAIN": str(root / "train"),
        "SM_CHANNEL_VALIDATION": str(root / "validation"),
        "SM_CHANNEL_TEST": str(root / "test"),
        "SM_MODEL_DIR": str(model_dir),
    }
    argv = ["--epochs", "2", "--batch-size", "64", "--d-model", "16"]
    argv += ["--model-version", "vc-test", "--device", "cpu"]

    status = main(argv, environ)

    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return status, model_dir, events


def expected_inputs(categories):
    inputs = [
        {
            "name": "seq",
            "dtype": "float32",
            "shape": ["batch", SMALL_MAX_ORDERS, 4],
        },
        {
            "name": "mask",
            "dtype": "float32",
            "shape": ["batch", SMALL_MAX_ORDERS],
        },
        {"name": "summary", "dtype": "float32", "shape": ["batch", 8]},
    ]
    if categories:
        inputs.append(
            {
                "name": "seq_category",
                "dtype": "int64",
                "shape": ["batch", SMALL_MAX_ORDERS],
            }
        )
    return inputs


def expected_outputs(categories):
    outputs = [
        {"name": name, "dtype": "float32", "shape": ["batch"]}
        for name in BASE_OUTPUTS
    ]
    if categories:
        outputs.append(
            {
                "name": "category_probs",
                "dtype": "float32",
                "shape": ["batch", len(categories)],
            }
        )
    return outputs


@pytest.mark.parametrize("with_categories", [False, True])
def test_train_writes_model_package(with_categories, request, tmp_path, capsys):
    root = request.getfixturevalue(FIXTURES[with_categories])
    categories = CATEGORIES if with_categories else None

    status, model_dir, events = train(root, tmp_path, capsys)

    assert status == 0
    assert sorted(path.name for path in model_dir.iterdir()) == [
        "model.json",
        "model.onnx",
        "model.pt",
    ]
    document = json.loads((model_dir / "model.json").read_text())
    assert set(document) == MODEL_JSON_KEYS
    assert document["version"] == "vc-test"
    assert document["horizonDays"] == 273
    assert document["encoderVersion"] == "1"
    assert document["opset"] == 17
    assert document["inputs"] == expected_inputs(categories)
    assert document["outputs"] == expected_outputs(categories)
    assert document["dataWindow"] == {
        "firstOrderDate": "1997-01-01",
        "cutoff": "1997-09-30",
        "horizonEnd": "1998-06-30",
    }
    assert document["categories"] == categories
    assert document["hyperparameters"]["epochs"] == 2
    assert document["hyperparameters"]["dModel"] == 16
    assert set(document["training"]) == {
        "bestEpoch",
        "validationLoss",
        "device",
        "torchVersion",
        "seconds",
    }
    assert document["training"]["device"] == "cpu"
    assert document["training"]["torchVersion"] == torch.__version__
    assert document["metrics"] == {}

    assert [event["event"] for event in events] == [
        "start",
        "epoch",
        "epoch",
        "done",
    ]
    assert events[-1]["bestEpoch"] == document["training"]["bestEpoch"]
    assert (
        events[-1]["validationLoss"] == document["training"]["validationLoss"]
    )
    assert isinstance(events[-1]["testLoss"], float)


@pytest.mark.parametrize("with_categories", [False, True])
def test_exported_graph_passes_checker(
    with_categories, request, tmp_path, capsys
):
    root = request.getfixturevalue(FIXTURES[with_categories])
    _, model_dir, _ = train(root, tmp_path, capsys)
    document = json.loads((model_dir / "model.json").read_text())

    model = onnx.load(str(model_dir / "model.onnx"))
    onnx.checker.check_model(model)

    assert [value.name for value in model.graph.input] == [
        spec["name"] for spec in document["inputs"]
    ]
    assert [value.name for value in model.graph.output] == [
        spec["name"] for spec in document["outputs"]
    ]
    opsets = {entry.domain: entry.version for entry in model.opset_import}
    assert opsets[""] == 17
    for value in list(model.graph.input) + list(model.graph.output):
        first_axis = value.type.tensor_type.shape.dim[0]
        assert first_axis.dim_param == "batch", value.name


@pytest.mark.parametrize("with_categories", [False, True])
def test_predict_writes_torch_outputs(
    with_categories, request, tmp_path, capsys
):
    root = request.getfixturevalue(FIXTURES[with_categories])
    _, model_dir, _ = train(root, tmp_path, capsys)
    out = tmp_path / "predictions.npz"
    document = json.loads((model_dir / "model.json").read_text())

    status = predict_main(
        [
            "--model-dir",
            str(model_dir),
            "--data",
            str(root / "test"),
            "--out",
            str(out),
        ]
    )

    assert status == 0
    predictions = np.load(out)
    assert list(predictions) == [spec["name"] for spec in document["outputs"]]
    network = load_checkpoint(model_dir / "model.pt")
    split = load_split(root / "test", "test")
    names = input_names(network.config.category_count)
    with torch.no_grad():
        expected = network(*(getattr(split, name) for name in names))
    for name, value in expected.items():
        assert predictions[name].dtype == np.float32, name
        assert np.array_equal(predictions[name], value.numpy()), name


def test_predict_rejects_other_shape(dataset, tmp_path, capsys):
    _, model_dir, _ = train(dataset, tmp_path, capsys)
    other = tmp_path / "other"
    write_synthetic_dataset(other, {"test": 4}, max_orders=12)

    status = predict_main(
        [
            "--model-dir",
            str(model_dir),
            "--data",
            str(other / "test"),
            "--out",
            str(tmp_path / "x.npz"),
        ]
    )

    assert status == 3
    assert "maxOrders is 12 there but 8 in the model" in capsys.readouterr().err


def test_predict_accepts_subset_of_split(dataset, tmp_path, capsys):
    _, model_dir, _ = train(dataset, tmp_path, capsys)
    subset = tmp_path / "subset"
    subset.mkdir()
    (subset / "manifest.json").write_text(
        (dataset / "test" / "manifest.json").read_text()
    )
    for name in ("seq", "mask", "summary"):
        np.save(
            subset / f"{name}.npy",
            np.load(dataset / "test" / f"{name}.npy")[:5],
        )
    out = tmp_path / "subset-predictions"

    status = predict_main(
        [
            "--model-dir",
            str(model_dir),
            "--data",
            str(subset),
            "--out",
            str(out),
        ]
    )

    assert status == 0
    assert np.load(out)["p_alive"].shape == (5,)
