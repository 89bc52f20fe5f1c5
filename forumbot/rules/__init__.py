"""Pure rules: what is on now and next, what changed, which feedback and questions are due
or allowed, filters, search matching. Domain objects in, decisions out: no I/O, no store."""
