"""Development tools (evaluation on third-party pages); not part of the installed package."""
