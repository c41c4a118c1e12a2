#!/usr/bin/env python3
"""Set up and run the Privacy Portal on a fresh machine, needing only python3.

    python3 dev.py run    # web app at http://127.0.0.1:5000 plus the worker, demo data, SQLite
    python3 dev.py test   # the whole test suite
    python3 dev.py bench  # the benchmarks in benchmarks/ (100,000 students; takes a while)

Both create ``.venv`` and install the project into it first (only when needed). ``run``
also starts a local mail sink (unless MAIL_SERVER is set): every mail the worker sends is
written to ``instance/mail/*.eml`` and announced with one line on the console.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PY = BIN / "python"
STAMP = VENV / ".installed"
MAIL_SINK_PORT = 8025
DEV_DESK_MAILBOX = "privacyloket@localhost"


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


def mail_directory() -> Path:
    return Path(os.environ.get("PORTAL_INSTANCE_DIR", ROOT / "instance")) / "mail"


def mail_environment(environ: dict, port: int = MAIL_SINK_PORT) -> dict:
    """The worker's environment: pointed at the local sink unless MAIL_SERVER is set."""
    if environ.get("MAIL_SERVER"):
        return dict(environ)
    return dict(
        environ,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(port),
        MAIL_USE_TLS="false",
        MAIL_USE_SSL="false",
        MAIL_USERNAME="",
        MAIL_PASSWORD="",
        DESK_DIGEST_TO=environ.get("DESK_DIGEST_TO") or DEV_DESK_MAILBOX,
    )


def _listening(port: int, process: subprocess.Popen, seconds: float = 15) -> bool:
    """Wait until something accepts connections on ``port`` (False if ``process`` died)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.2)
    return False


def start_mail_sink() -> subprocess.Popen | None:
    """Start the local mail sink (with the venv's python: it needs aiosmtpd)."""
    sink = subprocess.Popen(
        [str(PY), str(ROOT / "dev.py"), "mail-sink", str(mail_directory()), str(MAIL_SINK_PORT)],
        cwd=ROOT,
    )
    if _listening(MAIL_SINK_PORT, sink):
        return sink
    print(f"note: the mail sink did not start on port {MAIL_SINK_PORT}; mail waits", flush=True)
    if sink.poll() is None:
        sink.terminate()
    return None


def mail_sink(args: list[str]) -> int:
    """``dev.py mail-sink DIR PORT``: accept every mail on 127.0.0.1:PORT, write it to DIR.

    Run by ``dev.py run`` with the venv's python (aiosmtpd is a test dependency).
    """
    import email
    from email.policy import default

    from aiosmtpd.controller import Controller

    directory, port = Path(args[0]), int(args[1])
    directory.mkdir(parents=True, exist_ok=True)
    numbers = itertools.count(1)

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            stamp = time.strftime("%Y%m%d-%H%M%S")
            path = directory / f"{stamp}-{next(numbers):04d}.eml"
            path.write_bytes(envelope.original_content)
            message = email.message_from_bytes(envelope.original_content, policy=default)
            to = ", ".join(envelope.rcpt_tos)
            print(f"mail to {to}: {message['Subject']}  ({path})", flush=True)
            return "250 Message accepted"

    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"mail sink: 127.0.0.1:{port}, every mail is written to {directory}/", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    controller.stop()
    return 0


def run() -> int:
    ensure_venv()
    compile_translations()
    flask("db", "upgrade")
    flask("demo", "seed", "--if-empty", "--students", os.environ.get("PORTAL_DEMO_STUDENTS", "200"))
    sink = None if os.environ.get("MAIL_SERVER") else start_mail_sink()
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
    environment = mail_environment(dict(os.environ)) if sink else dict(os.environ)
    worker = subprocess.Popen([str(PY), "-m", "worker"], cwd=ROOT, env=environment)
    print("\nPrivacy Portal: http://127.0.0.1:5000  (Ctrl+C stops web and worker)", flush=True)
    if sink:
        print(f"Mail the worker sends: {mail_directory()}/*.eml (within a minute)\n", flush=True)
    try:
        while web.poll() is None and worker.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        processes = [p for p in (web, worker, sink) if p is not None]
        for proc in processes:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in processes:
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


OIDC_PROVIDER = ROOT / "tests" / "oidc_provider"


def _installed(package_dir: Path) -> bool:
    """True when node_modules holds every package at the version package-lock.json names."""
    import json

    lock = json.loads((package_dir / "package-lock.json").read_text())
    for path, entry in lock.get("packages", {}).items():
        if not path:
            continue
        manifest = package_dir / path / "package.json"
        if not manifest.exists():
            return False
        if json.loads(manifest.read_text()).get("version") != entry.get("version"):
            return False
    return True


def ensure_oidc_provider() -> None:
    """The SSO tests run a real OpenID Provider (npm's oidc-provider) under Node: install it."""
    npm = shutil.which("npm")
    if not (shutil.which("node") and npm):
        print(
            "note: Node.js or npm is missing; the SSO tests against the local OpenID Provider "
            "will be skipped (install the Debian packages 'nodejs' and 'npm', Node 20 or later)",
            flush=True,
        )
        return
    if not _installed(OIDC_PROVIDER):
        sh(npm, "ci", "--no-audit", "--no-fund", "--prefix", str(OIDC_PROVIDER))


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
    ensure_oidc_provider()
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
        "mail-sink": lambda: mail_sink(argv[1:]),
    }
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
