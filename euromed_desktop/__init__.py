"""EUROMED Desktop: offline companion for regional dialogue meetings on migration."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("euromed-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
