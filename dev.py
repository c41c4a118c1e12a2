#!/usr/bin/env python3
"""Set up and run the Privacy Portal on a fresh machine, needing only python3.

    python3 dev.py run    # web app at http://127.0.0.1:5000 plus the worker, demo data, SQLite
    python3 dev.py test   # the whole test suite
    python3 dev.py bench  # the benchmarks in benchmarks/ (100,000 students; takes a while)

Both create ``.venv`` and install the project into it first (only when needed).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PY = BIN / "python"
STAMP = VENV / ".installed"


def sh(*args: str, **kwargs) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, check=True, cwd=ROOT, **kwargs)


def ensure_venv() -> None:
    """Create the virtualenv and install the project (again when pyproject.toml changed)."""
    if not PY.exists():
        sh(sys.executable, "-m", "venv", str(VENV))
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    sh(str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    sh(str(PY), "-m", "pip", "install", "--quiet", "-e", ".[test]")
    STAMP.write_text(wanted)


def flask(*args: str) -> None:
    sh(str(BIN / "flask"), "--app", "webapp", *args)


def compile_translations() -> None:
    flask("translate", "compile", "--use-fuzzy")


def run() -> int:
    ensure_venv()
    compile_translations()
    flask("db", "upgrade")
    flask("demo", "seed", "--if-empty", "--students", os.environ.get("PORTAL_DEMO_STUDENTS", "200"))
    web = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--no-control-socket",
            "--bind",
            "127.0.0.1:5000",
            "--workers",
            "2",
            "--access-logfile",
            "-",
            "webapp:create_app()",
        ],
        cwd=ROOT,
    )
    worker = subprocess.Popen([str(PY), "-m", "worker"], cwd=ROOT)
    print("\nPrivacy Portal: http://127.0.0.1:5000  (Ctrl+C stops web and worker)\n", flush=True)
    try:
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in (web, worker):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in (web, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


def ensure_chromium() -> None:
    """Browser tests need Debian's Chromium; install it when we may (root with apt)."""
    if Path("/usr/bin/chromium").exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh("apt-get", "update", "-qq", env=env)
        sh("apt-get", "install", "-y", "-qq", "chromium", env=env)
    else:
        print(
            "note: /usr/bin/chromium is missing; browser tests will be skipped "
            "(install the Debian package 'chromium')",
            flush=True,
        )


def lint() -> int:
    """ruff: lint and formatting, so a new warning fails the test command (and CI)."""
    for args in (("check", "."), ("format", "--check", ".")):
        code = subprocess.run([str(BIN / "ruff"), *args], cwd=ROOT).returncode
        if code:
            print(
                "ruff found problems: run '.venv/bin/ruff format .' and "
                "'.venv/bin/ruff check --fix .', then fix what remains",
                flush=True,
            )
            return code
    return 0


def test(pytest_args: list[str]) -> int:
    ensure_venv()
    ensure_chromium()
    compile_translations()
    code = lint()
    tests = subprocess.run([str(PY), "-m", "pytest", *pytest_args], cwd=ROOT).returncode
    return code or tests


def bench(names: list[str]) -> int:
    """Run each benchmark script (or the named ones) with its defaults."""
    ensure_venv()
    scripts = sorted((ROOT / "benchmarks").glob("*.py"))
    chosen = [p for p in scripts if not names or p.stem in names]
    for script in chosen:
        print(f"\n== {script.stem} ==", flush=True)
        code = subprocess.run([str(PY), str(script)], cwd=ROOT).returncode
        if code:
            return code
    return 0


def main(argv: list[str]) -> int:
    commands = {
        "run": lambda: run(),
        "test": lambda: test(argv[1:]),
        "bench": lambda: bench(argv[1:]),
    }
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
