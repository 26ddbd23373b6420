from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from devicemodel import ReportError
from pics.devices.reports import check_total_size, prefill, report_input
from pics.wizard.exports import to_json_text


def _shown(value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


class Command(BaseCommand):
    help = (
        "Propose a Charging Station PICS from its device reports (NotifyReport "
        "payloads or OCPP-J frames, and a BootNotification): prints the "
        "certplanner.pics/1 document; the evidence of each answer goes to stderr. "
        "Unreadable input exits with 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("reports", nargs="+", metavar="REPORT.json")
        parser.add_argument("--boot", metavar="BOOT.json")
        parser.add_argument("-o", "--output", metavar="PICS.json")
        parser.add_argument(
            "--hardware-version",
            help="The product's hardware version (no report carries it).",
        )
        parser.add_argument("--edition", help="Edition code (default: the current).")

    def handle(self, *args, reports, boot=None, output=None, **options):
        paths = [*reports, *([boot] if boot else [])]
        try:
            check_total_size([self._size(path) for path in paths])
            result = prefill(
                [self._read(path) for path in reports],
                self._read(boot) if boot else None,
                edition_code=options["edition"],
                hardware_version=options["hardware_version"],
            )
        except ReportError as exc:
            raise CommandError(exc.summary(), returncode=2) from None
        for proposal in result.proposals:
            self.stderr.write(
                f"{proposal.id} = {_shown(proposal.value)}: {proposal.evidence}"
            )
        for problem in result.problems:
            if problem.severity == "error":
                self.stderr.write(f"to complete: {problem.id}: {problem.message}")
        text = to_json_text(result.document)
        if output:
            try:
                Path(output).write_text(text, encoding="utf-8")
            except OSError as exc:
                raise CommandError(
                    f"{output}: {exc.strerror or exc}", returncode=2
                ) from None
        else:
            self.stdout.write(text, ending="")

    def _size(self, path: str) -> int:
        try:
            return Path(path).stat().st_size
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}", returncode=2) from None

    def _read(self, path: str):
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}", returncode=2) from None
        return report_input(path, raw)
