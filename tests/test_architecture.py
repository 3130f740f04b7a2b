"""The layout's rules, checked on the source: `models/` below `qa/`, imports one way along
the data's path, every `qa/` package documented in docs/architecture.md."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QA = ROOT / "qa"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# The order data flows in; a package may import its own rank or lower, never higher.
RANK = {
    "transcript": 0,
    "scorecard": 1,  # quotes the transcript's speakers
    "intake": 2,
    "transcription": 3,
    "privacy": 4,
    "scoring": 5,
    "storage": 6,
    "batch": 7,
    "coaching": 7,
    "review": 7,
    "erasure": 8,  # removes a call from storage and the review desk alike
    "cli": 9,
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def qa_packages() -> list[str]:
    return sorted(p.name for p in QA.iterdir() if (p / "__init__.py").is_file())


def test_models_never_import_qa() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in imported_modules(path) if n.startswith("qa"))
        for path in (ROOT / "models").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_every_qa_module_sits_in_a_stage_package() -> None:
    loose = sorted(
        p.name
        for p in QA.glob("*.py")
        if p.stem not in ("__init__", "__main__", "transcript", "scorecard")
    )
    assert loose == []
    assert set(qa_packages()) == {k for k in RANK if k not in ("transcript", "scorecard")}


def test_imports_follow_the_data() -> None:
    wrong = []
    for path in QA.rglob("*.py"):
        parts = path.relative_to(QA).parts
        own = parts[0].removesuffix(".py")
        if own in ("__init__", "__main__"):
            continue
        for name in imported_modules(path):
            if name.startswith("pipelines") and own != "cli":
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            pieces = name.split(".")
            if pieces[0] != "qa" or len(pieces) < 2 or pieces[1] not in RANK:
                continue
            target = pieces[1]
            if target != own and RANK[target] >= RANK[own]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_architecture_doc_names_every_package_and_module() -> None:
    doc = ARCHITECTURE.read_text(encoding="utf-8")
    missing = [f"qa/{p}/" for p in qa_packages() if f"qa/{p}/" not in doc]
    for package in qa_packages():
        for module in (QA / package).glob("*.py"):
            if module.stem != "__init__" and f"`{module.name}`" not in doc:
                missing.append(str(module.relative_to(ROOT)))
    assert missing == []
