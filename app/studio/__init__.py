"""The studio: staff web pages under /studio, calling the same workflow steps as the JSON API."""
