"""The front door `/`: what the product is, and the way to the catalogue and to the studio."""
