"""Legevakt: build fair duty rotas for a Norwegian legevakt district."""

__version__ = "0.1.0"
