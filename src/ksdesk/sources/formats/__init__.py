"""Loaders for published list formats that the screening package does not read itself."""
