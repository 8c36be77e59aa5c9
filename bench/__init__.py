"""Benchmarks and evaluation runners (`make bench`, `make eval`)."""
