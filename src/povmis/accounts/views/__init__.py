"""The accounts' pages: an administrator's users and roles, and everyone's own API tokens."""
