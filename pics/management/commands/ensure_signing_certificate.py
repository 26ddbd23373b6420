from django.core.management.base import BaseCommand, CommandError

from pics.plans.identity import SigningError, lab_signer


class Command(BaseCommand):
    help = (
        "Load the lab's signing certificate from the settings (SIGNING_PKCS12_FILE, "
        "or SIGNING_KEY_FILE and SIGNING_CERT_FILE); without one, create the "
        "self-signed development certificate in the data directory if it is "
        "missing. Prints the certificate in use."
    )

    def handle(self, *args, **options):
        try:
            signer = lab_signer()
        except SigningError as exc:
            raise CommandError(str(exc)) from exc
        validity = signer.certificate["tbs_certificate"]["validity"]
        not_after = validity["not_after"].native
        kind = (
            "development certificate (self-signed, not a lab certificate)"
            if signer.is_development
            else "lab certificate"
        )
        self.stdout.write(f"Signing certificate: {signer.subject}")
        self.stdout.write(f"SHA-256 fingerprint: {signer.fingerprint_sha256}")
        self.stdout.write(f"Kind: {kind}")
        self.stdout.write(f"Valid until: {not_after:%Y-%m-%d}")
        self.stdout.write(f"Source: {signer.source}")
        if signer.is_development:
            self.stdout.write(
                self.style.WARNING(
                    "Signed test plans say they carry a development certificate. "
                    "Set SIGNING_PKCS12_FILE (or SIGNING_KEY_FILE and "
                    "SIGNING_CERT_FILE) to sign with the lab's certificate."
                )
            )
