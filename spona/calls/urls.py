from django.urls import path

from spona.calls.feeds import CallFeed, NewsFeed
from spona.calls.views import alerts, editorial, public

app_name = "calls"

urlpatterns = [
    path("calls/", public.call_list, name="call-list"),
    path("calls/feed.atom", CallFeed(), name="call-feed"),
    path("calls/deadlines.ics", public.call_deadlines, name="call-deadlines"),
    path("calls/for-my-organization/", public.call_matches, name="call-matches"),
    path("calls/new/", editorial.item_create, {"kind": "call"}, name="call-create"),
    path("calls/mine/", editorial.my_items, name="my-items"),
    path("calls/<int:pk>/", public.call_detail, name="call-detail-short"),
    path("calls/<int:pk>/edit/", editorial.item_edit, {"kind": "call"}, name="call-edit"),
    path("calls/<int:pk>/withdraw/", editorial.item_withdraw, {"kind": "call"}, name="call-withdraw"),
    path("calls/<int:pk>/attachments/", editorial.attachment_add, name="call-attachment-add"),
    path("calls/<int:pk>/not-relevant/", public.call_dismiss, name="call-dismiss"),
    path("calls/<int:pk>/relevant/", public.call_restore, name="call-restore"),
    path("calls/<int:pk>/<slug:slug>/", public.call_detail, name="call-detail"),
    path("calls/attachments/<int:pk>/", public.attachment_download, name="attachment-download"),
    path("calls/attachments/<int:pk>/remove/", editorial.attachment_remove, name="attachment-remove"),
    path("calls/alerts/", alerts.alert_list, name="alert-list"),
    path("calls/alerts/new/", alerts.alert_create, name="alert-create"),
    path("calls/alerts/<int:pk>/", alerts.alert_edit, name="alert-edit"),
    path("calls/alerts/<int:pk>/delete/", alerts.alert_delete, name="alert-delete"),
    path("calls/alerts/stop/<str:token>/", alerts.alert_unsubscribe, name="alert-unsubscribe"),
    path("calls/alerts/resume/<str:token>/", alerts.alert_resubscribe, name="alert-resubscribe"),
    path("news/", public.news_list, name="news-list"),
    path("news/feed.atom", NewsFeed(), name="news-feed"),
    path("news/new/", editorial.item_create, {"kind": "news"}, name="news-create"),
    path("news/<int:pk>/", public.news_detail, name="news-detail-short"),
    path("news/<int:pk>/edit/", editorial.item_edit, {"kind": "news"}, name="news-edit"),
    path("news/<int:pk>/withdraw/", editorial.item_withdraw, {"kind": "news"}, name="news-withdraw"),
    path("news/<int:pk>/<slug:slug>/", public.news_detail, name="news-detail"),
    path("editorial/", editorial.editorial_queue, name="editorial-queue"),
    path("editorial/<str:kind>/<int:pk>/approve/", editorial.item_approve, name="item-approve"),
    path("editorial/<str:kind>/<int:pk>/return/", editorial.item_return, name="item-return"),
]
