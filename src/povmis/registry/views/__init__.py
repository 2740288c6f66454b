"""The registry's pages: the review season, households, imports, applications, the work list and the logs."""
