from django.urls import path

from thbhub.cases import views, views_followup

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("summary/", views.case_summary, name="summary"),
    path("due/", views_followup.case_due, name="due"),
    path("rules/", views.case_rules, name="rules"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/identifiers/", views.case_identifiers, name="identifiers"),
    path("<int:pk>/identifiers/edit/", views.case_identifiers_edit, name="identifiers_edit"),
    path("<int:pk>/identify/", views.case_identify, name="identify"),
    path("<int:pk>/reflection/", views.case_reflection, name="reflection"),
    path("<int:pk>/plan/", views.case_plan, name="plan"),
    path("<int:pk>/services/new/", views.case_service_add, name="service_add"),
    path("<int:pk>/consents/new/", views.case_consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:consent_id>/withdraw/",
        views.case_consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/guardian/", views.case_guardian, name="guardian"),
    path("<int:pk>/best-interests/new/", views.case_best_interests, name="best_interests"),
    path("<int:pk>/family-contact/new/", views.case_family_contact, name="family_contact"),
    path("<int:pk>/tasks/<int:task_id>/done/", views.case_task_done, name="task_done"),
    path("<int:pk>/close/", views.case_close, name="close"),
    path("<int:pk>/permits/new/", views_followup.case_permit, name="permit_add"),
    path("<int:pk>/inclusion/new/", views_followup.case_inclusion, name="inclusion_add"),
    path(
        "<int:pk>/inclusion/<int:measure_id>/end/",
        views_followup.case_inclusion_end,
        name="inclusion_end",
    ),
    path("<int:pk>/reviews/new/", views_followup.case_review, name="review_add"),
    path("<int:pk>/proceedings/new/", views_followup.case_proceeding_new, name="proceeding_add"),
    path(
        "<int:pk>/proceedings/<int:proceeding_id>/edit/",
        views_followup.case_proceeding_edit,
        name="proceeding_edit",
    ),
    path("<int:pk>/legal-hold/", views_followup.case_legal_hold, name="legal_hold"),
    path("<int:pk>/erase/", views_followup.case_erase, name="erase"),
]
