"""The education admin: a trainer's status is decided by the actions, which tell the trainer."""

import pytest
from django.urls import reverse

from spona.learning.models import Trainer
from tests.admin_forms import admin_change_data
from tests.learning.factories import TrainerFactory

pytestmark = pytest.mark.django_db


def test_a_trainers_status_is_decided_by_the_actions_only(client, staff_user, member_user, mail):
    trainer = TrainerFactory(user=member_user, status=Trainer.Status.APPLIED)
    client.force_login(staff_user)
    url = reverse("admin:learning_trainer_change", args=[trainer.pk])
    assert "status" not in client.get(url).context["adminform"].form.fields
    client.post(url, {**admin_change_data(client.get(url)), "status": "accepted"})
    assert Trainer.objects.get(pk=trainer.pk).status == Trainer.Status.APPLIED

    with mail.committing():
        client.post(
            reverse("admin:learning_trainer_changelist"), {"action": "accept", "_selected_action": [trainer.pk]}
        )

    assert Trainer.objects.get(pk=trainer.pk).status == Trainer.Status.ACCEPTED
    assert mail.recipients == [[member_user.email]]
