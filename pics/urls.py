from django.urls import include, path

from .plans import views as plan_views
from .review import views as review_views
from .wizard import pages
from .wizard import views as wizard_views

urlpatterns = [
    path("", include("pics.devices.urls")),
    path("verify/", plan_views.verify_page, name="verify"),
    path(
        "submissions/<str:code>/plan.pdf",
        review_views.submission_plan_pdf,
        name="submission_plan_pdf",
    ),
    path(
        "submissions/<str:code>/issue-plan/",
        review_views.submission_issue_plan,
        name="submission_issue_plan",
    ),
    path(
        "submissions/<str:code>/jobs/<str:job_code>/retry/",
        review_views.plan_job_retry_view,
        name="plan_job_retry",
    ),
    path("pics/<str:code>/plan.pdf", pages.pics_draft_pdf, name="pics_draft_pdf"),
    path("lab/", review_views.lab_queue, name="lab_queue"),
    path(
        "submissions/<str:code>/",
        review_views.submission_detail,
        name="submission_detail",
    ),
    path(
        "submissions/<str:code>/action/",
        review_views.submission_action,
        name="submission_action",
    ),
    path(
        "submissions/<str:code>/assign/",
        review_views.submission_assign,
        name="submission_assign",
    ),
    path(
        "submissions/<str:code>/comments/",
        review_views.submission_comment_view,
        name="submission_comment",
    ),
    path("", pages.dashboard, name="dashboard"),
    path("pics/", pages.pics_list, name="pics_list"),
    path("pics/new/", wizard_views.wizard_new, name="wizard_new"),
    path("pics/import/", pages.pics_import_view, name="pics_import"),
    path(
        "pics/<str:code>/edit/<slug:step>/",
        wizard_views.wizard_step,
        name="wizard_step",
    ),
    path(
        "pics/<str:code>/edit/<slug:step>/preview",
        wizard_views.wizard_preview,
        name="wizard_preview",
    ),
    path("pics/<str:code>/submit/", wizard_views.pics_submit, name="pics_submit"),
    path(
        "pics/<str:code>/duplicate/", pages.pics_duplicate_view, name="pics_duplicate"
    ),
    path("pics/<str:code>/plan/", pages.pics_plan, name="pics_plan"),
    path("pics/<str:code>/plan.json", pages.pics_plan_json, name="pics_plan_json"),
    path("pics/<str:code>/plan.csv", pages.pics_plan_csv, name="pics_plan_csv"),
    path("pics/<str:code>/pics.json", pages.pics_export, name="pics_export"),
    path("", include("pics.devices.station_urls")),
]
