from django.core.management.base import BaseCommand, CommandError

from accounts.models import Organisation
from pics.management.commands.plan import load_json
from pics.wizard.services import check_raw, pics_import


class Command(BaseCommand):
    help = "Store a PICS JSON file as a draft of an organisation; prints its code."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--organisation", required=True, metavar="NAME")
        parser.add_argument(
            "--user", help="Username recorded as author (default: a member of it)."
        )

    def handle(self, *args, file, organisation, user=None, **options):
        org = Organisation.objects.filter(name=organisation).first()
        if org is None:
            raise CommandError(f"No organisation named {organisation!r}.")
        members = org.memberships.select_related("user")
        member = (
            members.filter(user__username=user).first() if user else members.first()
        )
        if member is None:
            raise CommandError(
                f"{organisation} has no such member to record as author."
            )
        try:
            checked = check_raw(load_json(file))
        except ValueError as exc:
            raise CommandError(f"{file}: {exc}") from None
        for problem in checked.problems:
            self.stderr.write(f"{problem.severity}: {problem.id}: {problem.message}")
        pics = pics_import(checked, organisation=org, user=member.user)
        if pics is None:
            raise CommandError(f"{file} was not stored: fix the errors above.")
        self.stdout.write(pics.code)
