"""The layer contracts of pyproject.toml, and the rule that a package's private modules stay its own."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "src"


def private_imports(source: Path) -> list[str]:
    """Imports of tunecheck's ``pkg._module`` (at any depth) from modules outside ``pkg``, as
    'importer -> imported' (third-party private modules are the third party's business)."""
    found: list[str] = []
    for path in sorted(source.rglob("*.py")):
        parts = list(path.relative_to(source).with_suffix("").parts)
        importer = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for imported in _imported(node):
                if imported.split(".")[0] != parts[0]:
                    continue
                owner = _owner_of_private(imported)
                if owner is not None and importer != owner and not importer.startswith(owner + "."):
                    found.append(f"{importer} -> {imported}")
    return found


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def _owner_of_private(module: str) -> str | None:
    """The package whose private module ``module`` is (``a.b`` for ``a.b._c.d``); None if public."""
    parts = module.split(".")
    for depth, part in enumerate(parts[1:], start=1):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:depth])
    return None


def test_the_layer_contracts_hold() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_module_imports_another_packages_private_modules() -> None:
    assert private_imports(SOURCE) == []


def test_a_private_import_across_packages_is_found(tmp_path: Path) -> None:
    _write(tmp_path / "pkg" / "a" / "_inner.py", "X = 1\n")
    _write(tmp_path / "pkg" / "a" / "__init__.py", "from pkg.a._inner import X\n")
    _write(tmp_path / "pkg" / "a" / "sub" / "mod.py", "from pkg.a._inner import X\n")
    _write(tmp_path / "pkg" / "b" / "__init__.py", "from pkg.a._inner import X\nfrom pkg.a import X as Y\n")
    assert private_imports(tmp_path) == ["pkg.b -> pkg.a._inner"]


def test_a_broken_layer_contract_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "probe" / "__init__.py", "")
    _write(tmp_path / "probe" / "high.py", "")
    _write(tmp_path / "probe" / "low.py", "import probe.high\n")
    _write(tmp_path / ".importlinter", textwrap.dedent("""\
        [importlinter]
        root_package = probe

        [importlinter:contract:layers]
        name = probe layers
        type = layers
        layers =
            probe.high
            probe.low
        """))
    monkeypatch.syspath_prepend(str(tmp_path))
    assert lint_imports(config_filename=str(tmp_path / ".importlinter"), no_cache=True) == 1


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run_internals_read(source: Path) -> list[str]:
    """Places where a check reads the session's run file or run store instead of asking the session."""
    found = []
    for path in sorted(source.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr in {"config", "store"}
                    and isinstance(node.value, ast.Name | ast.Attribute)
                    and (node.value.id if isinstance(node.value, ast.Name) else node.value.attr) == "session"):
                found.append(f"{path.relative_to(source)}:{node.lineno}: session.{node.attr}")
    return found


def test_checks_ask_the_session_and_never_read_its_config_or_store() -> None:
    assert run_internals_read(SOURCE / "tunecheck" / "checks") == []


def test_a_check_reading_the_run_file_is_found(tmp_path: Path) -> None:
    _write(tmp_path / "check.py", "def run(session, ctx):\n    a = session.config.policy\n    b = ctx.session.store\n"
                                  "    c = session.policy\n")
    assert sorted(run_internals_read(tmp_path)) == ["check.py:2: session.config", "check.py:3: session.store"]
