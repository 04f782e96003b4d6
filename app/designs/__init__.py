"""Design data read from the designs folder (formats, themes, perforation gauges): plain values
that every domain may import, and that import no domain."""
