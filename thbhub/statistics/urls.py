from django.urls import path

from thbhub.statistics import (
    views,
    views_follow_up,
    views_from_cases,
    views_indicators,
    views_published,
    views_questionnaire,
)
from thbhub.statistics.report import urls as report_urls

app_name = "statistics"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:year>/", views.round_detail, name="round"),
    path("rounds/<int:year>/close/", views.round_close, name="round_close"),
    path("rounds/<int:year>/reminders/", views_follow_up.round_reminders, name="round_reminders"),
    path(
        "rounds/<int:year>/consistency/",
        views_follow_up.round_consistency,
        name="round_consistency",
    ),
    path(
        "rounds/<int:year>/consistency/<str:identifying>/<str:citizenship>/comments/",
        views_follow_up.consistency_comment,
        name="consistency_comment",
    ),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/upload/", views.submission_upload, name="submission_upload"),
    path("submissions/<int:pk>/template/", views.submission_template, name="submission_template"),
    path("submissions/<int:pk>/submit/", views.submission_submit, name="submission_submit"),
    path(
        "submissions/<int:pk>/from-cases/",
        views_from_cases.submission_from_cases_view,
        name="submission_from_cases",
    ),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path(
        "rounds/<int:year>/questions/",
        views_questionnaire.round_questions,
        name="round_questions",
    ),
    path(
        "rounds/<int:year>/questions/new/",
        views_questionnaire.round_question_new,
        name="round_question_new",
    ),
    path(
        "rounds/<int:year>/questions/<int:question_id>/edit/",
        views_questionnaire.round_question_edit,
        name="round_question_edit",
    ),
    path(
        "rounds/<int:year>/questions/<int:question_id>/move/",
        views_questionnaire.round_question_move,
        name="round_question_move",
    ),
    path(
        "rounds/<int:year>/questions/<int:question_id>/delete/",
        views_questionnaire.round_question_delete,
        name="round_question_delete",
    ),
    path(
        "submissions/<int:pk>/methodology/",
        views_questionnaire.submission_methodology,
        name="submission_methodology",
    ),
    path(
        "submissions/<int:pk>/answers/",
        views_questionnaire.submission_answers,
        name="submission_answers",
    ),
    path(
        "submissions/<int:pk>/tables/<slug:key>/",
        views_questionnaire.submission_table,
        name="submission_table",
    ),
]

urlpatterns += report_urls.urlpatterns
urlpatterns += [
    path("indicators/", views_indicators.indicator_list, name="indicators"),
    path("indicators/linkage/", views_indicators.linkage_results, name="linkage_results"),
]
urlpatterns += [
    path("published/", views_published.published_list, name="published"),
    path(
        "published/<int:year>.<str:export_format>",
        views_published.published_download,
        name="published_download",
    ),
    path("rounds/<int:year>/publish/", views_published.round_publish_page, name="round_publish"),
    path(
        "rounds/<int:year>/export.<str:export_format>",
        views_published.round_export,
        name="round_export",
    ),
]
