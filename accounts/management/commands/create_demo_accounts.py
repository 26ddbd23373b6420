from django.core.management.base import BaseCommand

from accounts.services import demo_accounts_ensure


class Command(BaseCommand):
    help = "Create the demo accounts (admin, lab reviewer, two vendors) if absent."

    def handle(self, *args, **options):
        accounts = demo_accounts_ensure()
        self.stdout.write("Demo accounts (unchanged if they already existed):")
        self.stdout.write(
            f"  {'role':<16} {'username':<10} {'password':<20} organisation"
        )
        for account in accounts:
            self.stdout.write(
                f"  {account.role.label:<16} {account.username:<10} "
                f"{account.password:<20} {account.organisation or '-'}"
            )
