"""Shared fixtures: small synthetic datasets written to a temporary folder."""

import pytest

from valuecast_model.synthetic import write_synthetic_dataset

SMALL_SIZES = {"train": 192, "validation": 64, "test": 48}
SMALL_MAX_ORDERS = 8
CATEGORIES = ["books", "music", "video"]


@pytest.fixture
def dataset(tmp_path):
    """Root folder with train/, validation/ and test/ splits, no categories."""
    return write_synthetic_dataset(
        tmp_path / "plain", SMALL_SIZES, max_orders=SMALL_MAX_ORDERS
    )


@pytest.fixture
def category_dataset(tmp_path):
    """Root folder with the three splits and a three-entry vocabulary."""
    return write_synthetic_dataset(
        tmp_path / "categories",
        SMALL_SIZES,
        max_orders=SMALL_MAX_ORDERS,
        categories=CATEGORIES,
    )
