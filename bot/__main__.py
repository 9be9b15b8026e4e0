"""``python -m bot`` and the ``partnerships-bot`` console script."""

from bot.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
