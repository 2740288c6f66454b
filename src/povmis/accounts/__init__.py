"""Users, their roles and the area each role may see."""
