"""Orchestration: the services opened whole, the planner's tick, the programme's URL, the
import and check command line. Uses the rules, the store, the renderers and the delivery
engine; knows nothing of telegram.ext."""
