"""The outbox sent over a real SMTP server: retries, outages, refusals, two workers, the jobs."""

import datetime as dt
import threading

import pytest

from domain.core.db import database, utcnow, writing
from domain.mail import outbox, sending
from domain.mail.models import FAILED, PENDING, SENT, OutboxMail
from domain.mail.sending import MAX_ATTEMPTS, delay_after, send_due
from tests.mail_server import SmtpServer, free_port
from worker import jobs
from worker.scheduler import build_scheduler, next_runs


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


def queue_mail(recipient="s1000001@student.utwente.nl", **values) -> OutboxMail:
    defaults = dict(
        kind="request_received",
        recipient=recipient,
        language="nl",
        subject="Je verzoek AVG-2026-ABCDEF is ontvangen",
        body="Hallo,\n\nWe hebben je verzoek ontvangen. Één ding nog.\n",
    )
    defaults.update(values)
    with writing():
        return outbox.enqueue(**defaults)


def state(mail: OutboxMail) -> OutboxMail:
    return OutboxMail.get_by_id(mail.id)


def test_a_due_mail_is_sent_as_plain_utf8_text_and_marked_sent(db, smtp):
    mail = queue_mail()
    report = send_due(smtp.settings())
    assert report.sent == 1 and not report.unreachable
    [got] = smtp.received
    assert got.recipients == ["s1000001@student.utwente.nl"]
    assert got.message["From"] == "Privacyportaal <privacyportaal@example.org>"
    assert got.subject == "Je verzoek AVG-2026-ABCDEF is ontvangen"
    assert "Één ding nog." in got.body
    assert got.message["Auto-Submitted"] == "auto-generated"
    assert got.message["Content-Language"] == "nl"
    assert got.message["Message-ID"].endswith("@example.org>")
    row = state(mail)
    assert row.status == SENT and row.sent_at is not None and row.attempts == 0
    assert send_due(smtp.settings()).sent == 0  # sent once, not again


def test_mail_is_not_sent_before_it_is_due(db, smtp):
    mail = queue_mail()
    OutboxMail.update(next_attempt_at=utcnow() + dt.timedelta(minutes=5)).execute()
    assert send_due(smtp.settings()).sent == 0
    assert smtp.received == [] and state(mail).status == PENDING


def test_a_server_that_is_down_loses_nothing_and_gets_the_mail_when_back(db):
    port = free_port()  # nothing listens: connecting is refused
    mail = queue_mail()
    server = SmtpServer(port=port)
    report = send_due(server.settings())
    assert report.unreachable == "ConnectionRefusedError" and report.waiting == 1
    row = state(mail)
    assert row.status == PENDING and row.attempts == 0  # an outage costs no attempt
    server.start()
    try:
        assert send_due(server.settings()).sent == 1
    finally:
        server.stop()
    assert [r.subject for r in server.received] == [mail.subject]
    assert state(mail).status == SENT


@pytest.mark.parametrize("stage", ["rcpt", "data"])
def test_a_temporary_refusal_is_retried_later_then_sent(db, smtp, stage):
    mail = queue_mail()
    setattr(smtp, f"{stage}_answer", "451 4.3.0 Try again later")
    now = utcnow()
    report = send_due(smtp.settings(), now)
    assert report.retried == 1 and report.sent == 0
    row = state(mail)
    assert row.status == PENDING and row.attempts == 1
    assert row.next_attempt_at == now + dt.timedelta(minutes=1)
    assert row.last_error.startswith("451")
    setattr(smtp, f"{stage}_answer", None)
    assert send_due(smtp.settings(), now + dt.timedelta(seconds=30)).sent == 0  # not yet
    assert send_due(smtp.settings(), now + dt.timedelta(minutes=1)).sent == 1
    assert state(mail).status == SENT and len(smtp.received) == 1


def test_a_recipient_refused_for_good_fails_at_once_and_stays_visible(db, smtp):
    mail = queue_mail(recipient="nobody@example.org")
    other = queue_mail(recipient="s1000002@student.utwente.nl")
    smtp.rcpt_answer = "550 5.1.1 No such user"
    report = send_due(smtp.settings())
    assert report.failed == 2
    row = state(mail)
    assert row.status == FAILED and row.attempts == 1 and row.last_error.startswith("550")
    assert outbox.counts() == {PENDING: 0, SENT: 0, FAILED: 2}
    smtp.rcpt_answer = None
    assert send_due(smtp.settings(), utcnow() + dt.timedelta(days=1)).sent == 0
    assert state(other).status == FAILED


def test_after_the_last_attempt_a_mail_is_marked_failed(db, smtp):
    mail = queue_mail()
    smtp.rcpt_answer = "451 4.3.0 Try again later"
    now = utcnow()
    for _ in range(MAX_ATTEMPTS):
        send_due(smtp.settings(), now)
        now = state(mail).next_attempt_at
    row = state(mail)
    assert row.status == FAILED and row.attempts == MAX_ATTEMPTS
    # About three days of trying: a weekend outage of the relay is survived.
    assert now - row.created_at > dt.timedelta(days=2)


def test_the_delay_doubles_up_to_six_hours():
    assert [delay_after(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert delay_after(9) == dt.timedelta(minutes=256)
    assert delay_after(10) == delay_after(19) == dt.timedelta(hours=6)


def test_without_mail_server_mail_waits_in_the_outbox(db):
    mail = queue_mail()
    report = send_due({"MAIL_SERVER": ""})
    assert report.unconfigured and report.waiting == 1
    assert state(mail).status == PENDING and state(mail).attempts == 0


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_password_is_sent_when_configured(db):
    server = SmtpServer(login=("portal", "s3cret")).start()
    try:
        queue_mail()
        wrong = send_due(server.settings(MAIL_USERNAME="portal", MAIL_PASSWORD="wrong"))
        assert wrong.unreachable == "SMTPAuthenticationError" and wrong.sent == 0
        assert OutboxMail.get().attempts == 0  # a configuration problem costs no attempt
        right = send_due(server.settings(MAIL_USERNAME="portal", MAIL_PASSWORD="s3cret"))
        assert right.sent == 1 and server.logins == ["portal"]
    finally:
        server.stop()


def test_starttls_asked_but_not_offered_sends_nothing_in_the_clear(db, smtp):
    mail = queue_mail()
    report = send_due(smtp.settings(MAIL_USE_TLS=True))
    assert report.unreachable == "SMTPNotSupportedError" and report.sent == 0
    assert smtp.received == [] and state(mail).status == PENDING


def test_ssl_against_a_plain_server_sends_nothing(db, smtp):
    queue_mail()
    report = send_due(dict(smtp.settings(MAIL_USE_SSL=True), MAIL_PORT=smtp.port))
    assert report.unreachable and report.sent == 0 and smtp.received == []


def test_two_workers_at_once_send_each_mail_once(db, smtp, db_url):
    mails = [queue_mail(recipient=f"s{1000000 + n}@student.utwente.nl") for n in range(120)]
    reports, errors = [], []
    start = threading.Barrier(2)

    def worker():
        try:
            with database.connection_context():
                start.wait()
                reports.append(send_due(smtp.settings()))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sum(r.sent for r in reports) == len(mails)
    delivered = sorted(r.recipients[0] for r in smtp.received)
    assert delivered == sorted(m.recipient for m in mails)  # each exactly once
    assert OutboxMail.select().where(OutboxMail.status == SENT).count() == len(mails)


def test_a_claimed_mail_is_not_claimed_again_until_its_lease_ends(db):
    queue_mail()
    now = utcnow()
    assert len(sending.claim(now)) == 1
    assert sending.claim(now) == []  # another worker finds nothing
    assert len(sending.claim(now + sending.LEASE)) == 1  # the first one died: sent again


def test_enqueue_outside_a_transaction_is_refused(db):
    with pytest.raises(outbox.OutsideTransaction):
        outbox.enqueue(
            kind="request_received", recipient="a@example.org", language="nl", subject="s", body="b"
        )
    assert not OutboxMail.select().exists()


def test_a_rolled_back_transaction_leaves_no_mail(db):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), writing():
        queue_mail()
        raise Boom
    assert not OutboxMail.select().exists()


# --- The worker's jobs --------------------------------------------------------------------


def worker_config(**overrides):
    values = {
        "WORKER_RETENTION_TIME": "02:30",
        "WORKER_DIGEST_TIME": "07:30",
        "PSEUDONYM_KEY": "k",
        "RETENTION_BATCH_SIZE": 5000,
        "DESK_DIGEST_TO": (),
        "MAIL_SERVER": "",
    }
    values.update(overrides)
    return values


def test_the_mail_and_digest_jobs_are_registered(db):
    scheduler = build_scheduler(worker_config())
    mail, digest = scheduler.get_job("mail"), scheduler.get_job("desk-digest")
    assert mail.func is jobs.send_mail and mail.trigger.interval == dt.timedelta(minutes=1)
    assert mail.coalesce and mail.max_instances == 1
    assert digest.func is jobs.desk_digest and digest.coalesce and digest.max_instances == 1
    when = dict(next_runs(scheduler))["desk-digest"]
    assert (when.hour, when.minute, str(when.tzinfo)) == (7, 30, "Europe/Amsterdam")


def test_the_digest_time_is_configurable(db):
    scheduler = build_scheduler(worker_config(WORKER_DIGEST_TIME="06:45"))
    trigger = scheduler.get_job("desk-digest").trigger
    assert str(trigger.fields[5]) == "6" and str(trigger.fields[6]) == "45"


def test_the_mail_job_sends_and_logs_an_outage_once(db, caplog, monkeypatch):
    monkeypatch.setattr(jobs._MailServer, "problem", None)
    queue_mail()
    config = worker_config(**SmtpServer(port=free_port()).settings())
    with caplog.at_level("INFO", logger="worker"):
        jobs.send_mail(config)
        jobs.send_mail(config)
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "1 mail(s) wait" in warnings[0].getMessage()
    server = SmtpServer(port=config["MAIL_PORT"]).start()
    try:
        with caplog.at_level("INFO", logger="worker"):
            report = jobs.send_mail(config)
    finally:
        server.stop()
    assert report.sent == 1 and "reachable again" in caplog.text
    assert "s1000001" not in caplog.text  # the log names no address


def test_the_digest_job_does_nothing_without_a_mailbox(db):
    assert jobs.desk_digest(worker_config()) == 0
    assert not OutboxMail.select().exists()
