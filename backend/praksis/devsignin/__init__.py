"""Sign-in for the SPA: its configuration and the development sign-in."""
