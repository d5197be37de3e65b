from django.urls import path

from thbhub.nrm import views

app_name = "nrm"

urlpatterns = [
    path("", views.monitoring, name="monitoring"),
    path("export.xlsx", views.monitoring_xlsx, name="export"),
]
