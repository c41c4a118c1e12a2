"""Every persistent model of every feature, in dependency order.

Each feature package owns its models (``domain/<feature>/models.py``); this module only
gathers them, for the migrations test, the demo generator and code that reads several
features at once.
"""

from domain.accounts.models import (
    Account,
    LoginAttempt,
    SignInCode,
    SignInCodeRequest,
    SignInSession,
)
from domain.audit.models import AUDIT_MODELS, AuditCheckpoint, AuditEvent, AuditSubject
from domain.consent.models import CONSENT_MODELS, ConsentEvent, ExternalParty, NoticeVersion
from domain.deliveries.models import DELIVERY_MODELS, Delivery, DeliveryFile, Disclosure
from domain.exports.models import EXPORT_MODELS, DataExport
from domain.mail.models import MAIL_MODELS, OutboxMail
from domain.people.models import CourseResult, Degree, Enrolment, Person, Programme
from domain.records.models import (
    RECORD_MODELS,
    ColloquiumDoctumDecision,
    CounsellingEntry,
    CourseParticipantForm,
    DeficiencyDocument,
    DirectDebitMandate,
    ExchangeDocument,
    ForeignAdmissionDecision,
    IdentityDocumentCopy,
    MatchingResult,
    PersonRecord,
    SelectionDocument,
    SurveyHandover,
)
from domain.requests.models import (
    REQUEST_MODELS,
    RequestAttachment,
    RequestEvent,
    RequestMessage,
    RightsRequest,
)
from domain.retention.models import (
    DestructionItem,
    DestructionList,
    LegalHold,
    RetentionRun,
    RetentionRunHold,
    RetentionRunRule,
)
from domain.rights.models import RIGHTS_MODELS, ErasureOutcome, Objection
from domain.surveys.models import (
    SURVEY_MODELS,
    SurveyLinkedAnswer,
    SurveyResult,
    SurveySupportAnswer,
)

ALL_MODELS = [
    Person, Programme, Enrolment, CourseResult, Degree, *RECORD_MODELS,
    Account, LoginAttempt, SignInSession, SignInCode, SignInCodeRequest, *AUDIT_MODELS,
    LegalHold, RetentionRun, RetentionRunRule, RetentionRunHold, DestructionList,
    DestructionItem, *CONSENT_MODELS, *DELIVERY_MODELS, *REQUEST_MODELS, *MAIL_MODELS,
    *RIGHTS_MODELS, *EXPORT_MODELS, *SURVEY_MODELS,
]  # fmt: skip

__all__ = [
    "ALL_MODELS", "AUDIT_MODELS", "CONSENT_MODELS", "DELIVERY_MODELS", "EXPORT_MODELS",
    "MAIL_MODELS", "RECORD_MODELS", "REQUEST_MODELS", "RIGHTS_MODELS", "DataExport",
    "ErasureOutcome", "Objection", "OutboxMail",
    "RequestAttachment", "RequestEvent", "RequestMessage", "RightsRequest",
    "Account", "AuditCheckpoint", "AuditEvent", "AuditSubject", "ColloquiumDoctumDecision",
    "ConsentEvent", "CounsellingEntry",
    "CourseParticipantForm", "CourseResult", "Degree", "DeficiencyDocument", "Delivery",
    "DeliveryFile", "DestructionItem", "DestructionList", "DirectDebitMandate", "Disclosure",
    "Enrolment", "ExchangeDocument", "ExternalParty", "ForeignAdmissionDecision",
    "IdentityDocumentCopy", "LegalHold", "LoginAttempt", "MatchingResult", "NoticeVersion",
    "Person", "PersonRecord", "Programme", "RetentionRun", "RetentionRunHold",
    "RetentionRunRule", "SelectionDocument", "SignInCode", "SignInCodeRequest", "SignInSession",
    "SurveyHandover", "SurveyLinkedAnswer", "SurveyResult", "SurveySupportAnswer",
]  # fmt: skip
