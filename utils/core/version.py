"""The course package's version, written into every submission and answers export."""
VERSION = "0.1.0"
