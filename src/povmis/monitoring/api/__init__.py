"""The monitoring's API routes: figures, standards compared, forecasts and the what-if."""
