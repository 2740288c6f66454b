"""A synthetic Đắk Lắk: households and members whose classification reproduces the published figures."""
