from django.urls import path

from thbhub.accounts import user_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.second_factor_view, name="second_factor"),
    path("login/authenticator/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.profile_view, name="profile"),
    path("me/keys/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("password/", user_views.password_change_view, name="password_change"),
    path("users/", user_views.user_list, name="users"),
    path("users/new/", user_views.user_new, name="user_new"),
    path("users/<int:pk>/", user_views.user_edit, name="user_edit"),
    path(
        "users/<int:pk>/reset-password/",
        user_views.user_reset_password_view,
        name="user_reset_password",
    ),
    path(
        "users/<int:pk>/reset-authenticator/",
        user_views.user_reset_authenticator_view,
        name="user_reset_authenticator",
    ),
]
