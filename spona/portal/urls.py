from django.urls import path

from spona.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:slug>/", views.section, name="section"),
]
