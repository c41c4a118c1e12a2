"""``dev.py run`` shows sent mail: the local sink writes each mail to a file and says so."""

import email
import importlib.util
import signal
import subprocess
import sys
from email.policy import default
from pathlib import Path

from domain.core.db import writing
from domain.mail import outbox
from domain.mail.sending import send_due
from tests.mail_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def dev_module():
    spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_worker_is_pointed_at_the_sink_unless_a_mail_server_is_set():
    dev = dev_module()
    env = dev.mail_environment({"PATH": "/bin"}, port=8025)
    assert (env["MAIL_SERVER"], env["MAIL_PORT"]) == ("127.0.0.1", "8025")
    assert env["MAIL_USE_TLS"] == env["MAIL_USE_SSL"] == "false"
    assert env["DESK_DIGEST_TO"] == dev.DEV_DESK_MAILBOX and env["PATH"] == "/bin"
    mine = {"MAIL_SERVER": "smtp.example.nl", "MAIL_PORT": "587"}
    assert dev.mail_environment(mine) == mine
    assert dev.mail_environment({"DESK_DIGEST_TO": "me@example.nl"})["DESK_DIGEST_TO"] == (
        "me@example.nl"
    )


def test_the_sink_writes_each_mail_as_an_eml_file_and_prints_a_line(db, tmp_path):
    dev, port, folder = dev_module(), free_port(), tmp_path / "mail"
    sink = subprocess.Popen(
        [sys.executable, str(ROOT / "dev.py"), "mail-sink", str(folder), str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert dev._listening(port, sink), sink.communicate(timeout=10)
        with writing():
            outbox.enqueue(
                kind="request_received",
                recipient="s1000001@student.utwente.nl",
                language="nl",
                subject="Je verzoek AVG-2026-ABCDEF is ontvangen",
                body="Hallo,\n\nWe hebben je verzoek ontvangen.\n",
            )
        settings = dict(
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=port,
            MAIL_USE_TLS=False,
            MAIL_USE_SSL=False,
            MAIL_FROM="privacyportaal@localhost",
        )
        assert send_due(settings).sent == 1
    finally:
        sink.send_signal(signal.SIGTERM)
        out, err = sink.communicate(timeout=30)
    assert sink.returncode == 0, err
    [path] = folder.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=default)
    assert message["Subject"] == "Je verzoek AVG-2026-ABCDEF is ontvangen"
    assert "We hebben je verzoek ontvangen." in message.get_content()
    assert f"mail sink: 127.0.0.1:{port}" in out
    assert "mail to s1000001@student.utwente.nl: Je verzoek AVG-2026-ABCDEF is ontvangen" in out
    assert str(path) in out
