from django.urls import path

from spona.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.privacy_policy, name="policy"),
    path("privacy/contact-person/", views.contact_removal, name="contact-removal"),
    path("me/data/", views.my_data, name="my-data"),
    path("me/data.json", views.my_data_download, name="my-data-download"),
    path("me/consents/", views.my_consents, name="consents"),
    path("me/consents/<slug:purpose>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("me/delete/", views.account_delete, name="account-delete"),
]
