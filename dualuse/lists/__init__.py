"""The life of a list: the shipped snapshot, updates from the publishers, deltas."""
