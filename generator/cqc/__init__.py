"""CQC's published data: importing a saved API response, and checking the site is up to date."""
