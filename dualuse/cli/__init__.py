"""The ``dualuse`` command line. Each sub-module registers its own commands."""
