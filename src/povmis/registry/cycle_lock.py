"""One writer at a time per review cycle: imports, classifications and stage moves queue on the cycle's row.

A classification that read the registry while an import was landing stored classes of answers that
were no longer the registry's, and two commits of one file both decided their households were new.
Each of them therefore runs inside ``transaction.atomic`` after :func:`lock_cycle`, and decides (plans,
reads) only once it holds the lock, so what it reads is what it writes against, and whatever writes
after it has a later time stamp than its own.

PostgreSQL: ``SELECT ... FOR UPDATE`` on the cycle's row; the second writer waits until the first
commits or rolls back (a dying connection's transaction included). SQLite locks the whole database,
not rows, and takes its write lock only at the first write: a no-op UPDATE of the row takes it at once,
so the reads that follow are a snapshot no other writer can change before this one commits.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from povmis.errors import CycleClosed
from povmis.registry.models import ReviewCycle


def lock_cycle(cycle_id: int) -> ReviewCycle:
    """The cycle, locked against other writers until the surrounding transaction ends; refused if closed."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_cycle needs a surrounding transaction.atomic block")
    if connection.vendor == "sqlite":
        # A column no key or index holds: setting the primary key, even to itself, has SQLite count the
        # cycle's rows in every table that refers to it (2 s on a province's review, at each lock).
        ReviewCycle.objects.filter(pk=cycle_id).update(also_asks=F("also_asks"))
    locked = ReviewCycle.objects.select_for_update().get(pk=cycle_id)
    if locked.is_closed:
        raise CycleClosed(_("the %(year)s review is closed and cannot be changed"), year=locked.year)
    return locked
