"""URLs of events."""

from django.urls import path

from regiocluster.portal.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
    path("<slug:slug>/calendar.ics", views.calendar, name="calendar"),
    path("<slug:slug>/badge.pdf", views.badge, name="badge"),
    path("<slug:slug>/b2b/", views.b2b, name="b2b"),
    path("<slug:slug>/b2b/needs/", views.need_publish, name="need_publish"),
    path("<slug:slug>/b2b/availability/", views.availability, name="availability"),
    path("<slug:slug>/b2b/needs/<int:pk>/meet/", views.meeting_request, name="meeting_request"),
    path("<slug:slug>/b2b/meetings/<int:pk>/answer/", views.meeting_answer, name="meeting_answer"),
    path("<slug:slug>/b2b/meetings/<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<slug:slug>/organise/", views.organise, name="organise"),
    path("<slug:slug>/organise/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/organise/fix/", views.schedule_fix, name="schedule_fix"),
]
