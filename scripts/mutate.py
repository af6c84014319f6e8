"""`make mutate`: mutation testing of the modules that take the platform's decisions.

For each module below, mutmut makes small wrong changes to its code (a `<` for a `<=`, a
`True` for a `False`, a constant off by one...) and runs the tests that cover it; a mutant no
test notices "survives". Each module runs in its own copy of the project under
var/mutate/<name>/ (mutmut rewrites the files it mutates and keeps its state there), with only
the tests that concern it, so a run stays within minutes per module, and the checkout is never
touched. The summary (killed / survived / others per module) is printed and written to
var/mutate/summary.txt.

    make mutate                                    # every module
    make mutate MODULES=core/uploads.py            # some of them (comma separated)
    make mutate MUTATE_CHILDREN=2                  # parallel mutants (default 1: one core)

The surviving mutants of a module are listed with
`cd var/mutate/<name> && ../../../.venv/bin/mutmut results`, and shown with `mutmut show <id>`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutate"

# module -> the tests that check its decisions (test files or folders).
TARGETS: dict[str, list[str]] = {
    # The decision tables without HTTP; the URL walks check the same table page by page but
    # take minutes for each mutant.
    "courses/permissions.py": ["tests/test_access_rules.py", "courses/tests"],
    "assessments/grading.py": ["assessments/tests"],
    "learnpaths/prerequisites.py": ["learnpaths/tests"],
    "scorm/runtime/datamodel.py": ["scorm/tests"],
    "core/uploads.py": [
        "core/tests/test_uploads.py",
        "core/tests/test_upload_limits.py",
        "core/tests/test_uploads_decisions.py",
    ],
    "core/archives.py": ["core/tests/test_archives.py"],
}
# Where the grading decisions live until assessments has a grading module of its own.
FALLBACKS = {"assessments/grading.py": "assessments/question_types.py"}
# Not copied: environments, caches, outputs, and what tests never read.
SKIP = {".git", ".venv", "node_modules", "var", "test-output", "mutants", "docs", "bench"}


def _copy_project(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name in SKIP or entry.name.startswith(".") and entry.name != ".ci":
            continue
        if entry.is_dir():
            shutil.copytree(
                entry,
                target / entry.name,
                symlinks=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "mutants"),
            )
        else:
            shutil.copy2(entry, target / entry.name)
    (target / ".venv").symlink_to(ROOT / ".venv")


def _configure(target: Path, module: str, tests: list[str]) -> None:
    sources = sorted(
        entry.name
        for entry in target.iterdir()
        if (entry.is_dir() and (entry / "__init__.py").exists())
        or entry.name in {"manage.py", "conftest.py"}
    )
    pyproject = target / "pyproject.toml"
    text = pyproject.read_text()
    text += "\n[tool.mutmut]\n"
    text += f"source_paths = {json.dumps(sources)}\n"
    text += f"only_mutate = {json.dumps([module])}\n"
    text += f"also_copy = {json.dumps(['locale', 'static', 'templates', '.ci'])}\n"
    text += f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
    # One process, no browsers: mutants run one after the other on one core.
    text += 'pytest_add_cli_args = ["-p", "no:xdist", "-m", "not browser", "-q", "-x"]\n'
    pyproject.write_text(text)


def run_module(module: str, children: int) -> dict:
    actual = module if (ROOT / module).exists() else FALLBACKS.get(module, module)
    if not (ROOT / actual).exists():
        return {"module": module, "error": "not found"}
    name = actual.replace("/", "_").removesuffix(".py")
    target = WORK / name
    _copy_project(target)
    _configure(target, actual, TARGETS[module])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "chamilo.settings"}
    env.pop("REDIS_URL", None)  # no test of the real worker inside mutants
    mutmut = str(ROOT / ".venv" / "bin" / "mutmut")
    log = target / "mutmut.log"
    with log.open("w") as out:
        subprocess.run(
            [mutmut, "run", "--max-children", str(children)],
            cwd=target,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
        subprocess.run(
            [mutmut, "export-cicd-stats"], cwd=target, env=env, stdout=out, stderr=out, check=False
        )
    stats_file = target / "mutants" / "mutmut-cicd-stats.json"
    if not stats_file.exists():
        return {"module": actual, "error": f"no result; see {log.relative_to(ROOT)}"}
    stats = json.loads(stats_file.read_text())
    return {"module": actual, **stats}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", default="", help="comma separated; default: all")
    parser.add_argument("--children", type=int, default=1)
    args = parser.parse_args()
    modules = [m.strip() for m in args.modules.split(",") if m.strip()] or list(TARGETS)
    unknown = [m for m in modules if m not in TARGETS]
    if unknown:
        print(f"Unknown modules: {', '.join(unknown)}; known: {', '.join(TARGETS)}")
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    lines = []
    for module in modules:
        print(f"mutating {module} ...", flush=True)
        result = run_module(module, args.children)
        if "error" in result:
            line = f"{result['module']}: {result['error']}"
        else:
            line = (
                f"{result['module']}: {result.get('total', '?')} mutants, "
                f"{result.get('killed', 0)} killed, {result.get('survived', 0)} survived, "
                f"{result.get('timeout', 0)} timed out, {result.get('no_tests', 0)} without tests, "
                f"{result.get('skipped', 0) + result.get('suspicious', 0)} other"
            )
        print(line, flush=True)
        lines.append(line)
    (WORK / "summary.txt").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
