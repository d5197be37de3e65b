from django.urls import path

from thbhub.network import views, views_work

app_name = "network"

urlpatterns = [
    path("", views_work.index, name="index"),
    # National strategies and action plans
    path("strategies/", views.strategy_list, name="strategies"),
    path("strategies/new/", views.strategy_edit, name="strategy_new"),
    path("strategies/export.xlsx", views.strategy_export, name="strategy_export"),
    path("strategies/<int:pk>/", views.strategy_detail, name="strategy"),
    path("strategies/<int:pk>/edit/", views.strategy_edit, name="strategy_edit"),
    path("strategies/<int:pk>/actions/new/", views.action_new, name="action_new"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    # The network's work
    path("chair/", views_work.chair_set, name="chair_set"),
    path("work-plan/<int:year>/", views_work.work_plan, name="work_plan"),
    path("work-plan/<int:year>/export.xlsx", views_work.work_plan_export, name="work_plan_export"),
    path("work-plan/<int:year>/activities/new/", views_work.activity_edit, name="activity_new"),
    path("activities/<int:pk>/edit/", views_work.activity_edit, name="activity_edit"),
    path("meetings/new/", views_work.meeting_edit, name="meeting_new"),
    path("meetings/<int:pk>/", views_work.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views_work.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/documents/new/", views_work.document_add, name="document_add"),
    path("documents/<int:pk>/", views_work.document_download, name="document"),
    path("declarations/new/", views_work.declaration_new, name="declaration_new"),
    path("declarations/<int:pk>/", views_work.declaration_detail, name="declaration"),
    path("calendar/", views_work.calendar_page, name="calendar"),
    path("calendar.ics", views_work.calendar_ics, name="calendar_ics"),
    # The good-practice library
    path("practices/", views.practice_list, name="practices"),
    path("practices/new/", views.practice_edit, name="practice_new"),
    path("practices/<int:pk>/", views.practice_detail, name="practice"),
    path("practices/<int:pk>/edit/", views.practice_edit, name="practice_edit"),
]
