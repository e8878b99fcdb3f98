"""Writers: the document tree as .docx, .pdf or text."""
