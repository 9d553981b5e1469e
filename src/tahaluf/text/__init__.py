"""Arabic text layer: offset-preserving normalization, sentences and tokens."""
