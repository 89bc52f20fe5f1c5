"""Pure renderers: domain objects in, (HTML text, keyboard) out; every outside string escaped."""
