"""Small real data sets shipped with the course (see README.md)."""
