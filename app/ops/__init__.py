"""What an operator looks at: metrics of the running service."""
