// Exits at once with status 1: the crash-loop scenario.
process.exit(1);
