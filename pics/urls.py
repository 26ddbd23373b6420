from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("pics/import/", views.pics_import_view, name="pics_import"),
    path("pics/<str:code>/plan/", views.pics_plan, name="pics_plan"),
    path("pics/<str:code>/plan.json", views.pics_plan_json, name="pics_plan_json"),
    path("pics/<str:code>/plan.csv", views.pics_plan_csv, name="pics_plan_csv"),
    path("pics/<str:code>/pics.json", views.pics_export, name="pics_export"),
]
