from django.urls import path

from thbhub.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("outbox/", views.outbox, name="outbox"),
    path("escalated/", views.escalated, name="escalated"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/timeline/", views.timeline_add, name="timeline_add"),
    path("<int:pk>/risk/", views.risk, name="risk"),
    path("<int:pk>/messages/", views.message_post, name="message_post"),
    path("<int:pk>/return/<slug:step>/", views.return_step, name="return_step"),
]
