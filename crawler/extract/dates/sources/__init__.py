"""Where a page states its dates: one module per family of sources."""
