"""Many plain rows at once: COPY on PostgreSQL, one INSERT statement on SQLite; constraints hold either way."""

import pytest
from django.db import IntegrityError, transaction

from spona.calls.models import AlertDelivery, AlertDigest
from spona.core.bulk_rows import insert_rows
from tests.calls.factories import CallFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COLUMNS = ("user_id", "call_id", "digest_id")


def _digest(user) -> AlertDigest:
    return AlertDigest.objects.create(user=user, recipient=user.email, subject="s", body="b")


def test_rows_are_inserted_as_given():
    users, calls = [UserFactory(), UserFactory()], [CallFactory(), CallFactory(), CallFactory()]
    digests = {user.pk: _digest(user) for user in users}
    rows = [(user.pk, call.pk, digests[user.pk].pk) for user in users for call in calls]
    assert insert_rows(AlertDelivery._meta.db_table, COLUMNS, rows) == 6
    assert set(AlertDelivery.objects.values_list(*COLUMNS)) == set(rows)


def test_no_rows_write_nothing():
    assert insert_rows(AlertDelivery._meta.db_table, COLUMNS, []) == 0
    assert not AlertDelivery.objects.exists()


def test_a_duplicate_raises_integrity_error_and_the_transaction_keeps_nothing():
    user, call = UserFactory(), CallFactory()
    digest = _digest(user)
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(AlertDelivery._meta.db_table, COLUMNS, [(user.pk, call.pk, digest.pk)] * 2)
    assert not AlertDelivery.objects.exists()
    insert_rows(AlertDelivery._meta.db_table, COLUMNS, [(user.pk, call.pk, digest.pk)])  # the connection is usable
    assert AlertDelivery.objects.count() == 1
