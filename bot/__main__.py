"""`python -m bot` is the same as the `faqbot` console script."""

from bot.cli import main

raise SystemExit(main())
