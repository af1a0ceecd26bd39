"""The confidence model's fit: a logistic regression (L2, Newton's method: a dozen weights need
no library), and each case's confidences from a model fitted in 5-fold cross-validation without it.

Apart from `bot/understanding/calibration.py` because it is arithmetic on rows of features and
their labels; it never runs the matcher, and its tests fit it on made-up rows.
"""

from __future__ import annotations

import math
import random

from bot.understanding.calibration_cases import Case
from bot.understanding.confidence import FEATURES, ConfidenceModel

FOLDS = 5
L2 = 0.05


def fit(rows: list[list[float]], labels: list[int], l2: float = L2) -> tuple[list[float], float]:
    """Logistic regression by Newton's method; the intercept is not penalised."""
    width = len(FEATURES) + 1
    weights = [0.0] * width
    data = [[1.0, *row] for row in rows]
    for _ in range(30):
        gradient = [-l2 * w if i else 0.0 for i, w in enumerate(weights)]
        hessian = [[(l2 if i == j and i else 0.0) for j in range(width)] for i in range(width)]
        for x, y in zip(data, labels, strict=True):
            z = sum(w * v for w, v in zip(weights, x, strict=True))
            p = 1 / (1 + math.exp(-max(-40.0, min(40.0, z))))
            for i in range(width):
                gradient[i] += (y - p) * x[i]
                for j in range(i, width):
                    hessian[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(width):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
        step = _solve(hessian, gradient)
        weights = [w + s for w, s in zip(weights, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return weights[1:], weights[0]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrix is small and well-conditioned)."""
    size = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, size):
            factor = a[r][col] / a[col][col]
            for c in range(col, size + 1):
                a[r][c] -= factor * a[col][c]
    solution = [0.0] * size
    for r in range(size - 1, -1, -1):
        solution[r] = (a[r][size] - sum(a[r][c] * solution[c] for c in range(r + 1, size))) / a[r][r]
    return solution


def out_of_fold(found: list[Case], folds: int = FOLDS, seed: int = 7) -> list[list[float]]:
    """Each case's candidate confidences from a model fitted without that case."""
    order = list(range(len(found)))
    random.Random(seed).shuffle(order)
    result: list[list[float]] = [[] for _ in found]
    for fold in range(folds):
        held = set(order[fold::folds])
        rows = [row for i, case in enumerate(found) if i not in held for row in case.rows]
        labels = [y for i, case in enumerate(found) if i not in held for y in case.labels]
        weights, bias = fit(rows, labels)
        model = ConfidenceModel(tuple(weights), bias)
        for i in held:
            result[i] = [
                min(cap, model.probability(row))
                for row, cap in zip(found[i].rows, found[i].ceilings, strict=True)
            ]
    return result
