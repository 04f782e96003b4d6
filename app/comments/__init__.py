"""The conversation on a proposal: comments, pinned regions of proof pages, threads."""
