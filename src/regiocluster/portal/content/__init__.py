"""Content: news, public documents and static pages, in Russian and English."""
