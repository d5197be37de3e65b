from django.urls import path

from thbhub.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="events"),
    path("export.<str:fmt>", views.event_export, name="export"),
]
