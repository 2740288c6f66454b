"""The programme: capital plans and their decisions, payments against them, and the disbursement figures."""
