"""Export the network to ONNX and check the exported graph.

The graph takes the raw dataset tensors (normalisation is inside it) and has a
dynamic batch axis named "batch" on every input and output.
"""

import inspect
from pathlib import Path
from typing import Dict, Tuple

import numpy as np
import torch
from torch import nn

from .data import SplitData
from .errors import ModelPackageError
from .network import ValueNetwork
from .outputs import QUANTILE_LEVELS, output_names
from .progress import warn

OPSET = 17
BATCH_AXIS = "batch"
# Tolerances of the onnxruntime-versus-torch comparison, in float32.
PARITY_RTOL = 1e-4
PARITY_ATOL = 1e-5
QUANTILE_RTOL = 1e-3
# A quantile whose level lies within this conditional probability of the
# atom at 0 is skipped: there a 1-ulp change in p_alive moves the quantile by
# far more than any tolerance, or flips it between 0 and a positive value.
ATOM_MARGIN = 1e-2


class _ExportModule(nn.Module):
    """Wrap the network so that it returns a tuple in output_names order."""

    def __init__(self, network: ValueNetwork):
        super().__init__()
        self.network = network
        self.names = output_names(network.config.category_count)

    def forward(self, *inputs: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        outputs = self.network(*inputs)
        return tuple(outputs[name] for name in self.names)


def input_names(category_count: int) -> Tuple[str, ...]:
    """Return the ONNX input names in argument order."""
    names = ("seq", "mask", "summary")
    return names + ("seq_category",) if category_count > 0 else names


def example_inputs(network: ValueNetwork, split: SplitData, rows: int = 4):
    """Return a tuple of `rows` customers' inputs from `split`, in input order.

    Rows repeat when the split is smaller, because a batch of 1 lets the
    tracer fold the batch size into the graph.
    """
    index = torch.arange(rows) % split.size
    names = input_names(network.config.category_count)
    return tuple(getattr(split, name).index_select(0, index) for name in names)


def export_onnx(network: ValueNetwork, inputs: tuple, path: Path) -> None:
    """Write `network` to `path` as ONNX and check it.

    `inputs` comes from example_inputs. Raises ModelPackageError when the
    export, onnx.checker or the onnxruntime comparison fails. Both checks are
    skipped, with a warning, when their package is not installed.
    """
    network = network.to("cpu").eval()
    category_count = network.config.category_count
    inputs_named = input_names(category_count)
    outputs_named = output_names(category_count)
    axes = {name: {0: BATCH_AXIS} for name in inputs_named + outputs_named}
    try:
        with torch.no_grad():
            torch.onnx.export(
                _ExportModule(network),
                inputs,
                str(path),
                input_names=list(inputs_named),
                output_names=list(outputs_named),
                dynamic_axes=axes,
                opset_version=OPSET,
                do_constant_folding=True,
                **_legacy_exporter(),
            )
    except (RuntimeError, OSError) as error:
        raise ModelPackageError(
            f"ONNX export to {path} failed: {error}"
        ) from error

    check_onnx_graph(path, inputs_named, outputs_named)
    compare_with_onnxruntime(network, inputs, path)


def check_onnx_graph(path: Path, inputs: Tuple[str, ...], outputs) -> None:
    """Run onnx.checker on `path` and compare its input and output names."""
    try:
        import onnx
    except ImportError:
        warn("the onnx package is not installed; skipped onnx.checker")
        return

    model = onnx.load(str(path))
    try:
        onnx.checker.check_model(model)
    except onnx.checker.ValidationError as error:
        raise ModelPackageError(
            f"onnx.checker rejected {path}: {error}"
        ) from error
    actual_inputs = tuple(value.name for value in model.graph.input)
    actual_outputs = tuple(value.name for value in model.graph.output)
    if actual_inputs != tuple(inputs) or actual_outputs != tuple(outputs):
        raise ModelPackageError(
            f"unexpected names in {path}: inputs {actual_inputs}, outputs "
            f"{actual_outputs}; expected {tuple(inputs)} and {tuple(outputs)}"
        )


def compare_with_onnxruntime(network: ValueNetwork, inputs, path: Path) -> None:
    """Compare onnxruntime's outputs on `inputs` with torch's."""
    try:
        import onnxruntime
    except ImportError:
        warn("onnxruntime is not installed; skipped the ONNX-vs-torch check")
        return

    names = input_names(network.config.category_count)
    session = onnxruntime.InferenceSession(
        str(path), providers=["CPUExecutionProvider"]
    )
    feeds = {name: tensor.numpy() for name, tensor in zip(names, inputs)}
    onnx_outputs = dict(
        zip(_session_outputs(session), session.run(None, feeds))
    )
    with torch.no_grad():
        torch_outputs = {
            name: value.numpy() for name, value in network(*inputs).items()
        }
    compare_outputs(torch_outputs, onnx_outputs, path)


def compare_outputs(
    expected: Dict[str, np.ndarray], actual: Dict[str, np.ndarray], path: Path
) -> None:
    """Raise ModelPackageError when an ONNX output differs from torch's.

    Both dicts map output names to arrays [batch] or [batch, C]. Quantiles
    are compared with QUANTILE_RTOL and only away from the atom at 0.
    """
    p_alive = expected["p_alive"].astype(np.float64)
    for name, reference in expected.items():
        got = actual.get(name)
        if got is None or got.shape != reference.shape:
            raise ModelPackageError(
                f"ONNX output {name} in {path} is missing or has shape "
                f"{None if got is None else got.shape}, expected {reference.shape}"
            )
        rows = np.ones(len(reference), dtype=bool)
        rtol = PARITY_RTOL
        if name in QUANTILE_LEVELS:
            level = QUANTILE_LEVELS[name]
            conditional = (level - (1.0 - p_alive)) / np.maximum(p_alive, 1e-12)
            rows = np.abs(conditional) > ATOM_MARGIN
            rtol = QUANTILE_RTOL
        if not np.allclose(got[rows], reference[rows], rtol, PARITY_ATOL):
            gap = float(np.max(np.abs(got[rows] - reference[rows])))
            raise ModelPackageError(
                f"ONNX output {name} differs from torch by up to {gap} in "
                f"{path}; the export is wrong, do not ship this model"
            )


def _session_outputs(session) -> Tuple[str, ...]:
    return tuple(output.name for output in session.get_outputs())


def _legacy_exporter() -> Dict[str, bool]:
    # torch 2.5 added the dynamo exporter and later made it the default, but
    # this module is written for the TorchScript exporter's dynamic_axes.
    # torch 1.13 has no such parameter.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        return {"dynamo": False}
    return {}
