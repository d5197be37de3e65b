from django.urls import path, re_path

from thbhub.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="events"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.event_export, name="export"),
]
