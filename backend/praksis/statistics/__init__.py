"""Statistics: aggregate figures for a municipality (HR, leaders) and for partners; no
person, no name, no free text.

Every measure is declared once in ``statistics.registry``, whose docstring says how to add
one. ``reference`` computes them with plain GROUP BYs (or from the tallies), ``tallies`` keeps
them: ``aggregates`` records what each write touched, ``folding`` folds it in off the writer's
path. ``service`` (with ``scope_reads``) and ``partner_service`` read them for the two views,
``cellkey`` perturbs what partners see.
"""
