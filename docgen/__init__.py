"""docgen: refund, complaint and dispute letters from one case file."""

__version__ = "0.1.0"
