from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cms.core import converters  # noqa: F401  (registers <id:> and <text:>)

from .views import (
    auth,
    authorizations,
    catalog,
    certificates,
    classday,
    feedback,
    fees,
    grades,
    handouts,
    lecturers,
    licensing,
    materials,
    organizer,
    people,
    surveys,
)

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="docs",
    ),
    path("auth/token/", auth.TokenObtainView.as_view(), name="token-obtain"),
    path("auth/tokens/", auth.TokenListView.as_view(), name="token-list"),
    path("auth/tokens/<id:pk>/", auth.TokenRevokeView.as_view(), name="token-revoke"),
    path(
        "courses/",
        catalog.fast_cached(catalog.CourseListView.as_view()),
        name="course-list",
    ),
    path(
        "courses/facets/",
        catalog.fast_cached(catalog.CourseFacetsView.as_view()),
        name="course-facets",
    ),
    path("courses/<id:pk>/", catalog.CourseDetailView.as_view(), name="course-detail"),
    path(
        "sessions/<id:pk>/", catalog.SessionDetailView.as_view(), name="session-detail"
    ),
    path("sessions/<id:session_id>/enrol/", people.EnrolView.as_view(), name="enrol"),
    path("categories/", catalog.CategoryListView.as_view(), name="category-list"),
    path("venues/", catalog.VenueListView.as_view(), name="venue-list"),
    path("news/", catalog.NewsListView.as_view(), name="news-list"),
    path("me/", people.MeView.as_view(), name="me"),
    path("me/teaching/", lecturers.MyTeachingView.as_view(), name="my-teaching"),
    path(
        "me/lecturer-profile/",
        lecturers.MyLecturerProfileView.as_view(),
        name="my-lecturer-profile",
    ),
    path(
        "me/lecturer-profile/bank-account/",
        lecturers.MyBankAccountView.as_view(),
        name="my-bank-account",
    ),
    path("lecturers/", lecturers.LecturerRecordListView.as_view(), name="lecturers"),
    path(
        "lecturers/<id:pk>/",
        lecturers.LecturerRecordDetailView.as_view(),
        name="lecturer",
    ),
    path(
        "me/fee-statements/",
        fees.MyStatementListView.as_view(),
        name="my-fee-statements",
    ),
    path(
        "me/fee-statements/<id:pk>/",
        fees.MyStatementDetailView.as_view(),
        name="my-fee-statement",
    ),
    path(
        "me/fee-statements/<id:pk>/confirm/",
        fees.MyStatementConfirmView.as_view(),
        name="my-fee-statement-confirm",
    ),
    path(
        "me/fee-statements/<id:pk>/dispute/",
        fees.MyStatementDisputeView.as_view(),
        name="my-fee-statement-dispute",
    ),
    path("me/payments/", fees.MyPaymentListView.as_view(), name="my-payments"),
    path(
        "me/certificates/",
        certificates.MyCertificatesView.as_view(),
        name="my-certificates",
    ),
    path(
        "me/certificates/<id:pk>/pdf/",
        certificates.MyCertificatePdfView.as_view(),
        name="my-certificate-pdf",
    ),
    path(
        "certificates/", certificates.CertificateListView.as_view(), name="certificates"
    ),
    path(
        "certificates/<id:pk>/revoke/",
        certificates.CertificateRevokeView.as_view(),
        name="certificate-revoke",
    ),
    path(
        "certificates/verify/<text:code>/",
        certificates.CertificateVerifyView.as_view(),
        name="certificate-verify",
    ),
    path(
        "me/authorizations/",
        authorizations.MyAuthorizationListView.as_view(),
        name="my-authorizations",
    ),
    path(
        "me/authorizations/<id:pk>/",
        authorizations.MyAuthorizationDetailView.as_view(),
        name="my-authorization",
    ),
    path(
        "me/authorizations/<id:pk>/sign/",
        authorizations.MyAuthorizationSignView.as_view(),
        name="my-authorization-sign",
    ),
    path(
        "me/authorizations/<id:pk>/decline/",
        authorizations.MyAuthorizationDeclineView.as_view(),
        name="my-authorization-decline",
    ),
    path(
        "me/authorizations/<id:pk>/withdraw/",
        authorizations.MyAuthorizationWithdrawView.as_view(),
        name="my-authorization-withdraw",
    ),
    path(
        "me/authorizations/<id:pk>/document/",
        authorizations.MyAuthorizationDocumentView.as_view(),
        name="my-authorization-document",
    ),
    path(
        "authorizations/",
        authorizations.AuthorizationRegisterView.as_view(),
        name="authorizations",
    ),
    path(
        "authorizations/<id:pk>/",
        authorizations.AuthorizationDetailView.as_view(),
        name="authorization",
    ),
    path("me/materials/", materials.MyMaterialListView.as_view(), name="my-materials"),
    path(
        "me/materials/<id:pk>/",
        materials.MyMaterialDetailView.as_view(),
        name="my-material",
    ),
    path(
        "me/materials/<id:pk>/download/",
        materials.MyMaterialDownloadView.as_view(),
        name="my-material-download",
    ),
    path("materials/", materials.MaterialReviewListView.as_view(), name="materials"),
    path(
        "materials/<id:pk>/download/",
        materials.MaterialReviewDownloadView.as_view(),
        name="material-download",
    ),
    path(
        "materials/<id:pk>/accept/",
        materials.MaterialAcceptView.as_view(),
        name="material-accept",
    ),
    path(
        "materials/<id:pk>/return/",
        materials.MaterialReturnView.as_view(),
        name="material-return",
    ),
    path(
        "me/suggestions/",
        feedback.MySuggestionListView.as_view(),
        name="my-suggestions",
    ),
    path(
        "me/suggestions/<id:pk>/",
        feedback.MySuggestionDetailView.as_view(),
        name="my-suggestion",
    ),
    path(
        "me/suggestions/<id:pk>/withdraw/",
        feedback.MySuggestionWithdrawView.as_view(),
        name="my-suggestion-withdraw",
    ),
    path(
        "suggestions/published/",
        feedback.PublishedSuggestionListView.as_view(),
        name="suggestions-published",
    ),
    path("suggestions/", feedback.SuggestionListView.as_view(), name="suggestions"),
    path(
        "suggestions/<id:pk>/",
        feedback.SuggestionDetailView.as_view(),
        name="suggestion",
    ),
    path(
        "suggestions/<id:pk>/reply/",
        feedback.SuggestionReplyView.as_view(),
        name="suggestion-reply",
    ),
    path(
        "suggestions/<id:pk>/status/",
        feedback.SuggestionStatusView.as_view(),
        name="suggestion-status",
    ),
    path(
        "suggestions/<id:pk>/publish/",
        feedback.SuggestionPublishView.as_view(),
        name="suggestion-publish",
    ),
    path("fee-rates/", fees.FeeRateListView.as_view(), name="fee-rates"),
    path("fee-statements/", fees.FeeStatementListView.as_view(), name="fee-statements"),
    path(
        "fee-statements/<id:pk>/",
        fees.FeeStatementDetailView.as_view(),
        name="fee-statement",
    ),
    path(
        "fee-statements/<id:pk>/lines/<id:line_id>/adjust/",
        fees.FeeLineAdjustView.as_view(),
        name="fee-line-adjust",
    ),
    path("me/enrolments/", people.MyEnrolmentsView.as_view(), name="my-enrolments"),
    path("me/study-hours/", people.MyStudyHoursView.as_view(), name="my-study-hours"),
    path(
        "me/recommendations/",
        people.MyRecommendationsView.as_view(),
        name="my-recommendations",
    ),
    path(
        "enrolments/<id:pk>/withdraw/", people.WithdrawView.as_view(), name="withdraw"
    ),
    path(
        "enrolments/<id:pk>/substitute/",
        people.SubstitutionView.as_view(),
        name="substitute",
    ),
    path(
        "enrolments/<id:pk>/transfer/",
        people.TransferView.as_view(),
        name="transfer",
    ),
    path(
        "agency/enrolments/",
        people.AgencyEnrolmentsView.as_view(),
        name="agency-enrolments",
    ),
    path(
        "agency/nominations/",
        people.NominationView.as_view(),
        name="agency-nominations",
    ),
    path("agency/people/", people.AgencyPeopleView.as_view(), name="agency-people"),
    path(
        "agency/people/<id:pk>/",
        people.AgencyPersonView.as_view(),
        name="agency-person",
    ),
    path("agency/study-hours/", people.AgencyHoursView.as_view(), name="agency-hours"),
    path("records/", people.RecordListView.as_view(), name="records"),
    path(
        "agency/study-hours/export/",
        people.AgencyHoursExportView.as_view(),
        name="agency-hours-export",
    ),
    path(
        "handouts/<id:pk>/download/",
        handouts.HandoutDownloadView.as_view(),
        name="handout-download",
    ),
    path("checkin/", classday.CheckInView.as_view(), name="checkin"),
    path(
        "me/sessions/<id:session_id>/day/",
        classday.ClassDayView.as_view(),
        name="class-day",
    ),
    path(
        "me/sessions/<id:session_id>/leave/",
        classday.LeaveView.as_view(),
        name="leave",
    ),
    path(
        "me/sessions/<id:session_id>/meal/",
        classday.MealView.as_view(),
        name="meal",
    ),
    path("votes/<id:vote_id>/", classday.VoteView.as_view(), name="vote"),
    path(
        "sessions/<id:session_id>/grades/",
        grades.SessionGradesView.as_view(),
        name="session-grades",
    ),
    path(
        "sessions/<id:session_id>/online-completions/",
        grades.OnlineCompletionsView.as_view(),
        name="session-online-completions",
    ),
    path(
        "sessions/<id:session_id>/honours/",
        grades.SessionHonoursView.as_view(),
        name="session-honours",
    ),
    path(
        "sessions/<id:session_id>/arrivals/",
        organizer.ArrivalsView.as_view(),
        name="arrivals",
    ),
    path(
        "sessions/<id:session_id>/marks/",
        organizer.MarkView.as_view(),
        name="checkin-mark",
    ),
    path(
        "sessions/<id:session_id>/kiosk/",
        organizer.KioskView.as_view(),
        name="kiosk",
    ),
    path(
        "sessions/<id:session_id>/leave-requests/",
        organizer.LeaveListView.as_view(),
        name="leave-requests",
    ),
    path(
        "leave-requests/<id:pk>/decision/",
        organizer.LeaveDecisionView.as_view(),
        name="leave-decision",
    ),
    path(
        "sessions/<id:session_id>/meals/",
        organizer.MealCountsView.as_view(),
        name="meal-counts",
    ),
    path(
        "sessions/<id:session_id>/votes/",
        organizer.VoteOpenView.as_view(),
        name="vote-open",
    ),
    path(
        "votes/<id:vote_id>/status/",
        organizer.VoteStatusView.as_view(),
        name="vote-status",
    ),
    path(
        "questionnaires/<id:pk>/",
        surveys.QuestionnaireView.as_view(),
        name="questionnaire",
    ),
    path(
        "questionnaires/<id:pk>/results/",
        surveys.QuestionnaireResultsView.as_view(),
        name="questionnaire-results",
    ),
    path(
        "licensing/materials/",
        licensing.LicensableMaterialListView.as_view(),
        name="licensable-materials",
    ),
    path(
        "licensing/applications/",
        licensing.LicenseApplicationListView.as_view(),
        name="license-list",
    ),
    path(
        "licensing/applications/<text:reference>/",
        licensing.LicenseApplicationDetailView.as_view(),
        name="license-detail",
    ),
    path(
        "licensing/applications/<text:reference>/transition/",
        licensing.LicenseTransitionView.as_view(),
        name="license-transition",
    ),
    path(
        "licensing/download/<text:token>/",
        licensing.LicenseDownloadView.as_view(),
        name="license-download",
    ),
    path(
        "handouts/<id:pk>/link/",
        handouts.HandoutLinkView.as_view(),
        name="handout-link",
    ),
]
