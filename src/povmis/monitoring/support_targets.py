"""The province's support promises (targets/support/*.yaml) as tracked targets on the monitoring pages.

The same judged targets as the support overview (support.queries.promises, over the stored counts),
each inside the unit the page is about, with a link to the households still missed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from povmis.accounts.scoping import AnyUser
from povmis.monitoring.focus import Focus
from povmis.support import queries


def support_promises(user: AnyUser, focus: Focus) -> list[dict[str, Any]]:
    """Each plan with its targets' coverage and result inside ``focus``, or ``rows`` None before its review."""
    plans = []
    for plan, judged in queries.promises(user, focus.path):
        rows = None if judged is None else queries.target_rows(plan, judged)
        for row in rows or []:
            query = urlencode({"year": plan.year, "unit": focus.path})
            row["missed_url"] = reverse("support:missed", args=[row["policy"]]) + f"?{query}"
        plans.append({"plan": plan, "rows": rows})
    return plans
