from django.urls import path

from . import views

urlpatterns = [
    path("", views.catalogue_index, name="catalogue"),
    path("<slug:edition_code>/", views.test_cases, name="catalogue_test_cases"),
    path(
        "<slug:edition_code>/profiles/",
        views.profiles_overview,
        name="catalogue_profiles",
    ),
    path("<slug:edition_code>/features/", views.features, name="catalogue_features"),
    path(
        "<slug:edition_code>/features/<str:side>/<str:feature_code>/",
        views.feature_detail,
        name="catalogue_feature",
    ),
]
