from django.urls import path

from thbhub.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("<str:pk>/", views.job_detail, name="detail"),
]
