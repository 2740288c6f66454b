"""Exports of the annual review: the official report tables as XLSX and a PDF summary for the steering committee."""
