"""Statistics: aggregate figures for a municipality (HR, leaders) and for partners; no
person, no name, no free text.

Every measure is declared once in ``statistics.registry``, whose docstring says how to add
one. ``reference`` computes them with plain GROUP BYs (or from the tallies), ``tallies`` keeps
them (folded in off the writer's path, ``folding``), ``service`` and ``partner_service`` read
them for the two views, ``cellkey`` perturbs what partners see.
"""
