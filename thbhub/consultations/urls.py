from django.urls import path, re_path

from thbhub.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("new/", views.consultation_new, name="new"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
    path("<int:pk>/edit/", views.consultation_edit, name="edit"),
    path("<int:pk>/questions/new/", views.question_new, name="question_new"),
    path(
        "<int:pk>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/invitations/", views.invitations, name="invitations"),
    path("<int:pk>/invitations/revoke/", views.invitations_revoke, name="invitations_revoke"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/review/<uuid:answer_id>/", views.review_answer, name="review_answer"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    re_path(
        r"^(?P<pk>[0-9]+)/summary\.(?P<extension>pdf|xlsx)$",
        views.summary_export,
        name="summary",
    ),
]
