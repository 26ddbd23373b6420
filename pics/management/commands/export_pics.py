from django.core.management.base import BaseCommand, CommandError

from pics.models import Pics
from pics.wizard.exports import to_json_text


class Command(BaseCommand):
    help = "Print a stored PICS in the certplanner.pics/1 JSON format."

    def add_arguments(self, parser):
        parser.add_argument("code")

    def handle(self, *args, code, **options):
        pics = Pics.objects.select_related("edition").filter(code=code).first()
        if pics is None:
            raise CommandError(f"No PICS {code!r}.")
        self.stdout.write(to_json_text(pics.document().to_json()), ending="")
