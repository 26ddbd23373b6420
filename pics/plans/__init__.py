"""Signed test plans: the plan PDF, its signature, the background jobs that make
them, and the verification of a signed file."""
