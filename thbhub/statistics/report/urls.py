"""Routes of the report and the dashboards, added to the statistics namespace."""

from django.urls import path

from thbhub.statistics import views_dashboard, views_report

urlpatterns = [
    path("report/", views_report.report_index, name="reports"),
    path("report/<int:year>/", views_report.report_page, name="report"),
    path("report/<int:year>/report.html", views_report.report_html_file, name="report_html"),
    path("report/<int:year>/pdf/", views_report.report_build, name="report_build"),
    path("report/builds/<str:pk>/", views_report.report_build_status, name="report_build_status"),
    path(
        "report/builds/<str:pk>/download/",
        views_report.report_build_download,
        name="report_build_download",
    ),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
]
