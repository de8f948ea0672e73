"""Split loading: the contract's dtypes and shapes, and clear rejections."""

import json

import numpy as np
import pytest
import torch

from valuecast_model.data import load_split
from valuecast_model.errors import DatasetError
from valuecast_model.manifest import check_same_layout, read_manifest

from conftest import SMALL_MAX_ORDERS, SMALL_SIZES


def rewrite(folder, name, array):
    np.save(folder / f"{name}.npy", array)


def edit_manifest(folder, **changes):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.update(changes)
    path.write_text(json.dumps(manifest))


def test_load_split_reads_contract_tensors(category_dataset):
    split = load_split(category_dataset / "train", "train")

    rows = SMALL_SIZES["train"]
    assert split.size == rows
    assert split.seq.shape == (rows, SMALL_MAX_ORDERS, 4)
    assert split.seq.dtype == torch.float32
    assert split.mask.shape == (rows, SMALL_MAX_ORDERS)
    assert split.summary.shape == (rows, 8)
    assert split.seq_category.dtype == torch.int64
    assert split.label_value.shape == (rows,)
    assert split.label_next_category.dtype == torch.int64


def test_split_without_categories(dataset):
    split = load_split(dataset / "train", "train")

    assert split.seq_category is None
    assert split.label_next_category is None


def test_split_without_label_files(dataset):
    folder = dataset / "test"
    for name in ("label_value", "label_orders"):
        (folder / f"{name}.npy").unlink()

    split = load_split(folder, "test", labels=False)

    assert split.label_value is None
    assert split.size == SMALL_SIZES["test"]


def test_wrong_dtype_is_rejected(dataset):
    folder = dataset / "train"
    seq = np.load(folder / "seq.npy")
    rewrite(folder, "seq", seq.astype(np.float64))

    with pytest.raises(DatasetError) as raised:
        load_split(folder, "train")

    message = str(raised.value)
    assert "seq.npy" in message
    assert f"expected float32 [{SMALL_SIZES['train']}, 8, 4]" in message
    assert "got float64" in message


def test_wrong_sequence_length_is_rejected(dataset):
    folder = dataset / "train"
    rewrite(folder, "mask", np.load(folder / "mask.npy")[:, 1:])

    with pytest.raises(
        DatasetError,
        match=r"mask\.npy: expected float32 \[192, 8\], got float32 \[192, 7\]",
    ):
        load_split(folder, "train")


def test_wrong_feature_count_is_rejected(dataset):
    folder = dataset / "train"
    rewrite(folder, "summary", np.load(folder / "summary.npy")[:, :5])

    with pytest.raises(DatasetError, match="8 summary features"):
        load_split(folder, "train")


def test_row_count_must_match_manifest(dataset):
    folder = dataset / "train"
    edit_manifest(folder, splits={"train": 10, "validation": 64, "test": 48})

    with pytest.raises(
        DatasetError, match="192 rows but manifest splits.train is 10"
    ):
        load_split(folder, "train")


def test_mismatched_row_counts_are_rejected(dataset):
    folder = dataset / "train"
    rewrite(folder, "label_value", np.zeros(5, np.float32))

    with pytest.raises(
        DatasetError, match=r"label_value\.npy: expected float32 \[192\]"
    ):
        load_split(folder, "train")


def test_missing_tensor_file_is_named(dataset):
    folder = dataset / "validation"
    (folder / "label_orders.npy").unlink()

    with pytest.raises(
        DatasetError, match="tensor file not found: .*label_orders.npy"
    ):
        load_split(folder, "validation")


def test_missing_manifest_is_named(dataset):
    folder = dataset / "train"
    (folder / "manifest.json").unlink()

    with pytest.raises(DatasetError, match="manifest not found"):
        load_split(folder, "train")


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(DatasetError, match="train split folder not found"):
        load_split(tmp_path / "absent", "train")


def test_unsupported_format_version_is_rejected(dataset):
    edit_manifest(dataset / "train", formatVersion=2)

    with pytest.raises(DatasetError, match="unsupported formatVersion 2"):
        read_manifest(dataset / "train")


def test_manifest_field_type_is_checked(dataset):
    edit_manifest(dataset / "train", maxOrders="32")

    with pytest.raises(
        DatasetError, match="invalid maxOrders .*expected int, got '32'"
    ):
        read_manifest(dataset / "train")


def test_left_aligned_mask_is_rejected(dataset):
    folder = dataset / "train"
    mask = np.zeros((SMALL_SIZES["train"], SMALL_MAX_ORDERS), np.float32)
    mask[:, -1] = 1.0
    mask[3] = 0.0
    mask[3, 0] = 1.0
    rewrite(folder, "mask", mask)

    with pytest.raises(DatasetError, match="row 3 is not right-aligned"):
        load_split(folder, "train")


def test_non_binary_mask_is_rejected(dataset):
    folder = dataset / "train"
    mask = np.load(folder / "mask.npy")
    mask[0, -1] = 0.5
    rewrite(folder, "mask", mask)

    with pytest.raises(
        DatasetError, match="contains values other than 0 and 1"
    ):
        load_split(folder, "train")


def test_nan_feature_is_rejected(dataset):
    folder = dataset / "train"
    summary = np.load(folder / "summary.npy")
    summary[2, 1] = np.nan
    rewrite(folder, "summary", summary)

    with pytest.raises(
        DatasetError, match="summary.npy: contains NaN or infinity"
    ):
        load_split(folder, "train")


def test_negative_label_is_rejected(dataset):
    folder = dataset / "train"
    value = np.load(folder / "label_value.npy")
    value[0] = -1.0
    rewrite(folder, "label_value", value)

    with pytest.raises(
        DatasetError, match="label_value.npy: contains negative values"
    ):
        load_split(folder, "train")


def test_category_index_out_of_range_is_rejected(category_dataset):
    folder = category_dataset / "train"
    seq_category = np.load(folder / "seq_category.npy")
    seq_category[0, -1] = 5  # three categories use indices 2..4
    rewrite(folder, "seq_category", seq_category)

    with pytest.raises(DatasetError, match=r"indices must lie in 0\.\.4"):
        load_split(folder, "train")


def test_padding_index_as_next_category_is_rejected(category_dataset):
    folder = category_dataset / "train"
    label = np.load(folder / "label_next_category.npy")
    label[0] = 0
    rewrite(folder, "label_next_category", label)

    with pytest.raises(DatasetError, match=r"be -1 or lie in 1\.\.4, got 0"):
        load_split(folder, "train")


def test_splits_of_different_runs_are_rejected(dataset):
    edit_manifest(dataset / "validation", maxOrders=16)
    train = read_manifest(dataset / "train")
    validation = read_manifest(dataset / "validation")

    with pytest.raises(DatasetError, match="maxOrders = 16 but .* has 8"):
        check_same_layout(train, validation)
