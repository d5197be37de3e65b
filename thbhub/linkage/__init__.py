"""Privacy-preserving record linkage of victim registers.

Pure Python and numpy, no Django: the encoder runs on a statistician's
laptop with no database, no server and no configuration.
"""


class LinkageError(Exception):
    """Bad input or a refused operation; the message says where and how to fix it."""
