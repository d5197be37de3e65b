from django.urls import path, re_path

from thbhub.recommendations import views

app_name = "recommendations"

urlpatterns = [
    path("", views.tracker, name="tracker"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.tracker_export, name="export"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("<int:pk>/status/", views.status_new, name="status"),
    path("<int:pk>/comment/", views.comment_new, name="comment"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/new/", views.review_new, name="review_new"),
    path("reviews/<int:pk>/close/", views.review_close, name="review_close"),
    path("report/", views.report, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
]
