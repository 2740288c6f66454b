"""The `povmis` sub-commands, one module each; each is a thin shell over a core or app service."""
