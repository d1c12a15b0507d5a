"""The official sources the desk keeps current: catalogue, downloads, checks and versions."""
