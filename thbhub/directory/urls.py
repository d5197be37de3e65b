from django.urls import path, re_path

from thbhub.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.contact_list, name="contacts"),
    path("contacts/new/", views.contact_edit, name="contact_new"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/verify/", views.contact_verify, name="contact_verify"),
    path("institutions/", views.institution_list, name="institutions"),
    path("institutions/new/", views.institution_edit, name="institution_new"),
    path("institutions/<int:pk>/edit/", views.institution_edit, name="institution_edit"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.contact_export, name="export"),
    path("import/", views.contact_import, name="import"),
]
