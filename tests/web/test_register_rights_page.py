"""The Art. 30 page shows what each right may do with every field (issue 10 §1)."""

from domain.register.activities import activities
from tests.support import html_of


def test_the_record_of_processing_shows_source_and_rights_in_both_languages(portal, sign_in):
    sign_in("admin")
    # Every field under each processing activity it serves (a field a party receives
    # serves that party's purpose).
    listed = sum(len(a.fields) for a in activities())
    nl = html_of(portal.client.get("/admin/register"))
    assert nl.count("Verwijderen op verzoek:") == listed
    assert "Studielink (en de BRP van de gemeente)" in nl
    assert "nee, bewaard: art. 17 lid 3 onder b AVG" in nl
    assert "bij de bron: in Studielink" in nl
    assert "weggelaten: Administratie van interne notities" in nl
    portal.client.set_cookie("portal_lang", "en")
    en = html_of(portal.client.get("/admin/register"))
    assert en.count("Erasure on request:") == listed
    assert "no, kept: GDPR art. 17(3)(b)" in en and "by the examination board" in en
    assert "Who looked at your data" in en  # the audit trail's export section
