# why: the solution notebook itself, submitted as a student would
