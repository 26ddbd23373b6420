"""Submissions and lab review: the states and their moves (services), the lab
queue and submission pages, comments, the revision diff and the notifications."""
