"""Message catalogs (a package so it installs with docgen)."""
