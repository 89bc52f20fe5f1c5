"""Infrastructure every layer may use: the clock, the settings, time helpers, the catalogs."""
