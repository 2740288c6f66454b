"""The template filters every app's pages use (numbers, rates and labels in the reader's language)."""
