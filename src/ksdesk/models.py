"""Imports every model so that metadata is complete for Alembic and the tests."""

from ksdesk.accounts.models import ApiToken, RoleDefinition, User, WebSession  # noqa: F401
from ksdesk.assessment.models import (  # noqa: F401
    Assessment,
    CatalogueVersion,
    ChosenMitigation,
    CountryIndicatorEdition,
    ReassessmentFlag,
    RuleSetVersion,
)
from ksdesk.audit import AuditEvent  # noqa: F401
from ksdesk.desk.models import (  # noqa: F401
    ClosureDay,
    CoordinationRequest,
    FaqEntry,
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
from ksdesk.portfolio.models import (  # noqa: F401
    PortfolioFact,
    PortfolioFactArea,
    PortfolioFactCountry,
    PortfolioFactExchange,
)
from ksdesk.registry.models import (  # noqa: F401
    Collaboration,
    CollaborationCountry,
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
from ksdesk.screening.models import (  # noqa: F401
    ScreeningAlert,
    ScreeningJob,
    ScreeningReview,
    Watchlist,
    WatchlistEntry,
    WatchlistVersion,
)
