"""Load the tensors of one split folder and check them against its manifest.

The shapes below use N for the customers in the split, L for maxOrders, F and
S for the sequence and summary feature counts and C for the vocabulary size.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

import numpy as np
import torch

from .errors import DatasetError
from .manifest import Manifest, read_manifest

INPUT_FILES = ("seq", "mask", "summary", "seq_category")
LABEL_FILES = ("label_value", "label_orders", "label_next_category")
CATEGORY_FILES = ("seq_category", "label_next_category")


@dataclass
class SplitData:
    """The tensors of one split, as CPU torch tensors that share numpy memory.

    seq float32 [N, L, F], mask float32 [N, L], summary float32 [N, S],
    seq_category int64 [N, L] or None, label_value float32 [N],
    label_orders float32 [N], label_next_category int64 [N] or None. The
    labels are None when the split was loaded with labels=False.
    """

    manifest: Manifest
    seq: torch.Tensor
    mask: torch.Tensor
    summary: torch.Tensor
    seq_category: Optional[torch.Tensor]
    label_value: Optional[torch.Tensor]
    label_orders: Optional[torch.Tensor]
    label_next_category: Optional[torch.Tensor]

    @property
    def size(self) -> int:
        """Number of customers N."""
        return int(self.seq.shape[0])


def load_split(
    folder: Path, split: Optional[str], labels: bool = True
) -> SplitData:
    """Load the split folder `folder` and check every tensor.

    `split` is the split's name ("train", "validation" or "test"). When the
    manifest lists it, the row count must match. None skips that check, for
    folders that contain a subset of customers. With labels=False only the model
    inputs are read, which is what prediction needs.

    Raises DatasetError naming the file and the expected dtype or shape.
    """
    folder = Path(folder)
    if not folder.is_dir():
        name = f"{split} split" if split else "split"
        raise DatasetError(f"{name} folder not found: {folder}")
    manifest = read_manifest(folder)
    names = INPUT_FILES + (LABEL_FILES if labels else ())
    if manifest.categories is None:
        names = tuple(name for name in names if name not in CATEGORY_FILES)
    arrays = {name: _load_array(folder, name) for name in names}

    _check_shapes(folder, split, manifest, arrays)
    _check_values(folder, manifest, arrays)
    tensors = {name: torch.from_numpy(array) for name, array in arrays.items()}
    data = SplitData(
        manifest=manifest,
        **{name: tensors.get(name) for name in INPUT_FILES + LABEL_FILES},
    )

    return data


def expected_layout(
    manifest: Manifest, rows: int
) -> Dict[str, Tuple[np.dtype, Tuple[int, ...]]]:
    """Return the dtype and shape of each tensor file for `rows` customers."""
    length = manifest.max_orders
    layout = {
        "seq": (np.float32, (rows, length, len(manifest.sequence_features))),
        "mask": (np.float32, (rows, length)),
        "summary": (np.float32, (rows, len(manifest.summary_features))),
        "seq_category": (np.int64, (rows, length)),
        "label_value": (np.float32, (rows,)),
        "label_orders": (np.float32, (rows,)),
        "label_next_category": (np.int64, (rows,)),
    }
    return {
        name: (np.dtype(kind), shape) for name, (kind, shape) in layout.items()
    }


def _load_array(folder: Path, name: str) -> np.ndarray:
    path = folder / f"{name}.npy"
    if not path.is_file():
        raise DatasetError(
            f"tensor file not found: {path}; the split folder must contain every "
            "file listed in docs/contracts.md for its manifest"
        )
    try:
        array = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as error:
        raise DatasetError(f"failed to read {path}: {error}") from error
    # torch.from_numpy rejects big-endian and non-contiguous arrays.
    native = array.astype(array.dtype.newbyteorder("="), copy=False)
    return np.ascontiguousarray(native)


def _check_shapes(
    folder: Path,
    split: Optional[str],
    manifest: Manifest,
    arrays: Dict[str, np.ndarray],
) -> None:
    rows = arrays["seq"].shape[0] if arrays["seq"].ndim > 0 else -1
    expected_rows = manifest.splits.get(split) if split else None
    if expected_rows is not None and rows != expected_rows:
        raise DatasetError(
            f"invalid {folder / 'seq.npy'}: {rows} rows but manifest "
            f"splits.{split} is {expected_rows}; rebuild the dataset or point "
            f"the {split} channel at the {split} folder"
        )
    layout = expected_layout(manifest, rows)
    for name, array in arrays.items():
        dtype, shape = layout[name]
        if array.dtype != dtype or array.shape != shape:
            raise DatasetError(
                f"invalid {folder / (name + '.npy')}: expected {dtype.name} "
                f"{list(shape)}, got {array.dtype.name} {list(array.shape)} "
                f"(manifest maxOrders={manifest.max_orders}, "
                f"{len(manifest.sequence_features)} sequence and "
                f"{len(manifest.summary_features)} summary features)"
            )


def _check_values(
    folder: Path, manifest: Manifest, arrays: Dict[str, np.ndarray]
) -> None:
    for name in ("seq", "mask", "summary", "label_value", "label_orders"):
        if name in arrays and not np.isfinite(arrays[name]).all():
            raise DatasetError(
                f"invalid {folder / name}.npy: contains NaN or infinity"
            )
    mask = arrays["mask"]
    if not np.isin(mask, (0.0, 1.0)).all():
        raise DatasetError(
            f"invalid {folder / 'mask.npy'}: contains values other than 0 "
            "and 1"
        )
    # Training trims leading padding, which is only safe for right-aligned
    # rows: zeros first, then ones.
    if mask.shape[1] > 1 and (np.diff(mask, axis=1) < 0).any():
        row = int(np.nonzero((np.diff(mask, axis=1) < 0).any(axis=1))[0][0])
        raise DatasetError(
            f"invalid {folder / 'mask.npy'}: row {row} is not right-aligned; "
            "the newest order must be at position L - 1 with padding before "
            "the oldest order"
        )
    for name in ("label_value", "label_orders"):
        if name in arrays and (arrays[name] < 0).any():
            raise DatasetError(
                f"invalid {folder / name}.npy: contains negative values"
            )
    if manifest.categories is not None:
        _check_categories(folder, manifest.category_count, arrays)


def _check_categories(
    folder: Path, count: int, arrays: Dict[str, np.ndarray]
) -> None:
    # Index 0 is padding, 1 unknown and 2 .. count + 1 the vocabulary.
    top = count + 1
    seq_category = arrays["seq_category"]
    if seq_category.size and (
        seq_category.min() < 0 or seq_category.max() > top
    ):
        raise DatasetError(
            f"invalid {folder / 'seq_category.npy'}: indices must lie in "
            f"0..{top} for {count} categories, got {seq_category.min()}.."
            f"{seq_category.max()}"
        )
    label = arrays.get("label_next_category")
    if label is not None and label.size:
        valid = (label == -1) | ((label >= 1) & (label <= top))
        if not valid.all():
            raise DatasetError(
                f"invalid {folder / 'label_next_category.npy'}: indices must "
                f"be -1 or lie in 1..{top}, got {label[~valid][0]}"
            )
