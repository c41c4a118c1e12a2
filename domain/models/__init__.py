"""All persistent models, in dependency order."""
from domain.models.accounts import Account, LoginAttempt
from domain.models.audit import AuditEvent
from domain.models.consent import (CONSENT_MODELS, ConsentEvent, Delivery, DeliveryFile,
                                    Disclosure, ExternalParty, NoticeVersion)
from domain.models.people import CourseResult, Degree, Enrolment, Person, Programme
from domain.models.records import (RECORD_MODELS, ColloquiumDoctumDecision,
                                   CounsellingEntry, CourseParticipantForm,
                                   DeficiencyDocument, DirectDebitMandate,
                                   ExchangeDocument, ForeignAdmissionDecision,
                                   IdentityDocumentCopy, MatchingResult, PersonRecord,
                                   SelectionDocument, SurveyHandover)
from domain.models.retention import (DestructionItem, DestructionList, LegalHold,
                                     RetentionRun, RetentionRunRule)

ALL_MODELS = [Person, Programme, Enrolment, CourseResult, Degree, *RECORD_MODELS,
              Account, LoginAttempt, AuditEvent,
              LegalHold, RetentionRun, RetentionRunRule, DestructionList, DestructionItem,
              *CONSENT_MODELS]

__all__ = [m.__name__ for m in ALL_MODELS] + ["ALL_MODELS", "CONSENT_MODELS", "RECORD_MODELS",
                                           "PersonRecord"]
