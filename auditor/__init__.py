"""auditor: an accessibility compliance auditor for published articles."""
__version__ = "0.1.0"
