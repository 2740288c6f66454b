"""The annual review's pages: cycle progress, imports, households, corrections and printable lists."""
