"""The command line: ``python -m bot COMMAND``, Pywikibot-style options, one module per command."""
