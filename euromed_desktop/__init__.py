"""EUROMED Desktop: offline companion for regional dialogue meetings on migration."""

# The one place the version is written (the package build reads it from here); a constant,
# because asking the installed metadata for it costs the app's start-up tens of milliseconds.
__version__ = "0.1.0"
