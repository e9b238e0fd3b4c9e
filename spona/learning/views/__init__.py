"""Pages of education: the public catalogue, self-service registration, and session management."""
