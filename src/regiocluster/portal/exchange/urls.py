"""URLs of the exchange."""

from django.urls import path

from regiocluster.portal.exchange import views

app_name = "exchange"
urlpatterns = [
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_create, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/edit/", views.request_edit, name="request_edit"),
    path("requests/<int:pk>/interest/", views.interest_express, name="interest"),
    path("interests/<int:pk>/answer/", views.interest_answer, name="interest_answer"),
    path("interests/<int:pk>/deal/", views.deal_propose, name="deal"),
    path("interests/<int:pk>/deal/confirm/", views.deal_confirm, name="deal_confirm"),
    path("offers/", views.offer_list, name="offers"),
    path("offers/new/", views.offer_create, name="offer_new"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("contracts/", views.contracts, name="contracts"),
]
