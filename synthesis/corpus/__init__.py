"""The corpus: studies, sources and their segmentation, stored as plain files."""
