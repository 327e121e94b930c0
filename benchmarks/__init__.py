"""Performance benchmark: briefing against Pelican and Hugo (see README.md here)."""
