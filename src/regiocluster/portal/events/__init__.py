"""Events: the thematic forum and the suppliers' conference with B2B meetings."""
