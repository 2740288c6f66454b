"""A review's questionnaire when it asks, beside its standard's questions, those of a further standard.

The end-2026 review is classified under vn-2022-2025 (its lists) and under vn-2027-2030 (to see the
change coming), so its survey also asks the new standard's questions (digital services, waste,
monthly social benefits). The import checks and stores those answers with the others; the official
classification reads only its own standard's, whose indicators and classes this leaves as they are.

>>> from povmis.core.standard import load_standard
>>> own = load_standard("vn-2022-2025")
>>> asked = asking_too(own, [load_standard("vn-2027-2030")])
>>> [q.id for q in asked.questionnaire.household][-2:], asked.id, asked.indicators == own.indicators
(['uses_digital_services', 'waste_disposal'], 'vn-2022-2025', True)
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from povmis.core.standard import Standard, parse_standard


def asking_too(standard: Standard, further: Sequence[Standard]) -> Standard:
    """``standard`` with the questions of ``further`` it does not ask appended to its questionnaire."""
    if not further:
        return standard
    document = copy.deepcopy(standard.document)
    for table in ("household", "member"):
        questions = document["questionnaire"][table]
        known = {question["id"] for question in questions}
        for other in further:
            for question in other.document["questionnaire"][table]:
                if question["id"] not in known:
                    questions.append(copy.deepcopy(question))
                    known.add(question["id"])
    return parse_standard(document, standard.path, standard.content_hash)
