from django.urls import path

from thbhub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.second_factor_view, name="second_factor"),
    path("login/authenticator/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.profile_view, name="profile"),
    path("me/keys/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
]
