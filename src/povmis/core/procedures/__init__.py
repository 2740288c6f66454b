"""The review's procedures as data: deadlines of the regular review, the reporting calendar, the list in force."""
