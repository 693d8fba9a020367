"""The rota engine: CP-SAT model of the legevakt rules, independent checker, result file.

No Qt and no pandas here: the engine takes the plain types of :mod:`solver.problem`.
"""
