import shlex
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.authorizations.sealing import self_signed_seal, write_private_file


class Command(BaseCommand):
    help = (
        "Write a self-signed seal (key.pem, cert.pem) for staging, tests and CI, and "
        "print the DJANGO_AUTHORIZATION_SEAL_* lines that use it. Not for production: "
        "nobody outside trusts a self-signed seal."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="DIR", type=Path)
        parser.add_argument("--days", type=int, default=365, help="Validity (365).")
        parser.add_argument(
            "--common-name",
            default="CivicLearn seal (self-signed, not for production)",
        )
        parser.add_argument(
            "--algorithm",
            choices=["rsa", "ec"],
            default="rsa",
            help="RSA 3072 (default) or EC P-256.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Replace a seal already in DIR."
        )

    def handle(self, *args, out, days, common_name, algorithm, force, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        out = out.resolve()
        key_path, cert_path = out / "key.pem", out / "cert.pem"
        if not force and (key_path.exists() or cert_path.exists()):
            raise CommandError(
                f"{out} already holds a seal; use --force to replace it."
            )
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
        key_pem, cert_pem = self_signed_seal(
            common_name=common_name, days=days, algorithm=algorithm
        )
        write_private_file(key_path, key_pem)
        write_private_file(cert_path, cert_pem, 0o644)
        self.stderr.write(f"Self-signed seal written to {out} (valid {days} days).")
        self.stdout.write(
            f"DJANGO_AUTHORIZATION_SEAL_KEY_FILE={shlex.quote(str(key_path))}\n"
            f"DJANGO_AUTHORIZATION_SEAL_CERT_FILE={shlex.quote(str(cert_path))}"
        )
