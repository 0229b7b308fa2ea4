"""What a notebook shows as a whole: a lesson page (homework builds on it)."""
