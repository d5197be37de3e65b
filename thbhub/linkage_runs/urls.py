from django.urls import path

from thbhub.linkage_runs import views

app_name = "linkage"

urlpatterns = [
    path("", views.index, name="index"),
    path("uploads/", views.uploads, name="uploads"),
    path("runs/new/", views.run_new, name="run_new"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/record/", views.run_record, name="run_record"),
    path("pairs/<int:pk>/review/", views.pair_review, name="pair_review"),
]
