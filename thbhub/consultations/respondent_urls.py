"""Respondents' pages, under the short prefix of ``privacy.RESPONDENT_PREFIX``."""

from django.urls import path

from thbhub.consultations import respondent

app_name = "respondent"

urlpatterns = [
    path("done/", respondent.done, name="done"),
    path("<str:token>/", respondent.answer, name="answer"),
]
