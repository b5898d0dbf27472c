"""Pure logic behind the MkDocs hooks in hooks/ (no MkDocs imports, testable on its own)."""
