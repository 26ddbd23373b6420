from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pics.management.commands.plan import load_json
from pics.plans.identity import lab_signer
from pics.plans.jobs import build_plan_document
from pics.plans.pdf import render_plan_pdf
from pics.plans.signing import sign_pdf
from pics.wizard.services import check_raw


class Command(BaseCommand):
    help = (
        "Render the test plan of a PICS file as a PDF signed with the lab's "
        "certificate (an unsigned DRAFT with --unsigned), with the job's code."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="PICS.json")
        parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
        parser.add_argument("--unsigned", action="store_true")

    def handle(self, *args, file, output, unsigned=False, **options):
        try:
            checked = check_raw(load_json(file))
        except ValueError as exc:
            raise CommandError(f"{file}: {exc}") from None
        if not checked.is_valid:
            for problem in checked.errors:
                self.stderr.write(f"{file}: {problem.id}: {problem.message}")
            raise CommandError(f"{file} has errors: no plan.")
        signer = None if unsigned else lab_signer()
        document = build_plan_document(
            organisation=checked.document.product["vendor"],
            edition=checked.edition,
            document=checked.document.to_json(),
            plan=checked.plan(),
            draft=unsigned,
            development=bool(signer and signer.is_development),
        )
        pdf = render_plan_pdf(document)
        if signer is not None:
            pdf = sign_pdf(pdf, signer, reason="Test plan", location=settings.LAB_NAME)
        Path(output).write_bytes(pdf)
        kind = "unsigned DRAFT" if unsigned else f"signed by {signer.subject}"
        self.stdout.write(f"{output}: {len(pdf)} bytes, {kind}.")
