"""Make a local site ready: migrate, load places and taxonomies, and the first time add demo data."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from spona.accounts.models import Membership
from spona.calls import demo as calls_demo
from spona.directory import demo, services
from spona.directory.models import Organization
from spona.fair import demo as fair_demo
from spona.learning import demo as learning_demo

DEMO_PASSWORD = "spona-demo-2026"


class Command(BaseCommand):
    help = "Migrate, load reference data and, on an empty database, create demo organizations and users."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, default=300)

    def handle(self, *args, orgs: int, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference_data", verbosity=0)
        call_command("create_staff_groups", verbosity=0)
        call_command("load_capacity_frameworks", verbosity=0)
        if Organization.objects.exists():
            self.stdout.write("The database already has organizations: demo data left as it is.")
            return
        demo.create_demo_organizations(count=orgs)
        services.reindex_organizations()
        staff, member = self._create_users()
        learning_demo.create_demo_sessions(count=40, registrations=300)
        learning_demo.enrol_demo_member(member=member, staff=staff)
        calls_demo.create_demo_calls(count=120)
        calls_demo.create_demo_news(count=60)
        calls_demo.create_demo_alert(user=member)
        member_organization = Organization.objects.filter(memberships__user=member).first()
        fair_demo.create_demo_fair(member_organization=member_organization, staff=staff)
        self.stdout.write(
            f"Demo site ready with {orgs} organizations, 40 training sessions, 120 calls, 60 news posts "
            "and two Partnership Fairs.\n"
            f"  staff:      staff@spona.local / {DEMO_PASSWORD}\n"
            f"  CSO member: member@spona.local / {DEMO_PASSWORD}\n"
            "E-mails (sign-up confirmations, notifications) are printed in this terminal."
        )

    @transaction.atomic
    def _create_users(self) -> tuple:
        user_model = get_user_model()
        staff = user_model.objects.create_user(
            username="staff",
            email="staff@spona.local",
            password=DEMO_PASSWORD,
            is_staff=True,
            is_superuser=True,
            full_name="Staff Member",
        )
        member = user_model.objects.create_user(
            username="member", email="member@spona.local", password=DEMO_PASSWORD, full_name="Amra Hodžić"
        )
        for user in (staff, member):
            user.emailaddress_set.create(email=user.email, verified=True, primary=True)
        organization = Organization.objects.filter(
            status=Organization.Status.PUBLISHED, kind=Organization.Kind.CSO
        ).first()
        if organization is not None:
            Membership.objects.create(user=member, organization=organization, role=Membership.Role.ADMIN)
        return staff, member
