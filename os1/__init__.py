"""OS1: a personal AI companion that runs on your own machine."""

__version__ = "0.1.0"
