"""Press files: PDF/X-4 finishing, preflight, independent rendering and soft proofs."""
