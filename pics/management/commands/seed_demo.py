"""Fill the database with many PICS and submissions, for scale measurements."""

import random

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from accounts.services import user_create
from pics.models import Pics, Revision, Submission, Transition
from pics.wizard.services import check_raw

EXAMPLES = ("ac-charging-station", "dc-charging-station-iso15118", "csms")
SEED_PASSWORD = "seed-pass-1"  # noqa: S105 - accounts of throw-away benchmark data


class Command(BaseCommand):
    help = "Create PICS and submissions in bulk (for benchmarks), across organisations."

    def add_arguments(self, parser):
        parser.add_argument("--pics", type=int, default=1000)
        parser.add_argument("--submissions", type=int, default=200)
        parser.add_argument("--organisations", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, pics, submissions, organisations, seed, **options):
        import json
        from pathlib import Path

        from django.conf import settings

        rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        folder = Path(settings.BASE_DIR) / "fixtures" / "examples"
        checked = [
            check_raw(json.loads((folder / f"{n}.json").read_text())) for n in EXAMPLES
        ]
        plans = [c.plan() for c in checked]
        users = get_user_model().objects
        reviewer = users.filter(groups__name="Lab reviewer").first() or user_create(
            username="seed-reviewer", password=SEED_PASSWORD, role=Role.LAB_REVIEWER
        )
        orgs = []
        for n in range(organisations):
            org, _ = Organisation.objects.get_or_create(
                name=f"Seed Organisation {n:03d}"
            )
            member = org.memberships.select_related("user").first()
            user = (
                member.user
                if member
                else user_create(
                    username=f"seed-vendor-{n:03d}",
                    password=SEED_PASSWORD,
                    role=Role.VENDOR,
                    organisation=org,
                )
            )
            orgs.append((org, user))
        rows = []
        for n in range(pics):
            org, user = orgs[n % len(orgs)]
            index = rng.randrange(len(checked))
            document = checked[index].document
            rows.append(
                Pics(
                    organisation=org,
                    edition=checked[index].edition,
                    sut=document.sut,
                    vendor=org.name,
                    model=f"Model {n:05d}",
                    hardware_version="1",
                    firmware_version=f"{n % 7}.{n % 13}",
                    answers={
                        "profiles": list(document.profiles),
                        "features": list(document.features),
                        "values": {k: list(v) for k, v in document.values.items()},
                        "questions": document.questions,
                        "hardware": document.hardware,
                    },
                    created_by=user,
                    updated_by=user,
                    wizard_steps=["product"],
                )
            )
        created = Pics.objects.bulk_create(rows, batch_size=500)
        now = timezone.now()
        states = [s for s, _ in Submission.State.choices]
        subs, revisions, transitions = [], [], []
        for n, item in enumerate(created[:submissions]):
            subs.append(
                Submission(
                    pics=item,
                    organisation=item.organisation,
                    state=rng.choice(states),
                    sut=item.sut,
                    edition=item.edition,
                    product=f"{item.vendor} {item.model}",
                    submitted_at=now,
                    reviewer=reviewer if n % 2 else None,
                )
            )
        Submission.objects.bulk_create(subs, batch_size=500)
        for sub in subs:
            index = 2 if sub.sut == "csms" else 0
            revisions.append(
                Revision(
                    submission=sub,
                    number=1,
                    document=checked[index].document.to_json(),
                    plan=plans[index],
                    pics_sha256=plans[index]["pics_sha256"],
                    created_by=sub.pics.created_by,
                )
            )
            transitions.append(
                Transition(
                    submission=sub,
                    actor=sub.pics.created_by,
                    from_state="",
                    to_state="submitted",
                    revision=1,
                )
            )
        Revision.objects.bulk_create(revisions, batch_size=200)
        Transition.objects.bulk_create(transitions, batch_size=500)
        self.stdout.write(
            f"Created {len(created)} PICS and {len(subs)} submissions in "
            f"{len(orgs)} organisations."
        )
