"""The letter templates, terms and base .docx (a package so it installs with docgen)."""
