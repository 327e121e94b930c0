"""briefing: daily bilingual (Arabic/English) conflict briefings as a static site and PDFs."""

__version__ = "0.1.0"
