"""The REST API (django-ninja): one router module per concern, assembled in :mod:`povmis.api.main`."""
