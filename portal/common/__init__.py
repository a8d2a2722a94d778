"""Pieces shared by the portal apps' faces (not an app): scoped admin viewsets and
spreadsheet responses."""
