from django.urls import path

from spona.capacity import views

app_name = "capacity"

urlpatterns = [
    path("", views.framework_list, name="framework-list"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="framework-detail"),
    path("frameworks/<slug:slug>/v<int:number>/", views.framework_detail, name="framework-version"),
]
