"""Device choice, CPU threads and mixed precision."""

import contextlib
from typing import ContextManager, Optional

import torch

from .errors import ConfigError
from .progress import warn

DEVICE_CHOICES = ("auto", "cpu", "cuda")


def select_device(choice: str) -> torch.device:
    """Return the torch device for --device `choice`.

    Raises ConfigError for --device cuda on a machine without CUDA.
    """
    if choice not in DEVICE_CHOICES:
        raise ConfigError(
            f"invalid --device {choice!r}: use one of "
            f"{', '.join(DEVICE_CHOICES)}"
        )
    cuda = torch.cuda.is_available()
    if choice == "cuda" and not cuda:
        raise ConfigError(
            "invalid --device cuda: torch finds no CUDA device here; pass "
            "--device cpu or --device auto"
        )
    if choice == "auto":
        return torch.device("cuda" if cuda else "cpu")
    return torch.device(choice)


def set_cpu_threads(max_threads: Optional[int]) -> None:
    """Cap torch's intra-op CPU threads. None keeps torch's default.

    NOTE: Debian's torch 1.13 build runs its OpenMP threads beside
    OpenBLAS's own pool. On a 2-core machine, 2 threads made an epoch about
    3 times slower than torch's default of 1 there.
    """
    if max_threads is not None:
        torch.set_num_threads(max_threads)


def uses_bf16(device: torch.device) -> bool:
    """Return whether training on `device` runs under bf16 autocast."""
    if device.type != "cuda":
        return False
    if not torch.cuda.is_bf16_supported():
        warn("this GPU has no bf16 support; training in float32")
        return False
    return True


def autocast(device: torch.device, enabled: bool) -> ContextManager:
    """Return a bf16 autocast context on CUDA, or a no-op context."""
    if not enabled:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16)
