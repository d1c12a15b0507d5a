"""Every model of the system: the metadata Alembic, backups and the tests work from is complete."""

from sqlalchemy import MetaData
from sqlalchemy.orm import configure_mappers

from ksdesk.accounts.models import ApiToken, RoleDefinition, SignInAttempt, User, WebSession
from ksdesk.assessment.models import (
    Assessment,
    AssessmentNote,
    CatalogueVersion,
    ChosenMitigation,
    CountryIndicatorEdition,
    ReassessmentFlag,
    RuleSetVersion,
)
from ksdesk.audit import AuditEvent
from ksdesk.db import Base
from ksdesk.desk.models import (
    ClosureDay,
    CoordinationRequest,
    DeskReminder,
    DeskSetting,
    Erasure,
    FaqEntry,
    HolidayChoice,
    InboundMail,
    OutboxMail,
    Question,
    QuestionCountry,
    QuestionMessage,
    QuestionPause,
    RateLimitWindow,
    ReferenceCounter,
    ReplyTemplate,
    SearchDocument,
)
from ksdesk.notifications.models import Notification, NotificationPreference
from ksdesk.portfolio.models import PortfolioFact, PortfolioFactArea, PortfolioFactCountry, PortfolioFactExchange
from ksdesk.registry.models import (
    Collaboration,
    CollaborationCountry,
    CollaborationParticipant,
    CollaborationPartner,
    CountryProfile,
    FundingSource,
    Institution,
    Organisation,
    OrganisationName,
    OrganisationRelation,
    PersonExchange,
    StatusTransition,
)
from ksdesk.screening.models import (
    ScreeningAlert,
    ScreeningJob,
    ScreeningReview,
    Watchlist,
    WatchlistEntry,
    WatchlistVersion,
)
from ksdesk.sources.models import SourceUpdate

MODELS: tuple[type[Base], ...] = (
    User, RoleDefinition, WebSession, ApiToken, SignInAttempt, AuditEvent,
    Organisation, OrganisationName, OrganisationRelation, Institution, CountryProfile,
    Collaboration, CollaborationPartner, CollaborationParticipant, CollaborationCountry, FundingSource, PersonExchange,
    StatusTransition,
    Watchlist, WatchlistVersion, WatchlistEntry, ScreeningReview, ScreeningAlert, ScreeningJob,
    Question, QuestionCountry, QuestionMessage, QuestionPause, CoordinationRequest, OutboxMail, ReplyTemplate,
    FaqEntry, SearchDocument, ClosureDay, HolidayChoice, RateLimitWindow, ReferenceCounter,
    RuleSetVersion, CatalogueVersion, CountryIndicatorEdition, Assessment, ChosenMitigation, ReassessmentFlag,
    AssessmentNote, PortfolioFact, PortfolioFactArea, PortfolioFactCountry, PortfolioFactExchange,
    Notification, NotificationPreference, DeskSetting, DeskReminder, InboundMail, Erasure,
    SourceUpdate,
)


def metadata() -> MetaData:
    """The metadata of every table (each model above is mapped on it)."""
    return Base.metadata


def configure() -> None:
    """Resolves every mapper's relationships, so the first query finds them all."""
    configure_mappers()
