"""Report writers: one module per format, each with `write(results, dest)`."""
