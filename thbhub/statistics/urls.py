from django.urls import path

from thbhub.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:year>/", views.round_detail, name="round"),
    path("rounds/<int:year>/close/", views.round_close, name="round_close"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/upload/", views.submission_upload, name="submission_upload"),
    path("submissions/<int:pk>/submit/", views.submission_submit, name="submission_submit"),
    path("submissions/<int:pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
]
