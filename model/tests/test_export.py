"""The ONNX parity comparison and its onnxruntime plumbing."""

import sys
import types

import numpy as np
import pytest
import torch

from valuecast_model.errors import ModelPackageError
from valuecast_model.export import (
    compare_outputs,
    compare_with_onnxruntime,
    input_names,
)
from valuecast_model.network import NetworkConfig, ValueNetwork


def torch_like_outputs():
    p_alive = np.array([0.05, 0.3, 0.100001, 0.9], np.float32)
    return {
        "p_alive": p_alive,
        "expected_value": np.array([1.0, 20.0, 8.0, 90.0], np.float32),
        "value_p10": np.array([0.0, 0.0, 0.0, 12.0], np.float32),
        "value_p50": np.array([0.0, 0.0, 0.0, 40.0], np.float32),
        "value_p90": np.array([0.0, 35.0, 0.003, 150.0], np.float32),
        "expected_orders": np.array([0.1, 0.5, 0.2, 2.0], np.float32),
    }


def test_equal_outputs_pass():
    expected = torch_like_outputs()

    compare_outputs(expected, dict(expected), "model.onnx")


def test_quantile_near_atom_is_skipped():
    expected = torch_like_outputs()
    actual = dict(expected)
    # p_alive is 1e-6 above 1 - 0.9, so value_p90 of row 2 is ill-conditioned.
    actual["value_p90"] = expected["value_p90"] * np.array(
        [1, 1, 3, 1], np.float32
    )

    compare_outputs(expected, actual, "model.onnx")


def test_quantile_mismatch_is_rejected():
    expected = torch_like_outputs()
    actual = dict(expected)
    actual["value_p50"] = expected["value_p50"] * 1.01

    with pytest.raises(
        ModelPackageError,
        match="ONNX output value_p50 differs from torch by up to 0.4",
    ):
        compare_outputs(expected, actual, "model.onnx")


def test_p_alive_mismatch_is_rejected():
    expected = torch_like_outputs()
    actual = dict(expected)
    actual["p_alive"] = expected["p_alive"] + 1e-3

    with pytest.raises(ModelPackageError, match="ONNX output p_alive differs"):
        compare_outputs(expected, actual, "model.onnx")


def test_missing_output_is_rejected():
    expected = torch_like_outputs()
    actual = dict(expected)
    del actual["expected_orders"]

    with pytest.raises(
        ModelPackageError, match="expected_orders in model.onnx is missing"
    ):
        compare_outputs(expected, actual, "model.onnx")


class FakeSession:
    """Stands in for onnxruntime.InferenceSession, replaying torch's outputs."""

    def __init__(self, network, scale):
        self.network = network
        self.scale = scale
        self.feeds = None

    def get_outputs(self):
        names = [
            "p_alive",
            "expected_value",
            "value_p10",
            "value_p50",
            "value_p90",
            "expected_orders",
        ]
        return [types.SimpleNamespace(name=name) for name in names]

    def run(self, output_names, feeds):
        self.feeds = feeds
        inputs = [torch.from_numpy(feeds[name]) for name in input_names(0)]
        with torch.no_grad():
            outputs = self.network(*inputs)
        return [
            outputs[o.name].numpy() * self.scale for o in self.get_outputs()
        ]


@pytest.mark.parametrize("scale, fails", [(1.0, False), (1.5, True)])
def test_onnxruntime_check_feeds_inputs(monkeypatch, scale, fails):
    torch.manual_seed(0)
    config = NetworkConfig(4, 4, 8, 0, 8, 2, 1, 0.0)
    network = ValueNetwork(config, None).eval()
    inputs = (torch.randn(3, 4, 4), torch.ones(3, 4), torch.randn(3, 8))
    session = FakeSession(network, scale)
    fake = types.SimpleNamespace(
        InferenceSession=lambda path, providers: session
    )
    monkeypatch.setitem(sys.modules, "onnxruntime", fake)

    if fails:
        with pytest.raises(ModelPackageError, match="differs from torch"):
            compare_with_onnxruntime(network, inputs, "model.onnx")
    else:
        compare_with_onnxruntime(network, inputs, "model.onnx")

    assert sorted(session.feeds) == ["mask", "seq", "summary"]
