"""Administrative units, their successions and boundaries: the geography every app scopes by."""
