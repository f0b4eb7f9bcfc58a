"""Sentiment lexicons shipped with Warroom (Malay/Indonesian); see README.md here."""
