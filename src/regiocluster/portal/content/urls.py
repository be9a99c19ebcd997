"""URLs of the content app."""

from django.urls import path

from regiocluster.portal.content import views

app_name = "content"
urlpatterns = [
    path("", views.home, name="home"),
    path("figures/", views.figures, name="figures"),
    path("news/", views.news_list, name="news"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("documents/", views.document_list, name="documents"),
    path("pages/<slug:slug>/", views.page, name="page"),
]
