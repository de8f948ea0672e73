"""Errors raised by the training package.

Each message names the bad value and what to do about it, so the SageMaker
failure reason and the local CLI output can be acted on without the code.
"""


class ValuecastModelError(Exception):
    """Base class of every error that the training package raises."""

    exit_code = 1


class ConfigError(ValuecastModelError):
    """An invalid command-line argument or environment variable."""

    exit_code = 2


class DatasetError(ValuecastModelError):
    """A split folder whose manifest or tensors break the data contract."""

    exit_code = 3


class TrainingError(ValuecastModelError):
    """Training failed, for example because the loss became NaN."""

    exit_code = 4


class ModelPackageError(ValuecastModelError):
    """Writing, checking or reading a model package failed."""

    exit_code = 5
