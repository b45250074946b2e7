"""The application layer: one module per journey; each public function is one use case
inside one unit of work (`with repos.transaction():`): it asks the domain whether the step
is allowed, saves through the storage contract, records the audit line and refreshes the
summaries oversight reads. Each page's reads come from here too (the web never asks the
store itself). The web views, the command line, the demo and the bench call
these functions; none of them is imported from here."""
