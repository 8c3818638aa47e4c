# Install/export rules (filled in with the package issue slice).
