"""Report sections; every module here registers one or more sections."""
