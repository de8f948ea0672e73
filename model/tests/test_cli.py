"""train.py's arguments and environment: defaults, checks and exit codes."""

from pathlib import Path

import pytest

from valuecast_model.cli import main, parse_arguments, read_environment
from valuecast_model.errors import ConfigError
from valuecast_model.hyperparameters import Hyperparameters

SAGEMAKER = {
    "SM_CHANNEL_TRAIN": "/opt/ml/input/data/train",
    "SM_CHANNEL_VALIDATION": "/opt/ml/input/data/validation",
    "SM_CHANNEL_TEST": "/opt/ml/input/data/test",
    "SM_MODEL_DIR": "/opt/ml/model",
    "SM_OUTPUT_DIR": "/opt/ml/output",
}


def test_environment_gives_sagemaker_folders():
    locations = read_environment(SAGEMAKER)

    assert locations.train == Path("/opt/ml/input/data/train")
    assert locations.validation == Path("/opt/ml/input/data/validation")
    assert locations.test == Path("/opt/ml/input/data/test")
    assert locations.model_dir == Path("/opt/ml/model")
    assert locations.output_dir == Path("/opt/ml/output")


def test_environment_falls_back_to_local_folders():
    locations = read_environment({})

    assert locations.train == Path("dataset/train")
    assert locations.validation == Path("dataset/validation")
    assert locations.test is None
    assert locations.model_dir == Path("model-output")
    assert locations.output_dir is None


def test_defaults_match_documented_values():
    hp, options = parse_arguments([], {})

    assert hp == Hyperparameters()
    assert hp.to_json() == {
        "epochs": 40,
        "batchSize": 512,
        "learningRate": 2e-3,
        "weightDecay": 1e-2,
        "dModel": 32,
        "heads": 4,
        "layers": 2,
        "dropout": 0.1,
        "patience": 5,
        "seed": 1,
    }
    assert options.model_version == "dev"
    assert options.device == "auto"
    assert options.max_threads is None


def test_arguments_override_environment():
    argv = [
        "--train",
        "a",
        "--model-dir",
        "b",
        "--epochs",
        "3",
        "--d-model",
        "16",
    ]

    hp, options = parse_arguments(argv, SAGEMAKER)

    assert options.locations.train == Path("a")
    assert options.locations.validation == Path("/opt/ml/input/data/validation")
    assert options.locations.model_dir == Path("b")
    assert hp.epochs == 3
    assert hp.d_model == 16


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--epochs", "0"], "invalid --epochs 0: use 1 or more"),
        (["--batch-size", "-4"], "invalid --batch-size -4: use 1 or more"),
        (
            ["--learning-rate", "0"],
            "invalid --learning-rate 0.0: use a positive number",
        ),
        (["--learning-rate", "nan"], "invalid --learning-rate nan"),
        (["--weight-decay", "-0.1"], "invalid --weight-decay -0.1"),
        (
            ["--d-model", "30"],
            "invalid --d-model 30: use a positive multiple of --heads 4, such as 32",
        ),
        (["--heads", "0"], "invalid --heads 0: use 1 or more"),
        (["--layers", "0"], "invalid --layers 0"),
        (["--dropout", "1"], r"invalid --dropout 1.0: use a value in \[0, 1\)"),
        (["--patience", "0"], "invalid --patience 0"),
        (["--seed", "-1"], "invalid --seed -1"),
        (["--model-version", "v 1"], "invalid --model-version 'v 1'"),
        (["--model-version", ""], "invalid --model-version ''"),
        (["--max-threads", "0"], "invalid --max-threads 0"),
    ],
)
def test_invalid_argument_is_rejected(argv, message):
    with pytest.raises(ConfigError, match=message):
        parse_arguments(argv, {})


def test_unknown_device_is_rejected_by_argparse(capsys):
    with pytest.raises(SystemExit):
        parse_arguments(["--device", "tpu"], {})

    assert "invalid choice: 'tpu'" in capsys.readouterr().err


def test_missing_data_exits_with_failure_file(tmp_path, capsys):
    environ = {
        "SM_CHANNEL_TRAIN": str(tmp_path / "absent"),
        "SM_OUTPUT_DIR": str(tmp_path / "output"),
        "SM_MODEL_DIR": str(tmp_path / "model"),
    }

    status = main(["--device", "cpu"], environ)

    assert status == 3
    error = capsys.readouterr().err
    assert "error: train split folder not found" in error
    failure = (tmp_path / "output" / "failure").read_text()
    assert failure.startswith("DatasetError: train split folder not found")


def test_invalid_argument_exits_with_status_2(capsys):
    status = main(["--dropout", "2"], {})

    assert status == 2
    assert "invalid --dropout 2.0" in capsys.readouterr().err
