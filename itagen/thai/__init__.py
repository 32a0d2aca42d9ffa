"""Thai language helpers: dates and numerals, text repair and slugs."""
