"""The audit scripts' wiring: reading their inputs, ``-fix``, and the six script declarations."""
