"""The lifecircle Processing provider: one algorithm per program command."""

from qgis.core import QgsProcessingProvider

from .algorithms import ALGORITHMS
from .program import find_program


class LifecircleProvider(QgsProcessingProvider):
    def id(self):
        return "lifecircle"

    def name(self):
        return "lifecircle 生活圈"

    def longName(self):  # noqa: N802 - QGIS' name
        program = find_program()
        return f"lifecircle 生活圈 ({program or 'program not found: set LIFECIRCLE_PROGRAM or put lifecircle on PATH'})"

    def loadAlgorithms(self):  # noqa: N802 - QGIS' name
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
