"""PovMIS: find poor households, support them, spend the programme's money, and watch poverty fall."""

__version__ = "0.1.0"
