"""Person- and household-level statuses beside the household's class: their rules as data, and their evaluator.

A status (an agricultural household with an average living standard, a low-income worker) is held or not
whatever the household's class: it has its own rule file under ``statuses/``, its own inputs and its own
applications, and is never folded into the classification.
"""

from povmis.core.statuses.evaluate import MissingInputError, evaluate, holders
from povmis.core.statuses.rule import StatusRule, load_status, rules_in_force, status_rules

__all__ = ["MissingInputError", "StatusRule", "evaluate", "holders", "load_status", "rules_in_force", "status_rules"]
